#pragma once

#include "BusinessKey.h"
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
    // `keys`: the profile's business keys, searchable as "name:value" (and by a bare value).
    SagaSql(const QString &instancesTable, const QString &stepsTable, const QVector<BusinessKey> &keys = {});

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
    // Text a table row or the detail pane carries at most, unless the operator asks for all.
    static constexpr int kRowErrorCap = 1000;
    static constexpr int kDetailTextCap = 256 * 1024;
    // `whole`: the payload and errors uncut ("Load all").
    SqlStatement detail(const QUuid &id, bool whole = false) const;
    SqlStatement steps(const QUuid &id, bool whole = false) const;
    // Live sagas (STARTED, IN_PROGRESS, COMPENSATING) by status and type: through the status
    // index, never the whole table.
    SqlStatement liveCounts() const;
    // Finished sagas (COMPLETED, FAILED, COMPENSATED) updated in the last `windowMinutes`, by
    // status and type, and the window's start (microseconds): the (status, updated_at) index.
    SqlStatement finishedCounts(int windowMinutes) const;
    // The planner's estimate of the table's rows (pg_class.reltuples; -1 before the first
    // ANALYZE or VACUUM): no scan at all.
    SqlStatement totalEstimate() const;
    // The start (microseconds) of the oldest transaction other roles hold open in this
    // database, how many more are open with a start this role may not see, and the database's
    // time: where the polling cursor must read from (ChangeCursor).
    SqlStatement openTransactions() const;
    SqlStatement throughput(int windowMinutes) const;
    SqlStatement stuck(int stuckAfterS, int limit) const;

    static std::string quoteIdentifier(const QString &name);
    // payload #>> '{order,id}': the expression a key is searched by, and indexed by.
    static std::string payloadKeyExpression(const BusinessKey &key);

private:
    // Appends the filter's WHERE conditions; parameters continue from params.size() + 1.
    void appendWhere(const SagaFilter &f, std::string &sql, std::vector<std::string> &params) const;

    std::string m_instances;
    std::string m_steps;
    QVector<BusinessKey> m_keys;
};

// '{A,B}' for a text[] parameter of known-safe words (our status names).
std::string textArrayLiteral(const QStringList &words);

} // namespace sagadeck
