#pragma once

#include "PgActivity.h"
#include "PostgresQueryWorker.h"

namespace sagadeck {

// Answers the playbooks' Postgres questions over a connection of its own: the server's
// connections against max_connections with the longest running queries (pg_stat_activity),
// and the most recent failed sagas. Asked only while a playbook that shows them is on screen.
//
// Threading: lives on its own thread (moveToThread), slots called queued; answers are value
// snapshots carrying the request id. The connection opens on the first request and reopens
// after a failure; a failure is answered with its reason, never with an empty snapshot.
class InvestigationQueryWorker : public PostgresQueryWorker
{
    Q_OBJECT
public:
    explicit InvestigationQueryWorker(const PostgresSettings &settings, QObject *parent = nullptr);
    static void registerMetaTypes();

    static constexpr int longestQueries = 10;
    static constexpr int queryTextChars = 200;
    static constexpr int failedSagaRows = 10;

    // The statements, public for the unit tests of their shape.
    static SqlStatement activityStatement();
    static SqlStatement maxConnectionsStatement();

public slots:
    void fetchActivity(quint64 requestId);
    void fetchFailedSagas(quint64 requestId);

signals:
    void activityReady(quint64 requestId, const sagadeck::PgActivity &activity);
    void activityFailed(quint64 requestId, const QString &error);
    void failedSagasReady(quint64 requestId, const sagadeck::FailedSagas &sagas);
    void failedSagasFailed(quint64 requestId, const QString &error);
};

} // namespace sagadeck
