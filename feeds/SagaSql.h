#pragma once

#include "Saga.h"
#include "SagaFilter.h"

#include <optional>
#include <string>
#include <vector>

namespace sagadeck {

// SQL text and its parameters ($1, $2, ...), all passed as text and cast in the SQL.
struct SqlStatement
{
    std::string text;
    std::vector<std::string> params;
};

// Builds the saga queries from a filter. Pure: no connection, so it is unit-tested. Every
// statement is parameterised; identifiers (table names from the profile) are quoted here.
class SagaSql
{
public:
    SagaSql(const QString &instancesTable, const QString &stepsTable);

    // The columns every row query selects, in the order parseRow() in the feed reads them.
    static const char *rowColumns();

    SqlStatement count(const SagaFilter &filter) const;
    // One page in the filter's order: skips `skip` rows, counted from just after `after`
    // (a keyset) when given, else from the start.
    SqlStatement page(const SagaFilter &filter, int limit, int skip,
                      const std::optional<SagaRow> &after = std::nullopt) const;
    // Every `spacing`-th row in the filter's order (positions spacing-1, 2*spacing-1, ...):
    // keyset starting points that turn a jump deep into the table into a short OFFSET.
    SqlStatement anchors(const SagaFilter &filter, int spacing) const;
    SqlStatement byIds(const std::vector<QUuid> &ids) const;
    // Rows changed after (updatedAtUs, id), oldest first: the polling cursor.
    SqlStatement changedSince(qint64 updatedAtUs, const QUuid &id, int limit) const;
    SqlStatement detail(const QUuid &id) const;
    SqlStatement steps(const QUuid &id) const;
    SqlStatement countsByStatusAndType() const;
    SqlStatement throughput(int windowMinutes) const;
    SqlStatement stuck(int stuckAfterS, int limit) const;
    // Database time in microseconds and the newest row: where the polling cursor starts.
    SqlStatement cursorStart() const;

    static std::string quoteIdentifier(const QString &name);

private:
    std::string m_instances;
    std::string m_steps;
};

// '{A,B}' for a text[] parameter of known-safe words (our status names).
std::string textArrayLiteral(const QStringList &words);

} // namespace sagadeck
