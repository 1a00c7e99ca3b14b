#pragma once

#include "Saga.h"

#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

namespace sagadeck {

// The saga table's columns, in display order. Sorting happens in SQL on these.
enum class SagaColumn
{
    Id,
    Type,
    Status,
    CurrentStep,
    Attempt,
    LastError,
    CreatedAt,
    UpdatedAt
};
inline constexpr int sagaColumnCount = 8;

QString sagaColumnTitle(SagaColumn column);

// What the operator asked to see. Applied by the database, never by filtering rows here.
struct SagaFilter
{
    QVector<SagaStatus> statuses; // empty: every status
    QString type;                 // exact saga_type, empty: any
    QString step;                 // exact current_step, empty: any
    QDateTime updatedFrom;        // invalid: unbounded
    QDateTime updatedTo;          // invalid: unbounded
    QString search;               // a saga id (or its prefix) or text in last_error
    SagaColumn sortColumn = SagaColumn::UpdatedAt;
    Qt::SortOrder sortOrder = Qt::DescendingOrder;

    bool isEmpty() const;
    // One line for people: "status FAILED, type order-fulfillment, newest first".
    QString describe() const;

    friend bool operator==(const SagaFilter &a, const SagaFilter &b)
    {
        return a.statuses == b.statuses && a.type == b.type && a.step == b.step && a.updatedFrom == b.updatedFrom
            && a.updatedTo == b.updatedTo && a.search == b.search && a.sortColumn == b.sortColumn
            && a.sortOrder == b.sortOrder;
    }
    friend bool operator!=(const SagaFilter &a, const SagaFilter &b) { return !(a == b); }

    // Whether `row` belongs in this filter's result (used to place live changes). A row does not
    // carry its payload, so a search that may have matched a business key cannot be decided
    // here: a `shown` row keeps its place (its keys do not change), any other is left out until
    // the next reload.
    bool matches(const SagaRow &row, bool shown = false) const;
};

// A request for one page of the saga table. `generation` identifies the model's filter at the
// time: answers for an older generation are dropped by the model.
struct SagaPageRequest
{
    quint64 generation = 0;
    SagaFilter filter;
    int offset = 0; // the page's first row: what the answer is filed under
    int limit = 200;
    std::optional<SagaRow> after; // keyset: start just after this row (a neighbour or anchor)
    int skip = 0;                 // rows to skip from there (from the start without `after`)
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SagaFilter)
Q_DECLARE_METATYPE(sagadeck::SagaPageRequest)
