#pragma once

#include "DatabaseActivity.h"
#include "PostgresQueryWorker.h"

namespace sagadeck {

// Answers the Database page's questions over a connection of its own (the console's read-only
// role): the watched database's non-idle backends from pg_stat_activity, and pg_stat_statements'
// top statements by mean and by total time. When the extension cannot be read, the answer says
// why and how to install it (statementsProblem); the running queries are still answered.
//
// Threading: lives on its own thread ("database-activity"), slots called queued; answers are
// value snapshots carrying the request id. A failure is answered with its reason.
class DatabaseActivityWorker : public PostgresQueryWorker
{
    Q_OBJECT
public:
    explicit DatabaseActivityWorker(const PostgresSettings &settings, QObject *parent = nullptr);
    static void registerMetaTypes();

    static constexpr int maxBackends = 200;

    // The statements, public for the tests (and psql's side of the comparison).
    static SqlStatement headStatement();
    static SqlStatement activityStatement();
    // pg_stat_statements in `schema` (where the extension lives), by mean or by total time.
    static SqlStatement statementsStatement(const QString &schema, bool byTotal);

public slots:
    void fetch(quint64 requestId);

signals:
    void activityReady(quint64 requestId, const sagadeck::DatabaseActivity &activity);
    void activityFailed(quint64 requestId, const QString &error);
};

} // namespace sagadeck
