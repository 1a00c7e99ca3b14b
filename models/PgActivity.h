#pragma once

#include "Saga.h"

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

// One non-idle backend of pg_stat_activity, as the playbooks show it.
struct PgBackend
{
    int pid = 0;
    QString user;
    QString state;
    double durationS = 0; // since query_start
    QString query;        // truncated; shown as plain text
};

// Connections of the whole server against max_connections, by state, and the longest running
// non-idle queries. A value snapshot: crosses from the worker's thread by copy.
struct PgActivity
{
    int maxConnections = 0;
    int total = 0;              // every backend with a database (client connections)
    QMap<QString, int> byState; // "active", "idle", "idle in transaction", ...
    QVector<PgBackend> longest; // at most 10, longest first
    QDateTime at;               // database time of the snapshot
};

// The most recent FAILED and COMPENSATED sagas, for the failure playbook.
struct FailedSagas
{
    QVector<SagaRow> rows;
    QDateTime at;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::PgActivity)
Q_DECLARE_METATYPE(sagadeck::FailedSagas)
