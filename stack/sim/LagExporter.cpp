#include "LagExporter.h"

#include "SimMetrics.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace {

constexpr int kTimeoutMs = 5000;

struct HandleDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// A consumer handle carrying `group` as group.id that never subscribes: rd_kafka_committed()
// on it reads the group's committed offsets (OffsetFetch) without joining the group.
Handle makeHandle(const std::string &bootstrap, const std::string &group)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const std::pair<const char *, const char *> settings[] = {
        {"bootstrap.servers", bootstrap.c_str()},
        {"group.id", group.c_str()},
        {"client.id", "kafka-exporter"},
        {"enable.auto.commit", "false"},
    };
    for (const auto &[k, v] : settings) {
        if (rd_kafka_conf_set(conf, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "saga-sim: lag exporter: %s\n", err);
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    }
    Handle rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
    if (!rk)
        std::fprintf(stderr, "saga-sim: lag exporter: %s\n", err);
    return rk;
}

int partitionCount(rd_kafka_t *rk, const std::string &topic)
{
    rd_kafka_topic_t *t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    const rd_kafka_metadata_t *md = nullptr;
    int count = 0;
    if (rd_kafka_metadata(rk, 0, t, &md, kTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR)
            count = md->topics[0].partition_cnt;
        rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(t);
    return count;
}

} // namespace

LagExporter::LagExporter(std::string bootstrap, std::string topic, std::vector<std::string> groups, SimMetrics &metrics,
                         int intervalMs)
    : m_bootstrap(std::move(bootstrap))
    , m_topic(std::move(topic))
    , m_groups(std::move(groups))
    , m_metrics(metrics)
    , m_intervalMs(intervalMs)
{}

LagExporter::~LagExporter()
{
    stop();
}

void LagExporter::start()
{
    m_thread = std::thread([this] { run(); });
}

void LagExporter::stop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void LagExporter::run()
{
    std::vector<Handle> handles;
    for (const std::string &group : m_groups)
        handles.push_back(makeHandle(m_bootstrap, group));
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stop; }))
                return;
        }
        if (handles.empty() || !handles.front())
            continue;
        const int partitions = partitionCount(handles.front().get(), m_topic);
        std::vector<int64_t> logEnd(size_t(partitions), -1);
        for (int p = 0; p < partitions; ++p) {
            int64_t low = 0, high = 0;
            if (rd_kafka_query_watermark_offsets(handles.front().get(), m_topic.c_str(), p, &low, &high, kTimeoutMs)
                == RD_KAFKA_RESP_ERR_NO_ERROR)
                logEnd[size_t(p)] = high;
        }
        for (size_t g = 0; g < m_groups.size(); ++g) {
            if (!handles[g] || partitions == 0)
                continue;
            rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
            for (int p = 0; p < partitions; ++p)
                rd_kafka_topic_partition_list_add(list, m_topic.c_str(), p);
            if (rd_kafka_committed(handles[g].get(), list, kTimeoutMs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                for (int i = 0; i < list->cnt; ++i) {
                    const rd_kafka_topic_partition_t &tp = list->elems[i];
                    const int64_t end = logEnd[size_t(tp.partition)];
                    // Like kafka_exporter: no series for a partition without a commit.
                    if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0 && end >= 0)
                        m_metrics.setConsumerGroupLag(m_groups[g], m_topic, tp.partition, double(end - tp.offset));
                }
            }
            rd_kafka_topic_partition_list_destroy(list);
        }
    }
}
