#include "InvestigationQueryWorker.h"

#include "PgRows.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

InvestigationQueryWorker::InvestigationQueryWorker(const PostgresSettings &settings, QObject *parent)
    : PostgresQueryWorker(settings, parent)
{}

void InvestigationQueryWorker::registerMetaTypes()
{
    qRegisterMetaType<PgActivity>();
    qRegisterMetaType<FailedSagas>();
}

SqlStatement InvestigationQueryWorker::maxConnectionsStatement()
{
    return {"SELECT current_setting('max_connections')::int, "
            "(extract(epoch FROM now()) * 1000000)::bigint",
            {}};
}

SqlStatement InvestigationQueryWorker::activityStatement()
{
    // Client backends only (datname set): what counts against max_connections for the
    // applications. Our own connection is one of them and is counted, as psql would count it.
    // One row per state with its count; the longest non-idle queries come from the same scan.
    return {"SELECT 's' AS kind, coalesce(state, 'unknown'), count(*)::int, 0, NULL::text, 0::float8, NULL::text "
            "FROM pg_stat_activity WHERE datname IS NOT NULL GROUP BY 2 "
            "UNION ALL "
            "SELECT * FROM (SELECT 'q', coalesce(state, 'unknown'), 0, pid, usename::text, "
            "greatest(extract(epoch FROM now() - query_start), 0)::float8, left(query, $1::int) "
            "FROM pg_stat_activity WHERE datname IS NOT NULL AND state IS DISTINCT FROM 'idle' "
            "AND query_start IS NOT NULL AND pid <> pg_backend_pid() "
            "ORDER BY now() - query_start DESC LIMIT $2::int) longest",
            {std::to_string(queryTextChars), std::to_string(longestQueries)}};
}

void InvestigationQueryWorker::fetchActivity(quint64 requestId)
{
    PgActivity a;
    const auto error = read([&](PostgresConnection::Reader &r) {
        const auto head = r.run(maxConnectionsStatement());
        a.maxConnections = head[0][0].as<int>();
        a.at = pg::fromMicros(pg::micros(head[0][1]));
        for (const auto &row : r.run(activityStatement())) {
            if (pg::text(row[0]) == u"s"_s) {
                const int n = row[2].as<int>();
                a.byState.insert(pg::text(row[1]), n);
                a.total += n;
                continue;
            }
            PgBackend b;
            b.state = pg::text(row[1]);
            b.pid = row[3].as<int>();
            b.user = pg::text(row[4]);
            b.durationS = row[5].is_null() ? 0 : row[5].as<double>();
            b.query = pg::text(row[6]).simplified();
            a.longest.append(b);
        }
        // A UNION keeps no order: longest first here.
        std::sort(a.longest.begin(), a.longest.end(),
                  [](const PgBackend &x, const PgBackend &y) { return x.durationS > y.durationS; });
    });
    if (error)
        emit activityFailed(requestId, *error);
    else
        emit activityReady(requestId, a);
}

void InvestigationQueryWorker::fetchFailedSagas(quint64 requestId)
{
    FailedSagas f;
    SagaFilter filter;
    filter.statuses = {SagaStatus::Failed, SagaStatus::Compensated};
    const auto error = read([&](PostgresConnection::Reader &r) {
        for (const auto &row : r.run(m_sql.page(filter, failedSagaRows, 0)))
            f.rows.append(pg::sagaRow(row));
    });
    f.at = QDateTime::currentDateTimeUtc();
    if (error)
        emit failedSagasFailed(requestId, *error);
    else
        emit failedSagasReady(requestId, f);
}

} // namespace sagadeck
