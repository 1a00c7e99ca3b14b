#include "PostgresFeed.h"

#include <QSocketNotifier>
#include <QTimer>

#include <pqxx/pqxx>

#include <functional>
#include <set>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr int kStuckListLimit = 200;
constexpr int kPollBatch = 1000;
constexpr int kPollBatchesPerRefresh = 5;
constexpr int kCoalesceMs = 100;

QString text(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromUtf8(f.c_str(), int(f.size()));
}

qint64 micros(const pqxx::field &f)
{
    return f.is_null() ? 0 : f.as<qint64>();
}

QDateTime fromMicros(qint64 us)
{
    return us == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC);
}

SagaRow rowFrom(const pqxx::row &r)
{
    return sagaRowFromColumns(text(r[0]), text(r[1]), text(r[2]), text(r[3]), r[4].as<int>(),
                              text(r[5]), micros(r[6]), micros(r[7]));
}

// libpq's messages end with a newline and sometimes carry a "LINE n:" excerpt of our SQL:
// keep the first line, which says what went wrong.
QString firstLine(const char *what)
{
    const QString s = QString::fromUtf8(what).trimmed();
    return s.section(u'\n', 0, 0);
}

// Single-quoted libpq conninfo value.
QString conninfoValue(const QString &v)
{
    QString out = v;
    out.replace(u"\\"_s, u"\\\\"_s).replace(u"'"_s, u"\\'"_s);
    return u"'"_s + out + u"'"_s;
}

} // namespace

SagaRow sagaRowFromColumns(const QString &id, const QString &type, const QString &status,
                           const QString &step, int attempt, const QString &error,
                           qint64 createdUs, qint64 updatedUs)
{
    SagaRow row;
    row.id = QUuid::fromString(id);
    row.type = type;
    row.statusText = status;
    row.status = parseSagaStatus(status);
    row.currentStep = step;
    row.attempt = attempt;
    row.lastError = error;
    row.createdAtUs = createdUs;
    row.updatedAtUs = updatedUs;
    row.createdAt = fromMicros(createdUs);
    row.updatedAt = fromMicros(updatedUs);
    return row;
}

namespace {

class Listener : public pqxx::notification_receiver
{
public:
    Listener(pqxx::connection &c, const std::string &channel,
             std::function<void(const std::string &)> onPayload)
        : pqxx::notification_receiver(c, channel)
        , m_onPayload(std::move(onPayload))
    {
    }
    void operator()(const std::string &payload, int) override { m_onPayload(payload); }

private:
    std::function<void(const std::string &)> m_onPayload;
};

} // namespace

struct PostgresFeed::Session
{
    explicit Session(const std::string &conninfo) : conn(conninfo) {}
    pqxx::connection conn;
    std::unique_ptr<Listener> listener;   // destroyed before conn (declared after it)
    std::set<std::string> prepared;
};

PostgresFeed::PostgresFeed(const PostgresSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_sql(settings.instancesTable, settings.stepsTable)
{
    m_health.feed = FeedKind::Postgres;
    m_health.state = FeedState::Connecting;
}

PostgresFeed::~PostgresFeed()
{
    disconnectNow();
}

void PostgresFeed::registerMetaTypes()
{
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<SagaRow>();
    qRegisterMetaType<QVector<SagaRow>>();
    qRegisterMetaType<SagaSummary>();
    qRegisterMetaType<SagaDetail>();
    qRegisterMetaType<SagaFilter>();
    qRegisterMetaType<SagaPageRequest>();
}

void PostgresFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    // Timers are created here, on the feed's own thread, so they fire there.
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(m_settings.refreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &PostgresFeed::refreshNow);
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &PostgresFeed::connectNow);
    m_coalesceTimer = new QTimer(this);
    m_coalesceTimer->setSingleShot(true);
    m_coalesceTimer->setInterval(kCoalesceMs);
    connect(m_coalesceTimer, &QTimer::timeout, this, &PostgresFeed::flushNotifiedIds);
    setHealth(FeedState::Connecting, u"connecting to Postgres"_s, false);
    connectNow();
}

void PostgresFeed::stop()
{
    m_running = false;
    if (m_refreshTimer)
        m_refreshTimer->stop();
    if (m_reconnectTimer)
        m_reconnectTimer->stop();
    disconnectNow();
}

