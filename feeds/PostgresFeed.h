#pragma once

#include "Backoff.h"
#include "FeedHealth.h"
#include "Profile.h"
#include "Saga.h"
#include "SagaFilter.h"
#include "SagaSql.h"

#include <QObject>
#include <QSet>
#include <QVector>

#include <memory>
#include <optional>

class QSocketNotifier;
class QTimer;

namespace pqxx {
class transaction_base;
class result;
}

namespace sagadeck {

// The Postgres feed: owns one libpqxx connection and everything that talks over it.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// every slot through queued connections or QMetaObject::invokeMethod. Signals carry values
// only (snapshots and deltas); nothing here touches a model or widget.
//
// Live updates: LISTEN on the profile's notify channel when it has one, otherwise polling on
// updated_at with a keyset cursor. After every (re)connect it emits resynced(), because
// changes made while it was away were not seen.
class PostgresFeed : public QObject
{
    Q_OBJECT
public:
    explicit PostgresFeed(const PostgresSettings &settings, QObject *parent = nullptr);
    ~PostgresFeed() override;

    static void registerMetaTypes();

public slots:
    void start();
    void stop();
    void refreshNow();
    void fetchPage(const sagadeck::SagaPageRequest &request);
    void fetchCount(quint64 generation, const sagadeck::SagaFilter &filter);
    void fetchDetail(quint64 requestId, const QUuid &id);

signals:
    void healthChanged(const sagadeck::FeedHealth &health);
    void summaryReady(const sagadeck::SagaSummary &summary);
    void sagasChanged(const QVector<sagadeck::SagaRow> &rows);
    void resynced();
    void pageReady(quint64 generation, int offset, const QVector<sagadeck::SagaRow> &rows);
    void pageFailed(quint64 generation, int offset, const QString &error);
    void countReady(quint64 generation, qint64 count);
    void detailReady(quint64 requestId, const sagadeck::SagaDetail &detail);
    void detailFailed(quint64 requestId, const QString &error);

private:
    struct Session;   // the libpqxx connection and what hangs off it (PostgresFeed.cpp)

    void connectNow();
    void disconnectNow();
    void connectionLost(const QString &reason);
    void setHealth(FeedState state, const QString &reason, bool success);
    void refreshSummary();
    void pollChanges();
    void onNotification(const std::string &payload);
    void flushNotifiedIds();
    pqxx::result run(pqxx::transaction_base &tx, const SqlStatement &statement);
    // Runs `work` in a read-only transaction; on failure reports it and returns the reason.
    template<typename Work> std::optional<QString> withTransaction(Work &&work);
    QString connectionString() const;

    PostgresSettings m_settings;
    SagaSql m_sql;
    std::unique_ptr<Session> m_session;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_coalesceTimer = nullptr;
    Backoff m_backoff;
    FeedHealth m_health;
    QSet<QUuid> m_notifiedIds;
    qint64 m_cursorUs = 0;
    QUuid m_cursorId;
    bool m_running = false;
};

// Turns a database row (the columns of SagaSql::rowColumns(), from `first`) into a SagaRow.
SagaRow sagaRowFromColumns(const QString &id, const QString &type, const QString &status,
                           const QString &step, int attempt, const QString &error,
                           qint64 createdUs, qint64 updatedUs);

} // namespace sagadeck

