#include "TopicTail.h"

#include "KafkaClientConfig.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

bool TopicTail::open(const KafkaSettings &settings, const QString &topic, const Options &options, QString *problem)
{
    close();
    rd_kafka_conf_t *conf = newKafkaConf(settings, options.clientId, problem);
    if (!conf)
        return false;
    if (!setKafkaConf(conf, "enable.auto.commit", "false", problem)
        || !setKafkaConf(conf, "enable.auto.offset.store", "false", problem)
        || !setKafkaConf(conf, "enable.partition.eof", options.reportEnd ? "true" : "false", problem)) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    char err[512];
    rdk::Handle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
    if (!rk) {
        *problem = QString::fromUtf8(err);
        return false;
    }
    const QByteArray name = topic.toUtf8();
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk.get(), name.constData(), nullptr);
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t merr = rd_kafka_metadata(rk.get(), 0, rkt, &raw, 5000);
    if (merr) {
        rd_kafka_topic_destroy(rkt);
        *problem = explainKafkaError(settings, u"cannot read metadata of %1: %2"_s.arg(topic, rdk::errorText(merr)));
        return false;
    }
    rdk::Metadata md(raw);
    if (md->topic_cnt != 1 || md->topics[0].err || md->topics[0].partition_cnt == 0) {
        rd_kafka_topic_destroy(rkt);
        *problem = md->topic_cnt == 1 && md->topics[0].err
            ? u"topic %1: %2"_s.arg(topic, rdk::errorText(md->topics[0].err))
            : u"topic %1 does not exist on %2"_s.arg(topic, settings.bootstrap);
        return false;
    }
    const int partitions = md->topics[0].partition_cnt;
    const int perPartition = options.spread == Backlog::Spread ? qMax(1, options.backlog / partitions)
                                                               : qMax(1, options.backlog);
    m_consumer = std::move(rk);
    m_topic = rkt;
    m_queue = rd_kafka_queue_new(m_consumer.get());
    for (int p = 0; p < partitions; ++p) {
        if (rd_kafka_consume_start_queue(m_topic, p, RD_KAFKA_OFFSET_TAIL(perPartition), m_queue) != 0) {
            *problem = u"cannot read partition %1 of %2: %3"_s.arg(p).arg(topic, rdk::errorText(rd_kafka_last_error()));
            m_partitions = p;
            close();
            return false;
        }
        m_partitions = p + 1;
    }
    return true;
}

void TopicTail::close()
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

rd_kafka_resp_err_t TopicTail::answers(int timeoutMs) const
{
    if (!m_consumer)
        return RD_KAFKA_RESP_ERR__STATE;
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_consumer.get(), 0, m_topic, &raw, timeoutMs);
    if (raw)
        rd_kafka_metadata_destroy(raw);
    return err;
}

} // namespace sagadeck