QString PostgresFeed::connectionString() const
{
    QString ci = m_settings.service.isEmpty() ? m_settings.conninfo
                                              : u"service="_s + conninfoValue(m_settings.service);
    // A dead peer must not hold a query forever: keepalives and a TCP user timeout let the
    // kernel notice; application_name lets a DBA see who we are in pg_stat_activity.
    ci += u" application_name=sagadeck connect_timeout=5 keepalives=1 keepalives_idle=10"
          u" keepalives_interval=5 keepalives_count=3 tcp_user_timeout=15000"_s;
    if (!m_settings.passwordEnv.isEmpty() && qEnvironmentVariableIsSet(m_settings.passwordEnv.toUtf8().constData()))
        ci += u" password="_s + conninfoValue(qEnvironmentVariable(m_settings.passwordEnv.toUtf8().constData()));
    return ci;
}

void PostgresFeed::connectNow()
{
    if (!m_running)
        return;
    disconnectNow();
    try {
        m_session = std::make_unique<Session>(connectionString().toStdString());
        pqxx::connection &conn = m_session->conn;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        // DESIGN.md §2: rebuild the connection ourselves; a silent reconnect would lose our
        // session settings and LISTEN without anyone noticing.
        conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
        {
            pqxx::nontransaction setup(conn);
            setup.exec0("SET statement_timeout = " + std::to_string(m_settings.statementTimeoutMs));
        }
        if (!m_settings.notifyChannel.isEmpty()) {
            m_session->listener = std::make_unique<Listener>(
                conn, m_settings.notifyChannel.toStdString(),
                [this](const std::string &payload) { onNotification(payload); });
            m_notifier = new QSocketNotifier(conn.sock(), QSocketNotifier::Read, this);
            connect(m_notifier, &QSocketNotifier::activated, this, [this] {
                try {
                    if (m_session)
                        m_session->conn.get_notifs();
                } catch (const pqxx::broken_connection &e) {
                    connectionLost(firstLine(e.what()));
                }
            });
        }
        {
            pqxx::read_transaction tx(conn);
            m_cursorUs = run(tx, m_sql.cursorStart())[0][0].as<qint64>();
            m_cursorId = QUuid();
        }
    } catch (const std::exception &e) {
        connectionLost(firstLine(e.what()));
        return;
    }
    m_backoff.reset();
    emit resynced();
    refreshNow();
    m_refreshTimer->start();
}

void PostgresFeed::disconnectNow()
{
    delete m_notifier;
    m_notifier = nullptr;
    m_session.reset();
}

void PostgresFeed::connectionLost(const QString &reason)
{
    disconnectNow();
    if (m_refreshTimer)
        m_refreshTimer->stop();
    const auto delay = m_backoff.next();
    setHealth(FeedState::Down,
              reason + u" — retrying in %1"_s.arg(describeAge(delay.count()) == u"0 s"_s
                                                      ? u"%1 ms"_s.arg(delay.count())
                                                      : describeAge(delay.count())),
              false);
    if (m_running && m_reconnectTimer)
        m_reconnectTimer->start(int(delay.count()));
}

void PostgresFeed::setHealth(FeedState state, const QString &reason, bool success)
{
    FeedHealth h = m_health;
    h.state = state;
    h.reason = reason;
    if (success)
        h.lastSuccess = QDateTime::currentDateTimeUtc();
    m_health = h;
    emit healthChanged(h);
}

pqxx::result PostgresFeed::run(pqxx::transaction_base &tx, const SqlStatement &statement)
{
    // Every statement is prepared once per connection, named after its text.
    const std::string name = "sagadeck_" + std::to_string(std::hash<std::string>{}(statement.text));
    if (m_session->prepared.insert(name).second)
        m_session->conn.prepare(name, statement.text);
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(statement.params));
}

template<typename Work>
std::optional<QString> PostgresFeed::withTransaction(Work &&work)
{
    if (!m_session)
        return u"not connected: "_s + m_health.reason;
    try {
        pqxx::read_transaction tx(m_session->conn);
        work(tx);
        return std::nullopt;
    } catch (const pqxx::broken_connection &e) {
        const QString reason = firstLine(e.what());
        connectionLost(reason);
        return reason;
    } catch (const pqxx::sql_error &e) {
        const QString reason = firstLine(e.what());
        if (reason.contains(u"statement timeout"_s))
            return u"query took longer than the statement timeout (%1 ms)"_s.arg(m_settings.statementTimeoutMs);
        return reason;
    } catch (const std::exception &e) {
        return firstLine(e.what());
    }
}

