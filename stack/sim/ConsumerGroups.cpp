#include "ConsumerGroups.h"

#include <vector>

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>

const std::vector<std::string> &ConsumerGroups::groupNames()
{
    static const std::vector<std::string> names = {"saga-orchestrator-group", "inventory-service-group",
                                                   "payment-service-group", "notification-service-group"};
    return names;
}

ConsumerGroups::ConsumerGroups(std::string bootstrap, std::string topic, std::function<int()> orchestratorDelayMs)
    : m_bootstrap(std::move(bootstrap))
    , m_topic(std::move(topic))
    , m_orchestratorDelayMs(std::move(orchestratorDelayMs))
{}

ConsumerGroups::~ConsumerGroups()
{
    stop();
}

void ConsumerGroups::start()
{
    for (const std::string &group : groupNames()) {
        auto w = std::make_unique<Worker>();
        w->group = group;
        Worker *raw = w.get();
        w->thread = std::thread([this, raw] { run(*raw); });
        m_workers.push_back(std::move(w));
    }
}

void ConsumerGroups::stop()
{
    m_stop = true;
    for (auto &w : m_workers) {
        if (w->thread.joinable())
            w->thread.join();
    }
}

long long ConsumerGroups::consumed(const std::string &group) const
{
    for (const auto &w : m_workers) {
        if (w->group == group)
            return w->consumed.load();
    }
    return 0;
}

void ConsumerGroups::restartOrchestrator()
{
    ++m_orchestratorRestarts;
}

void ConsumerGroups::run(Worker &w)
{
    const bool isOrchestrator = w.group == groupNames().front();
    while (!m_stop.load()) {
        const int generation = m_orchestratorRestarts.load();
        consume(w, [&] { return m_stop.load() || (isOrchestrator && m_orchestratorRestarts.load() != generation); });
        if (m_stop.load())
            break;
        if (m_orchestratorRestarts.load() != generation)
            std::fprintf(stderr, "saga-sim: consumer %s restarted\n", w.group.c_str());
        else // it could not be created: try again in a second, not in a busy loop
            std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

namespace {

// The consumer's assigned partitions, each with its own queue, read in turn one message at a
// time. A throttled orchestrator (slow-consumer) so moves every partition a little, as a real
// slow consumer does, instead of working through whichever partition librdkafka's fetch
// happened to queue first (seen: one partition unchanged for 10 s while others moved). The
// fetch itself keeps librdkafka's defaults, so an unthrottled consumer keeps up with any rate.
class PartitionRoundRobin
{
public:
    ~PartitionRoundRobin() { clear(); }

    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                            void *opaque)
    {
        auto *self = static_cast<PartitionRoundRobin *>(opaque);
        self->clear();
        if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            rd_kafka_assign(rk, nullptr);
            return;
        }
        rd_kafka_assign(rk, parts);
        for (int i = 0; i < parts->cnt; ++i) {
            rd_kafka_queue_t *q = rd_kafka_queue_get_partition(rk, parts->elems[i].topic, parts->elems[i].partition);
            if (!q)
                continue;
            rd_kafka_queue_forward(q, nullptr); // its messages stay on it, not on the consumer queue
            self->m_queues.push_back(q);
        }
    }

    // The next message of the next partition that has one; else serves the consumer queue
    // (rebalances, errors) for up to `waitMs`.
    rd_kafka_message_t *next(rd_kafka_t *rk, int waitMs)
    {
        for (size_t tried = 0; tried < m_queues.size(); ++tried) {
            rd_kafka_queue_t *q = m_queues[m_next++ % m_queues.size()];
            if (rd_kafka_message_t *msg = rd_kafka_consume_queue(q, 0))
                return msg;
        }
        return rd_kafka_consumer_poll(rk, waitMs);
    }

    void clear()
    {
        for (rd_kafka_queue_t *q : m_queues)
            rd_kafka_queue_destroy(q);
        m_queues.clear();
    }

private:
    std::vector<rd_kafka_queue_t *> m_queues;
    size_t m_next = 0;
};

} // namespace

void ConsumerGroups::consume(Worker &w, const std::function<bool()> &done)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const std::string clientId = w.group.substr(0, w.group.size() - std::string("-group").size());
    const std::pair<const char *, const char *> settings[] = {
        {"bootstrap.servers", m_bootstrap.c_str()},
        {"group.id", w.group.c_str()},
        {"client.id", clientId.c_str()},
        {"enable.auto.commit", "true"},
        {"auto.commit.interval.ms", "1000"},
        // an offset is stored once its message is processed (after the throttle), not when fetched
        {"enable.auto.offset.store", "false"},
        {"auto.offset.reset", "earliest"},
        {"enable.partition.eof", "false"},
        // keep the slow consumer from fetching far ahead of what it has processed
        {"queued.max.messages.kbytes", "1024"},
    };
    for (const auto &[k, v] : settings) {
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "saga-sim: consumer %s: %s\n", w.group.c_str(), err);
            rd_kafka_conf_destroy(conf);
            return;
        }
    }
    PartitionRoundRobin partitions;
    rd_kafka_conf_set_rebalance_cb(conf, &PartitionRoundRobin::onRebalance);
    rd_kafka_conf_set_opaque(conf, &partitions);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        std::fprintf(stderr, "saga-sim: consumer %s: %s\n", w.group.c_str(), err);
        return;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, m_topic.c_str(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t subErr = rd_kafka_subscribe(rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (subErr)
        std::fprintf(stderr, "saga-sim: consumer %s: subscribe: %s\n", w.group.c_str(), rd_kafka_err2str(subErr));

    const bool isOrchestrator = w.group == groupNames().front();
    while (!done()) {
        if (isOrchestrator && m_orchestratorDelayMs() < 0) { // scaled to zero: nobody consumes
            // No poll: after 5 min (max.poll.interval.ms) it leaves the group, as a deleted pod would.
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        rd_kafka_message_t *msg = partitions.next(rk, 20);
        if (!msg)
            continue;
        const bool isMessage = msg->err == RD_KAFKA_RESP_ERR_NO_ERROR;
        if (!isMessage && msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
            std::fprintf(stderr, "saga-sim: consumer %s: %s\n", w.group.c_str(), rd_kafka_message_errstr(msg));
        for (int delay = isOrchestrator && isMessage ? m_orchestratorDelayMs() : 0; delay > 0 && !done(); delay -= 50)
            std::this_thread::sleep_for(std::chrono::milliseconds(delay < 50 ? delay : 50));
        if (isMessage && !done()) { // a message cut short by a restart is read again
            ++w.consumed;
            rd_kafka_offset_store(msg->rkt, msg->partition, msg->offset); // auto-commit sends it within a second
        }
        rd_kafka_message_destroy(msg);
    }
    rd_kafka_consumer_close(rk); // commits the final offsets and leaves the group (revoking the partitions)
    partitions.clear();
    rd_kafka_destroy(rk);
}
