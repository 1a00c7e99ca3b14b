#include "BackendSignalWorker.h"

#include "PgRows.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace sagadeck {

BackendSignalWorker::BackendSignalWorker(const PostgresSettings &settings, const PostgresSettings &operatorSettings,
                                         QObject *parent)
    : PostgresQueryWorker(settings, parent)
    , m_operatorSettings(operatorSettings)
    , m_operator(operatorSettings)
{}

BackendSignalWorker::~BackendSignalWorker() = default;

void BackendSignalWorker::registerMetaTypes()
{
    qRegisterMetaType<BackendLookup>();
    qRegisterMetaType<RequestOutcome>();
}

void BackendSignalWorker::onStop()
{
    PostgresQueryWorker::onStop();
    m_operator.close();
}

SqlStatement BackendSignalWorker::lookupStatement(int pid)
{
    // The reader's own pid and database come in the same row, with or without the backend.
    return {"SELECT pg_backend_pid(), current_database()::text, "
            "(extract(epoch FROM statement_timestamp()) * 1000000)::bigint, a.pid, "
            "coalesce(a.usename::text, ''), coalesce(a.application_name, ''), coalesce(host(a.client_addr), ''), "
            "coalesce(a.state, ''), coalesce(a.backend_type, ''), "
            "coalesce(a.wait_event_type || ':' || a.wait_event, ''), left(coalesce(a.query, ''), $2::int), "
            "length(coalesce(a.query, '')), "
            "CASE WHEN a.query_start IS NULL THEN -1 "
            "ELSE greatest(extract(epoch FROM statement_timestamp() - a.query_start), 0) END::float8, "
            "coalesce((extract(epoch FROM a.query_start) * 1000000)::bigint, 0), "
            "coalesce((extract(epoch FROM a.backend_start) * 1000000)::bigint, 0), "
            "coalesce((extract(epoch FROM a.xact_start) * 1000000)::bigint, 0), coalesce(a.datname::text, '') "
            "FROM (SELECT 1) one LEFT JOIN pg_stat_activity a ON a.pid = $1::int",
            {std::to_string(pid), std::to_string(DatabaseActivity::queryTextChars)}};
}

SqlStatement BackendSignalWorker::signalStatement(int pid, bool terminate, qint64 backendStartUs, qint64 queryStartUs)
{
    // One statement: the pid is signalled only while it is the backend (and, for a cancel, the
    // query) the operator confirmed. The first column says whether it still was.
    const std::string call = terminate ? "pg_terminate_backend($1::int)" : "pg_cancel_backend($1::int)";
    return {"SELECT a.pid IS NOT NULL, CASE WHEN a.pid IS NULL THEN NULL ELSE " + call
                + " END FROM (SELECT 1) one LEFT JOIN pg_stat_activity a ON a.pid = $1::int "
                  "AND (extract(epoch FROM a.backend_start) * 1000000)::bigint = $2::bigint "
                  "AND ($3::bigint = 0 OR (extract(epoch FROM a.query_start) * 1000000)::bigint = $3::bigint)",
            {std::to_string(pid), std::to_string(backendStartUs), std::to_string(queryStartUs)}};
}

void BackendSignalWorker::readBackend(const QString &requestId, int pid)
{
    BackendLookup l;
    const auto error = read([&](PostgresConnection::Reader &r) {
        const auto rows = r.run(lookupStatement(pid));
        const auto row = rows[0];
        l.readerPid = row[0].as<int>();
        l.watchedDatabase = pg::text(row[1]);
        l.at = pg::fromMicros(pg::micros(row[2]));
        l.found = !row[3].is_null();
        if (!l.found)
            return;
        RunningQuery &q = l.backend;
        q.pid = row[3].as<int>();
        q.user = pg::text(row[4]);
        q.application = pg::text(row[5]);
        q.clientAddr = pg::text(row[6]);
        q.state = pg::text(row[7]);
        q.backendType = pg::text(row[8]);
        q.waitEvent = pg::text(row[9]);
        q.query = pg::text(row[10]);
        q.queryChars = row[11].as<int>();
        q.runningS = row[12].as<double>();
        q.queryStartUs = pg::micros(row[13]);
        q.backendStartUs = pg::micros(row[14]);
        q.xactStartUs = pg::micros(row[15]);
        l.database = pg::text(row[16]);
    });
    if (error)
        l.error = *error;
    emit backendRead(requestId, l);
}

void BackendSignalWorker::signalBackend(const QString &requestId, int pid, bool terminate, qint64 backendStartUs,
                                        qint64 queryStartUs)
{
    const QString verb = terminate ? u"terminate"_s : u"cancel"_s;
    if (m_operatorSettings.conninfo.isEmpty()) {
        emit signalled(requestId,
                       RequestOutcome::refused(u"no operator connection: set postgres.operator_conninfo to a role "
                                               u"with pg_signal_backend"_s));
        return;
    }
    if (QThread::currentThread()->isInterruptionRequested()) {
        emit signalled(requestId, RequestOutcome::refused(u"stopping: the session has ended"_s));
        return;
    }
    if (!m_operator.isOpen())
        if (const auto openError = m_operator.open()) {
            // Never reached the server's signal: nothing happened, and trying again may help.
            emit signalled(requestId,
                           RequestOutcome::failed(u"cannot connect as the operator role: "_s + *openError, 0, true));
            return;
        }
    bool present = false;
    bool signalledOk = false;
    const auto failure = m_operator.read([&](PostgresConnection::Reader &r) {
        const auto rows = r.run(signalStatement(pid, terminate, backendStartUs, queryStartUs));
        present = rows[0][0].as<bool>();
        signalledOk = present && !rows[0][1].is_null() && rows[0][1].as<bool>();
    });
    if (failure) {
        if (failure->connectionLost) // the call may have reached the server: check, never assume
            emit signalled(requestId,
                           RequestOutcome::unknown(u"the operator connection was lost: "_s + failure->reason, 0, true));
        else if (failure->reason.contains(u"permission denied"_s) || failure->reason.contains(u"must be a"_s))
            emit signalled(
                requestId,
                RequestOutcome::failed(u"Postgres refused to %1 pid %2: %3 (the operator role needs "
                                       u"pg_signal_backend, and cannot signal a superuser's backend)"_s.arg(verb)
                                           .arg(pid)
                                           .arg(failure->reason)));
        else
            emit signalled(requestId, RequestOutcome::failed(failure->reason));
        return;
    }
    if (!present) {
        emit signalled(requestId,
                       RequestOutcome::refused(
                           terminate ? u"pid %1 is no longer the backend the preview showed (it ended or the pid "
                                       u"was reused, or the operator role cannot see its start: it needs "
                                       u"pg_read_all_stats); nothing was signalled"_s.arg(pid)
                                     : u"pid %1 no longer runs the query the preview showed (it ended, or the "
                                       u"operator role cannot see it: it needs pg_read_all_stats); nothing was "
                                       u"signalled"_s.arg(pid)));
        return;
    }
    if (!signalledOk) {
        emit signalled(requestId,
                       RequestOutcome::failed(u"Postgres did not signal pid %1 (pg_%2_backend returned false: "
                                              u"it is not a backend any more)"_s.arg(pid)
                                                  .arg(terminate ? u"terminate"_s : u"cancel"_s)));
        return;
    }
    emit signalled(requestId, RequestOutcome::accepted(0));
}

} // namespace sagadeck
