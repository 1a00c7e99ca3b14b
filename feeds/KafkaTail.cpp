#include "KafkaTail.h"

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

KafkaTail::~KafkaTail() = default;

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
    m_tail.close();
}

void KafkaTail::refresh()
{
    if (isRunning())
        poll();
}

void KafkaTail::poll()
{
    if (!m_tail.isOpen()
        && !m_tail.open(m_settings, m_settings.sagaTopic,
                        {"sagadeck-tail", m_backlog, TopicTail::Backlog::Spread, false}, &m_problem)) {
        emit failed(m_problem);
        m_timer->setInterval(2000); // librdkafka retries inside open(); don't spin on a dead broker
        return;
    }
    m_timer->setInterval(kPollMs);
    QVector<SagaEvent> batch;
    for (int i = 0; i < kMaxPerPoll; ++i) {
        rd_kafka_message_t *m = m_tail.next();
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
