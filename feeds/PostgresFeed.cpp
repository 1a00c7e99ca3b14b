#include "PostgresFeed.h"

#include "PgRows.h"
#include "SagaFilter.h"

#include <QSocketNotifier>
#include <QTimer>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kStuckListLimit = 200;
constexpr int kPollBatch = 1000;
constexpr int kPollBatchesPerRefresh = 5;
constexpr int kCoalesceMs = 100;
} // namespace

PostgresFeed::PostgresFeed(const PostgresSettings &settings, QObject *parent)
    : Feed(FeedKind::Postgres, parent)
    , m_settings(settings)
    , m_sql(settings.instancesTable, settings.stepsTable)
    , m_conn(settings)
{}

PostgresFeed::~PostgresFeed() = default;

void PostgresFeed::registerMetaTypes()
{
    qRegisterMetaType<SagaRow>();
    qRegisterMetaType<QVector<SagaRow>>();
    qRegisterMetaType<SagaSummary>();
    qRegisterMetaType<SagaDetail>();
    qRegisterMetaType<SagaFilter>();
    qRegisterMetaType<SagaPageRequest>();
}

void PostgresFeed::onStart()
{
    // Timers are created here, on the feed's own thread, so they fire there.
    if (!m_refreshTimer) {
        m_refreshTimer = new QTimer(this);
        m_refreshTimer->setInterval(m_settings.refreshMs);
        connect(m_refreshTimer, &QTimer::timeout, this, &PostgresFeed::refresh);
        m_reconnectTimer = new QTimer(this);
        m_reconnectTimer->setSingleShot(true);
        connect(m_reconnectTimer, &QTimer::timeout, this, &PostgresFeed::connectNow);
        m_coalesceTimer = new QTimer(this);
        m_coalesceTimer->setSingleShot(true);
        m_coalesceTimer->setInterval(kCoalesceMs);
        connect(m_coalesceTimer, &QTimer::timeout, this, &PostgresFeed::flushNotifiedIds);
    }
    setHealth(FeedState::Connecting, u"connecting to Postgres"_s, false);
    connectNow();
}

void PostgresFeed::onStop()
{
    if (m_refreshTimer)
        m_refreshTimer->stop();
    if (m_reconnectTimer)
        m_reconnectTimer->stop();
    delete m_notifier;
    m_notifier = nullptr;
    m_conn.close();
}

void PostgresFeed::connectNow()
{
    if (!isRunning())
        return;
    delete m_notifier;
    m_notifier = nullptr;
    if (const auto error = m_conn.open()) {
        connectionLost(*error);
        return;
    }
    setTransport(m_conn.transport());
    if (!m_settings.notifyChannel.isEmpty()) {
        m_conn.listen(m_settings.notifyChannel.toStdString(),
                      [this](const std::string &payload) { onNotification(payload); });
        m_notifier = new QSocketNotifier(m_conn.socket(), QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            if (const auto failure = m_conn.consumeNotifications())
                this->failed(*failure);
        });
    }
    // The polling cursor starts now: older changes are in the rows the model fetches.
    const auto failure = m_conn.read([&](PostgresConnection::Reader &r) { m_cursor.restart(openTransactions(r)); });
    if (failure && failed(*failure))
        return;
    emit resynced();
    refresh();
    m_refreshTimer->start();
}

void PostgresFeed::connectionLost(const QString &reason)
{
    delete m_notifier;
    m_notifier = nullptr;
    m_conn.close();
    if (m_refreshTimer)
        m_refreshTimer->stop();
    const int delay = reportDownAndBackOff(reason);
    if (isRunning() && m_reconnectTimer)
        m_reconnectTimer->start(delay);
}

bool PostgresFeed::failed(const PostgresConnection::Failure &failure)
{
    if (failure.connectionLost) {
        connectionLost(failure.reason);
        return true;
    }
    // The connection is fine; the query is not. The data is no longer fresh: say why.
    setHealth(FeedState::Down, u"query failed: "_s + failure.reason, false);
    return false;
}

