#include "KafkaTail.h"

#include "KafkaClientConfig.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kPollMs = 100;
constexpr int kMaxPerPoll = 2000; // a burst is spread over several polls, never one long block
} // namespace

KafkaTail::KafkaTail(const KafkaSettings &settings, int backlog, QObject *parent)
    : Feed(FeedKind::Kafka, parent)
    , m_settings(settings)
    , m_backlog(backlog)
{
    qRegisterMetaType<SagaEvent>();
    qRegisterMetaType<QVector<SagaEvent>>();
}

KafkaTail::~KafkaTail()
{
    close();
}

void KafkaTail::close()
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

void KafkaTail::onStart()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &KafkaTail::poll);
    }
    m_timer->start(kPollMs);
}

void KafkaTail::onStop()
{
    if (m_timer)
        m_timer->stop();
    close();
}

void KafkaTail::refresh()
{
    if (isRunning())
        poll();
}

bool KafkaTail::open()
{
    char err[512];
    rd_kafka_conf_t *conf = newKafkaConf(m_settings, "sagadeck-tail", &m_problem);
    if (!conf)
        return false;
    // No group.id: this handle cannot join a group, and with auto-commit off it commits nothing.
    if (!setKafkaConf(conf, "enable.auto.commit", "false", &m_problem)
        || !setKafkaConf(conf, "enable.auto.offset.store", "false", &m_problem)) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    rdk::Handle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
    if (!rk) {
        m_problem = QString::fromUtf8(err);
        return false;
    }
    const QByteArray topic = m_settings.sagaTopic.toUtf8();
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk.get(), topic.constData(), nullptr);
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t merr = rd_kafka_metadata(rk.get(), 0, rkt, &raw, 5000);
    if (merr) {
        rd_kafka_topic_destroy(rkt);
        m_problem = u"cannot read metadata of %1: %2"_s.arg(m_settings.sagaTopic, rdk::errorText(merr));
        return false;
    }
    rdk::Metadata md(raw);
    if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        rd_kafka_topic_destroy(rkt);
        m_problem = u"topic %1: %2"_s.arg(m_settings.sagaTopic,
                                          md->topic_cnt == 1 ? rdk::errorText(md->topics[0].err) : u"not found"_s);
        return false;
    }
    const int partitions = md->topics[0].partition_cnt;
    const int perPartition = qMax(1, m_backlog / partitions);
    m_consumer = std::move(rk);
    m_topic = rkt;
    m_queue = rd_kafka_queue_new(m_consumer.get());
    for (int p = 0; p < partitions; ++p) {
        if (rd_kafka_consume_start_queue(m_topic, p, RD_KAFKA_OFFSET_TAIL(perPartition), m_queue) != 0) {
            m_problem = u"start reading partition %1: %2"_s.arg(p).arg(rdk::errorText(rd_kafka_last_error()));
            m_partitions = p;
            close();
            return false;
        }
        m_partitions = p + 1;
    }
    m_problem.clear();
    return true;
}

void KafkaTail::poll()
{
    if (!m_queue && !open()) {
        emit failed(m_problem);
        m_timer->setInterval(2000); // librdkafka retries inside open(); don't spin on a dead broker
        return;
    }
    m_timer->setInterval(kPollMs);
    QVector<SagaEvent> batch;
    for (int i = 0; i < kMaxPerPoll; ++i) {
        rd_kafka_message_t *m = rd_kafka_consume_queue(m_queue, 0);
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_timestamp_type_t tsType;
            const qint64 ts = rd_kafka_message_timestamp(m, &tsType);
            batch.append(SagaEvent::parse(m->partition, m->offset, ts,
                                          QByteArray(static_cast<const char *>(m->key), int(m->key_len)),
                                          QByteArray(static_cast<const char *>(m->payload), int(m->len))));
        } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            emit failed(QString::fromUtf8(rd_kafka_message_errstr(m)));
        }
        rd_kafka_message_destroy(m);
    }
    if (!batch.isEmpty())
        emit eventsReady(batch);
}

} // namespace sagadeck
