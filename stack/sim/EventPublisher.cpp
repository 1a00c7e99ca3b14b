#include "EventPublisher.h"

#include "Json.h"

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <stdexcept>

EventPublisher::EventPublisher(const std::string &bootstrap, std::string topic)
    : m_topic(std::move(topic))
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    auto set = [&](const char *k, const char *v) {
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK)
            throw std::runtime_error(std::string("kafka producer config ") + k + ": " + err);
    };
    set("bootstrap.servers", bootstrap.c_str());
    set("client.id", "saga-orchestrator");
    set("linger.ms", "5");
    set("enable.idempotence", "true"); // no duplicates on internal retries: event counts stay exact
    set("message.timeout.ms", "30000");
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, this);
    m_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!m_rk)
        throw std::runtime_error(std::string("kafka producer: ") + err);
    m_poller = std::thread([this] {
        while (!m_stop.load())
            rd_kafka_poll(m_rk, 100);
    });
}

EventPublisher::~EventPublisher()
{
    close(5000);
    rd_kafka_destroy(m_rk);
}

void EventPublisher::onDelivery(rd_kafka_s *, const rd_kafka_message_s *msg, void *opaque)
{
    auto *self = static_cast<EventPublisher *>(opaque);
    if (msg->err) {
        ++self->m_failed;
        std::fprintf(stderr, "saga-sim: event delivery failed: %s\n", rd_kafka_err2str(msg->err));
    } else {
        ++self->m_delivered;
    }
}

bool EventPublisher::publish(const std::string &sagaId, const std::string &sagaType, const std::string &type,
                             const std::string &step, const std::string &status)
{
    const std::string value = Json::compact(QJsonObject{
        {QStringLiteral("saga_id"), Json::q(sagaId)},
        {QStringLiteral("saga_type"), Json::q(sagaType)},
        {QStringLiteral("type"), Json::q(type)},
        {QStringLiteral("step"), step.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(Json::q(step))},
        {QStringLiteral("status"), Json::q(status)},
        {QStringLiteral("at"), Json::nowIso()},
    });
    for (int attempt = 0; attempt < 50; ++attempt) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            m_rk, RD_KAFKA_V_TOPIC(m_topic.c_str()), RD_KAFKA_V_KEY(sagaId.data(), sagaId.size()),
            RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
            return true;
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            std::fprintf(stderr, "saga-sim: cannot queue event: %s\n", rd_kafka_err2str(err));
            return false;
        }
        rd_kafka_poll(m_rk, 100); // local queue full: let deliveries drain
    }
    return false;
}

bool EventPublisher::reachable(int timeoutMs)
{
    const rd_kafka_metadata_t *md = nullptr;
    if (rd_kafka_metadata(m_rk, 0, nullptr, &md, timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return false;
    const bool ok = md->broker_cnt > 0;
    rd_kafka_metadata_destroy(md);
    return ok;
}

void EventPublisher::close(int timeoutMs)
{
    if (m_stop.exchange(true))
        return;
    if (m_poller.joinable())
        m_poller.join();
    if (rd_kafka_flush(m_rk, timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        std::fprintf(stderr, "saga-sim: %d event(s) not delivered at shutdown\n", rd_kafka_outq_len(m_rk));
}
