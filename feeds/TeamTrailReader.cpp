#include "TeamTrailReader.h"

#include "KafkaClientConfig.h"

#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kPollMs = 200;
constexpr int kRetryMs = 2000;
constexpr int kCheckEveryMs = 5000;
constexpr int kMaxPerPoll = 2000;
} // namespace

TeamTrailReader::TeamTrailReader(const KafkaSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

TeamTrailReader::~TeamTrailReader()
{
    close();
}

void TeamTrailReader::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &TeamTrailReader::poll);
    }
    m_timer->start(kPollMs);
    poll();
}

void TeamTrailReader::stop()
{
    if (m_timer)
        m_timer->stop();
    close();
}

void TeamTrailReader::close()
{
    for (int p = 0; m_topic && p < m_partitions; ++p)
        rd_kafka_consume_stop(m_topic, p);
    if (m_queue)
        rd_kafka_queue_destroy(m_queue);
    if (m_topic)
        rd_kafka_topic_destroy(m_topic);
    m_queue = nullptr;
    m_topic = nullptr;
    m_partitions = 0;
    m_consumer.reset();
}

void TeamTrailReader::say(const QString &why)
{
    if (m_said && why == m_problem)
        return;
    m_said = true;
    m_problem = why;
    emit problem(why);
}

bool TeamTrailReader::open()
{
    QString error;
    rd_kafka_conf_t *conf = newKafkaConf(m_settings, "sagadeck-team-trail", &error);
    if (!conf) {
        say(error);
        return false;
    }
    // No group.id and nothing stored: the trail's readers leave no trace on the cluster.
    // End-of-partition events say when the backlog has been read (caught up).
    if (!setKafkaConf(conf, "enable.auto.commit", "false", &error)
        || !setKafkaConf(conf, "enable.auto.offset.store", "false", &error)
        || !setKafkaConf(conf, "enable.partition.eof", "true", &error)) {
        rd_kafka_conf_destroy(conf);
        say(error);
        return false;
    }
    char err[512];
    rdk::Handle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
    if (!rk) {
        say(QString::fromUtf8(err));
        return false;
    }
    const QByteArray topic = m_settings.auditTopic.toUtf8();
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk.get(), topic.constData(), nullptr);
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t merr = rd_kafka_metadata(rk.get(), 0, rkt, &raw, 5000);
    if (merr) {
        rd_kafka_topic_destroy(rkt);
        say(explainKafkaError(
            m_settings, u"cannot read the audit topic %1: %2"_s.arg(m_settings.auditTopic, rdk::errorText(merr))));
        return false;
    }
    rdk::Metadata md(raw);
    if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        rd_kafka_topic_destroy(rkt);
        say(u"the audit topic %1 does not exist on %2"_s.arg(m_settings.auditTopic, m_settings.bootstrap));
        return false;
    }
    const int partitions = md->topics[0].partition_cnt;
    m_consumer = std::move(rk);
    m_topic = rkt;
    m_queue = rd_kafka_queue_new(m_consumer.get());
    for (int p = 0; p < partitions; ++p) {
        if (rd_kafka_consume_start_queue(m_topic, p, RD_KAFKA_OFFSET_TAIL(kBacklog), m_queue) != 0) {
            say(u"cannot read partition %1 of %2: %3"_s.arg(p).arg(m_settings.auditTopic,
                                                                   rdk::errorText(rd_kafka_last_error())));
            m_partitions = p;
            close();
            return false;
        }
        m_partitions = p + 1;
    }
    m_lastCheck = QDateTime::currentMSecsSinceEpoch();
    m_caughtUp = false;
    m_atEnd.clear();
    return true; // live once every partition's backlog is read (poll)
}

// The consume API says nothing when the brokers go away: ask for the topic's metadata now and then.
void TeamTrailReader::checkAlive()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastCheck < kCheckEveryMs)
        return;
    m_lastCheck = now;
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_consumer.get(), 0, m_topic, &raw, 1500);
    if (raw)
        rd_kafka_metadata_destroy(raw);
    if (err)
        say(explainKafkaError(
            m_settings, u"the audit topic %1 does not answer: %2"_s.arg(m_settings.auditTopic, rdk::errorText(err))));
    else if (m_caughtUp)
        say(QString());
}

void TeamTrailReader::poll()
{
    if (!m_queue && !open()) {
        m_timer->setInterval(kRetryMs);
        return;
    }
    m_timer->setInterval(kPollMs);
    QByteArrayList batch;
    for (int i = 0; i < kMaxPerPoll; ++i) {
        rd_kafka_message_t *m = rd_kafka_consume_queue(m_queue, 0);
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
            batch.append(QByteArray(static_cast<const char *>(m->payload), qsizetype(m->len)));
        else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            m_atEnd.insert(m->partition);
        else
            say(u"reading the audit topic: %1"_s.arg(QString::fromUtf8(rd_kafka_message_errstr(m))));
        rd_kafka_message_destroy(m);
    }
    if (!batch.isEmpty())
        emit recordsRead(batch);
    if (!m_caughtUp && m_atEnd.size() == m_partitions) {
        m_caughtUp = true; // the records above first: a live trail is a complete one
        say(QString());
    }
    checkAlive();
}

} // namespace sagadeck
