#pragma once

#include "ChangeCursor.h"
#include "Feed.h"
#include "PostgresConnection.h"
#include "Profile.h"
#include "Saga.h"
#include "SagaSql.h"

#include <QSet>
#include <QVector>

class QSocketNotifier;
class QTimer;

namespace sagadeck {

// The Postgres feed: health, the saga summary and live changes, over a connection of its own.
// (Table pages and details go through SagaQueryWorker, so a slow summary never delays rows.)
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// every slot through queued connections or QMetaObject::invokeMethod. Signals carry values
// only (snapshots and deltas); nothing here touches a model or widget.
//
// Live updates: LISTEN on the profile's notify channel when it has one, otherwise polling on
// updated_at with a ChangeCursor (late commits included). After every (re)connect it emits resynced(), because
// changes made while it was away were not seen. A lost connection is rebuilt with
// exponential backoff and jitter.
class PostgresFeed : public Feed
{
    Q_OBJECT
public:
    explicit PostgresFeed(const PostgresSettings &settings, QObject *parent = nullptr);
    ~PostgresFeed() override;

    static void registerMetaTypes();

public slots:
    void refresh() override;

signals:
    void summaryReady(const sagadeck::SagaSummary &summary);
    void sagasChanged(const QVector<sagadeck::SagaRow> &rows);
    void resynced();

protected:
    void onStart() override;
    void onStop() override;

private:
    void connectNow();
    void connectionLost(const QString &reason);
    void pollChanges();
    OpenTransactions openTransactions(PostgresConnection::Reader &r) const;
    void onNotification(const std::string &payload);
    void flushNotifiedIds();
    // Reports a failed read; true when the connection itself was lost.
    bool failed(const PostgresConnection::Failure &failure);

    PostgresSettings m_settings;
    SagaSql m_sql;
    PostgresConnection m_conn;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_coalesceTimer = nullptr;
    QSet<QUuid> m_notifiedIds;
    ChangeCursor m_cursor;
};

// A saga_instances row (the columns of SagaSql::rowColumns()) as a SagaRow.
SagaRow sagaRowFromColumns(const QString &id, const QString &type, const QString &status, const QString &step,
                           int attempt, const QString &error, qint64 createdUs, qint64 updatedUs);

} // namespace sagadeck
