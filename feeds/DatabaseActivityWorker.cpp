#include "DatabaseActivityWorker.h"

#include "PgRows.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString quotedIdentifier(const QString &name)
{
    QString out = name;
    out.replace(u"\""_s, u"\"\""_s);
    return u"\""_s + out + u"\""_s;
}

} // namespace

DatabaseActivityWorker::DatabaseActivityWorker(const PostgresSettings &settings, QObject *parent)
    : PostgresQueryWorker(settings, parent)
{}

void DatabaseActivityWorker::registerMetaTypes()
{
    qRegisterMetaType<DatabaseActivity>();
}

SqlStatement DatabaseActivityWorker::headStatement()
{
    // The database, its time, whether the library is loaded (its settings exist only then; reading
    // shared_preload_libraries needs pg_read_all_settings), and the extension's schema (NULL: not
    // created in this database).
    return {"SELECT current_database()::text, (extract(epoch FROM statement_timestamp()) * 1000000)::bigint, "
            "current_setting('pg_stat_statements.max', true) IS NOT NULL, "
            "(SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_stat_statements')",
            {}};
}

SqlStatement DatabaseActivityWorker::activityStatement()
{
    // Every non-idle backend of the watched database but the reading session, longest running
    // first. The µs timestamps identify a backend (pid + backend_start) and its query
    // (query_start) for the cancel and terminate actions.
    return {"SELECT pid, coalesce(usename::text, ''), coalesce(application_name, ''), "
            "coalesce(host(client_addr), ''), coalesce(state, ''), coalesce(backend_type, ''), "
            "coalesce(wait_event_type || ':' || wait_event, ''), left(coalesce(query, ''), $1::int), "
            "length(coalesce(query, '')), "
            "CASE WHEN query_start IS NULL THEN -1 "
            "ELSE greatest(extract(epoch FROM statement_timestamp() - query_start), 0) END::float8, "
            "coalesce((extract(epoch FROM query_start) * 1000000)::bigint, 0), "
            "coalesce((extract(epoch FROM backend_start) * 1000000)::bigint, 0), "
            "coalesce((extract(epoch FROM xact_start) * 1000000)::bigint, 0) "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state IS DISTINCT FROM 'idle' ORDER BY query_start ASC NULLS LAST, pid LIMIT $2::int",
            {std::to_string(DatabaseActivity::queryTextChars), std::to_string(maxBackends)}};
}

SqlStatement DatabaseActivityWorker::statementsStatement(const QString &schema, bool byTotal)
{
    const std::string order = byTotal ? "s.total_exec_time DESC" : "s.mean_exec_time DESC";
    return {"SELECT coalesce(s.queryid, 0), coalesce(r.rolname::text, s.userid::text), s.calls, s.rows, "
            "s.mean_exec_time, s.total_exec_time, left(coalesce(s.query, ''), $1::int), "
            "length(coalesce(s.query, '')) FROM "
                + quotedIdentifier(schema).toStdString()
                + ".pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid "
                  "WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                  "ORDER BY "
                + order + ", s.queryid LIMIT $2::int",
            {std::to_string(DatabaseActivity::queryTextChars), std::to_string(DatabaseActivity::statementRows)}};
}

void DatabaseActivityWorker::fetch(quint64 requestId)
{
    DatabaseActivity a;
    bool preloaded = false;
    QString schema;
    const auto error = read([&](PostgresConnection::Reader &r) {
        const auto head = r.run(headStatement());
        a.database = pg::text(head[0][0]);
        a.at = pg::fromMicros(pg::micros(head[0][1]));
        preloaded = head[0][2].as<bool>();
        schema = pg::text(head[0][3]);
        for (const auto &row : r.run(activityStatement())) {
            RunningQuery q;
            q.pid = row[0].as<int>();
            q.user = pg::text(row[1]);
            q.application = pg::text(row[2]);
            q.clientAddr = pg::text(row[3]);
            q.state = pg::text(row[4]);
            q.backendType = pg::text(row[5]);
            q.waitEvent = pg::text(row[6]);
            q.query = pg::text(row[7]);
            q.queryChars = row[8].as<int>();
            q.runningS = row[9].as<double>();
            q.queryStartUs = pg::micros(row[10]);
            q.backendStartUs = pg::micros(row[11]);
            q.xactStartUs = pg::micros(row[12]);
            a.running.append(q);
        }
    });
    if (error) {
        emit activityFailed(requestId, *error);
        return;
    }
    if (!preloaded || schema.isEmpty()) {
        a.statementsProblem = statementsNotInstalledText(a.database, preloaded);
    } else {
        // A transaction of its own: a failure here (no privilege, an old version's columns)
        // leaves the running queries answered.
        const auto statementsError = read([&](PostgresConnection::Reader &r) {
            for (int pass = 0; pass < 2; ++pass) {
                QVector<SlowStatement> &out = pass == 0 ? a.byMean : a.byTotal;
                for (const auto &row : r.run(statementsStatement(schema, pass == 1))) {
                    SlowStatement s;
                    s.queryId = row[0].as<qint64>();
                    s.user = pg::text(row[1]);
                    s.calls = row[2].as<qint64>();
                    s.rows = row[3].as<qint64>();
                    s.meanMs = row[4].as<double>();
                    s.totalMs = row[5].as<double>();
                    s.query = pg::text(row[6]);
                    s.queryChars = row[7].as<int>();
                    out.append(s);
                }
            }
        });
        if (statementsError)
            a.statementsProblem = u"pg_stat_statements could not be read: "_s + *statementsError;
        else
            a.statementsAvailable = true;
    }
    emit activityReady(requestId, a);
}

} // namespace sagadeck
