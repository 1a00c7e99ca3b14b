#include "AuditPublisher.h"

#include "KafkaClientConfig.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kTickMs = 250;
constexpr int kTopicCheckEveryMs = 5000;
constexpr qint64 kMaxReadBytes = 1 << 20; // a long backlog goes out over several ticks

qint64 readCursor(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return qint64(QJsonDocument::fromJson(f.readAll()).object().value(u"offset"_s).toDouble(0));
}
} // namespace

AuditPublisher::AuditPublisher(const KafkaSettings &settings, const QString &auditLogPath, const QString &cursorPath,
                               const QString &profile, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_logPath(auditLogPath)
    , m_cursorPath(cursorPath)
    , m_lock(cursorPath + u".lock"_s)
    , m_topic(settings.auditTopic.toUtf8())
    , m_profile(profile)
{
    m_lock.setStaleLockTime(0); // stale only when its process is gone, never by age
}

AuditPublisher::~AuditPublisher()
{
    stop();
}

void AuditPublisher::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &AuditPublisher::tick);
    }
    m_timer->start(kTickMs);
    tick();
}

void AuditPublisher::stop()
{
    if (m_timer)
        m_timer->stop();
    if (m_producer) {
        // What was acknowledged by now is kept; the rest goes out with the next publisher.
        // Purged first, so that closing never waits on a broker that does not answer.
        rd_kafka_poll(m_producer.get(), 0);
        rd_kafka_purge(m_producer.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(m_producer.get(), 0);
        saveCursor();
    }
    m_producer.reset();
    if (m_lock.isLocked())
        m_lock.unlock();
}

void AuditPublisher::publishNow()
{
    if (m_timer && m_timer->isActive())
        tick();
}

bool AuditPublisher::holdLock()
{
    if (m_lock.isLocked())
        return true;
    QDir().mkpath(QFileInfo(m_cursorPath).absolutePath());
    if (m_lock.tryLock(0)) {
        m_outbox = std::make_unique<AuditOutbox>(m_profile, readCursor(m_cursorPath));
        m_savedCursor = m_outbox->committed();
        m_holder.clear();
        return true;
    }
    qint64 pid = 0;
    QString host, app;
    m_holder = m_lock.getLockInfo(&pid, &host, &app) ? u"%1 (pid %2) publishes this user's records"_s.arg(app).arg(pid)
                                                     : u"another console publishes this user's records"_s;
    return false;
}

bool AuditPublisher::ensureProducer()
{
    if (m_producer)
        return true;
    QString error;
    rd_kafka_conf_t *conf = newKafkaConf(m_settings, "sagadeck-audit-publisher", &error);
    if (!conf) {
        m_problem = error;
        return false;
    }
    // Idempotent: a retried batch is written once and in order. No message timeout: a record
    // waits for Kafka as long as it takes.
    if (!setKafkaConf(conf, "enable.idempotence", "true", &error)
        || !setKafkaConf(conf, "message.timeout.ms", "0", &error) || !setKafkaConf(conf, "linger.ms", "5", &error)) {
        rd_kafka_conf_destroy(conf);
        m_problem = error;
        return false;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, &AuditPublisher::onDelivery);
    rd_kafka_conf_set_error_cb(conf, &AuditPublisher::onError);
    rd_kafka_conf_set_opaque(conf, this);
    char err[512];
    m_producer.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
    if (!m_producer) {
        m_problem = QString::fromUtf8(err);
        return false;
    }
    m_topicChecked = false;
    m_lastTopicCheck = 0;
    return true;
}

// A topic that does not exist would hold every record forever without a word: say so.
void AuditPublisher::checkTopic()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_topicChecked || now - m_lastTopicCheck < kTopicCheckEveryMs)
        return;
    m_lastTopicCheck = now;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(m_producer.get(), m_topic.constData(), nullptr);
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_producer.get(), 0, rkt, &raw, 2000);
    rd_kafka_topic_destroy(rkt);
    if (err) {
        m_problem = explainKafkaError(m_settings, u"Kafka cannot be reached: %1"_s.arg(rdk::errorText(err)));
        return;
    }
    rdk::Metadata md(raw);
    if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        m_problem = u"the audit topic %1 does not exist on %2; create it (kafka-topics.sh --create --topic %1)"_s.arg(
            m_settings.auditTopic, m_settings.bootstrap);
        return;
    }
    m_topicChecked = true;
}