void PostgresFeed::refresh()
{
    if (!m_conn.isOpen())
        return;
    SagaSummary summary;
    summary.stuckAfterS = m_settings.stuckAfterS;
    const auto failure = m_conn.read([&](PostgresConnection::Reader &r) {
        // Nothing here reads the whole table: live sagas and the finished ones of the window
        // come through the status index, the total from the planner's statistics.
        for (const auto &row : r.run(m_sql.liveCounts())) {
            const qint64 n = row[2].as<qint64>();
            summary.byStatus[pg::text(row[0])] += n;
            summary.byType[pg::text(row[1])] += n;
        }
        for (const auto &row : r.run(m_sql.finishedCounts(summary.finishedWindowMinutes))) {
            summary.finishedSinceUs = row[3].as<qint64>();
            if (row[0].is_null())
                continue; // nothing finished in the window
            const qint64 n = row[2].as<qint64>();
            summary.byStatus[pg::text(row[0])] += n;
            summary.byType[pg::text(row[1])] += n;
        }
        summary.totalEstimate = r.run(m_sql.totalEstimate())[0][0].as<qint64>();
        const auto t = r.run(m_sql.throughput(summary.windowMinutes))[0];
        summary.startedInWindow = t[0].as<qint64>();
        summary.completedInWindow = t[1].as<qint64>();
        summary.failedInWindow = t[2].as<qint64>();
        for (const auto &row : r.run(m_sql.stuck(summary.stuckAfterS, kStuckListLimit))) {
            summary.stuck.append(pg::sagaRow(row));
            summary.stuckTotal = row[8].as<qint64>();
        }
        summary.at = QDateTime::currentDateTimeUtc();
    });
    if (failure) {
        failed(*failure);
        return;
    }
    if (m_settings.notifyChannel.isEmpty())
        pollChanges();
    if (!m_conn.isOpen())
        return;
    reportLive();
    emit summaryReady(summary);
}

void PostgresFeed::pollChanges()
{
    OpenTransactions open;
    auto failure = m_conn.read([&](PostgresConnection::Reader &r) { open = openTransactions(r); });
    if (failure) {
        failed(*failure);
        return;
    }
    m_cursor.readFromUs(open);
    for (int batch = 0; batch < kPollBatchesPerRefresh; ++batch) {
        QVector<SagaRow> rows;
        failure = m_conn.read([&](PostgresConnection::Reader &r) {
            for (const auto &row : r.run(m_sql.changedSince(m_cursor.keyUs(), m_cursor.keyId(), kPollBatch)))
                rows.append(pg::sagaRow(row));
        });
        if (failure) {
            failed(*failure);
            return;
        }
        const QVector<SagaRow> fresh = m_cursor.takeNew(rows);
        if (!fresh.isEmpty())
            emit sagasChanged(fresh);
        if (rows.size() < kPollBatch) {
            m_cursor.finishPoll(true);
            return;
        }
    }
    m_cursor.finishPoll(false); // more to read: the next poll goes on from here
}

OpenTransactions PostgresFeed::openTransactions(PostgresConnection::Reader &r) const
{
    const auto row = r.run(m_sql.openTransactions())[0];
    OpenTransactions open;
    if (!row[0].is_null())
        open.oldestStartUs = row[0].as<qint64>();
    open.hidden = row[1].as<int>();
    open.dbNowUs = row[2].as<qint64>();
    return open;
}

void PostgresFeed::onNotification(const std::string &payload)
{
    const QUuid id = QUuid::fromString(QString::fromStdString(payload));
    if (id.isNull())
        return; // not a saga id: not ours to interpret
    m_notifiedIds.insert(id);
    if (!m_coalesceTimer->isActive())
        m_coalesceTimer->start();
}

void PostgresFeed::flushNotifiedIds()
{
    if (m_notifiedIds.isEmpty())
        return;
    const std::vector<QUuid> ids(m_notifiedIds.cbegin(), m_notifiedIds.cend());
    m_notifiedIds.clear();
    QVector<SagaRow> rows;
    const auto failure = m_conn.read([&](PostgresConnection::Reader &r) {
        for (const auto &row : r.run(m_sql.byIds(ids)))
            rows.append(pg::sagaRow(row));
    });
    if (failure)
        failed(*failure);
    else if (!rows.isEmpty())
        emit sagasChanged(rows);
}

} // namespace sagadeck