void PostgresFeed::refreshNow()
{
    if (!m_session)
        return;
    SagaSummary summary;
    summary.stuckAfterS = m_settings.stuckAfterS;
    const auto error = withTransaction([&](pqxx::read_transaction &tx) {
        for (const auto &r : run(tx, m_sql.countsByStatus()))
            summary.byStatus.insert(text(r[0]), r[1].as<qint64>());
        for (const auto &r : run(tx, m_sql.countsByType()))
            summary.byType.insert(text(r[0]), r[1].as<qint64>());
        const auto t = run(tx, m_sql.throughput(summary.windowMinutes))[0];
        summary.startedInWindow = t[0].as<qint64>();
        summary.completedInWindow = t[1].as<qint64>();
        summary.failedInWindow = t[2].as<qint64>();
        for (const auto &r : run(tx, m_sql.stuck(summary.stuckAfterS, kStuckListLimit))) {
            summary.stuck.append(rowFrom(r));
            summary.stuckTotal = r[8].as<qint64>();
        }
        summary.at = QDateTime::currentDateTimeUtc();
    });
    if (error) {
        if (m_session)   // the connection is fine; the query is not
            setHealth(FeedState::Down, u"query failed: "_s + *error, false);
        return;
    }
    if (m_settings.notifyChannel.isEmpty())
        pollChanges();
    if (!m_session)
        return;
    setHealth(FeedState::Live, QString(), true);
    emit summaryReady(summary);
}

void PostgresFeed::pollChanges()
{
    for (int batch = 0; batch < kPollBatchesPerRefresh; ++batch) {
        QVector<SagaRow> rows;
        const auto error = withTransaction([&](pqxx::read_transaction &tx) {
            for (const auto &r : run(tx, m_sql.changedSince(m_cursorUs, m_cursorId, kPollBatch)))
                rows.append(rowFrom(r));
        });
        if (error || rows.isEmpty())
            return;
        m_cursorUs = rows.last().updatedAtUs;
        m_cursorId = rows.last().id;
        emit sagasChanged(rows);
        if (rows.size() < kPollBatch)
            return;
    }
}

void PostgresFeed::onNotification(const std::string &payload)
{
    const QUuid id = QUuid::fromString(QString::fromStdString(payload));
    if (id.isNull())
        return;   // not a saga id: not ours to interpret
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
    const auto error = withTransaction([&](pqxx::read_transaction &tx) {
        for (const auto &r : run(tx, m_sql.byIds(ids)))
            rows.append(rowFrom(r));
    });
    if (!error && !rows.isEmpty())
        emit sagasChanged(rows);
}

void PostgresFeed::fetchPage(const SagaPageRequest &request)
{
    if (!m_session && m_health.state == FeedState::Connecting)
        return;   // resynced() follows the connection, and the model asks again then
    QVector<SagaRow> rows;
    const auto error = withTransaction([&](pqxx::read_transaction &tx) {
        for (const auto &r : run(tx, m_sql.page(request.filter, request.limit, request.offset, request.after)))
            rows.append(rowFrom(r));
    });
    if (error)
        emit pageFailed(request.generation, request.offset, *error);
    else
        emit pageReady(request.generation, request.offset, rows);
}

void PostgresFeed::fetchCount(quint64 generation, const SagaFilter &filter)
{
    if (!m_session && m_health.state == FeedState::Connecting)
        return;
    qint64 count = -1;
    const auto error = withTransaction([&](pqxx::read_transaction &tx) {
        count = run(tx, m_sql.count(filter))[0][0].as<qint64>();
    });
    if (!error)
        emit countReady(generation, count);
}

void PostgresFeed::fetchDetail(quint64 requestId, const QUuid &id)
{
    SagaDetail detail;
    bool found = false;
    const auto error = withTransaction([&](pqxx::read_transaction &tx) {
        const auto head = run(tx, m_sql.detail(id));
        if (head.empty())
            return;
        found = true;
        detail.saga = rowFrom(head[0]);
        detail.payload = text(head[0][8]).toUtf8();
        for (const auto &r : run(tx, m_sql.steps(id))) {
            SagaStep s;
            s.seq = r[0].as<int>();
            s.step = text(r[1]);
            s.action = text(r[2]);
            s.service = text(r[3]);
            s.outcome = text(r[4]);
            s.error = text(r[5]);
            s.startedAt = fromMicros(micros(r[6]));
            s.finishedAt = fromMicros(micros(r[7]));
            detail.steps.append(s);
        }
    });
    if (error)
        emit detailFailed(requestId, *error);
    else if (!found)
        emit detailFailed(requestId, u"saga %1 does not exist (any more)"_s.arg(id.toString(QUuid::WithoutBraces)));
    else
        emit detailReady(requestId, detail);
}

} // namespace sagadeck