void AuditPublisher::readAndSend()
{
    QFile log(m_logPath);
    if (!log.open(QIODevice::ReadOnly))
        return; // no log yet: nothing to publish
    if (log.size() < m_outbox->readOffset()) {
        m_outbox->restart(); // replaced or cut: send it all again (readers drop repeats)
        saveCursor();
    }
    if (log.size() == m_outbox->readOffset() || !log.seek(m_outbox->readOffset()))
        return;
    const QByteArray bytes = log.read(kMaxReadBytes);
    for (const AuditOutbox::Line &line : m_outbox->take(bytes)) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            m_producer.get(), RD_KAFKA_V_TOPIC(m_topic.constData()),
            RD_KAFKA_V_KEY(line.key.constData(), size_t(line.key.size())),
            RD_KAFKA_V_VALUE(const_cast<char *>(line.value.constData()), size_t(line.value.size())),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(line.end)),
            RD_KAFKA_V_END);
        if (err) {
            m_problem = u"cannot queue an audit record: %1"_s.arg(rdk::errorText(err));
            m_rewind = true;
            break;
        }
    }
}

void AuditPublisher::tick()
{
    if (!holdLock()) {
        report();
        return;
    }
    if (!ensureProducer()) {
        report();
        return;
    }
    checkTopic();
    if (m_topicChecked)
        readAndSend();
    rd_kafka_poll(m_producer.get(), 0); // delivery reports arrive here
    if (m_rewind) {
        m_rewind = false;
        m_outbox->rewind();
    }
    saveCursor();
    report();
}

void AuditPublisher::onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    auto *self = static_cast<AuditPublisher *>(opaque);
    if (message->err) {
        self->m_problem = u"publishing an audit record failed: %1"_s.arg(rdk::errorText(message->err));
        self->m_rewind = true;
        return;
    }
    self->m_outbox->acknowledged(qint64(reinterpret_cast<quintptr>(message->_private)));
    if (self->m_outbox->waiting() == 0)
        self->m_problem.clear();
}

void AuditPublisher::onError(rd_kafka_t *, int err, const char *reason, void *opaque)
{
    auto *self = static_cast<AuditPublisher *>(opaque);
    self->m_problem = explainKafkaError(
        self->m_settings, u"Kafka: %1 (%2)"_s.arg(QString::fromUtf8(reason), rdk::errorText(rd_kafka_resp_err_t(err))));
}

void AuditPublisher::saveCursor()
{
    if (!m_outbox || m_outbox->committed() == m_savedCursor)
        return;
    QSaveFile f(m_cursorPath);
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(QJsonDocument(QJsonObject{{u"log"_s, m_logPath}, {u"offset"_s, double(m_outbox->committed())}})
                .toJson(QJsonDocument::Compact));
    if (f.commit())
        m_savedCursor = m_outbox->committed();
}

void AuditPublisher::report()
{
    int waiting = -1;
    QString problem = m_holder;
    if (m_lock.isLocked() && m_outbox) {
        waiting = m_outbox->waiting();
        QFile log(m_logPath);
        if (log.exists() && log.size() > m_outbox->readOffset())
            waiting = std::max(waiting, 1); // unread lines wait too
        problem = m_topicChecked && waiting == 0 ? QString() : m_problem;
    }
    if (waiting == m_reportedWaiting && problem == m_reportedProblem)
        return;
    m_reportedWaiting = waiting;
    m_reportedProblem = problem;
    emit status(waiting, problem);
}

} // namespace sagadeck
