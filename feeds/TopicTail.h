#pragma once

#include "Profile.h"
#include "RdKafka.h"

#include <QString>

namespace sagadeck {

// One topic read from near its end by a consumer that leaves no trace on the cluster: no
// group.id (it cannot join a group), nothing committed or stored, librdkafka's legacy
// per-partition consume API with every partition started at "its last N records"
// (RD_KAFKA_OFFSET_TAIL). The live tail of the saga topic and the team trail's reader use it.
//
// Not thread-safe: use it on one feed thread. Blocking: open() and answers() wait on the brokers
// for up to their timeouts.
class TopicTail
{
public:
    enum class Backlog
    {
        PerPartition, // N records of every partition
        Spread        // N records in all, spread evenly over the partitions
    };
    struct Options
    {
        const char *clientId = "sagadeck-tail";
        int backlog = 200;
        Backlog spread = Backlog::PerPartition;
        bool reportEnd = false; // RD_KAFKA_RESP_ERR__PARTITION_EOF messages at each partition's end
    };

    TopicTail() = default;
    TopicTail(const TopicTail &) = delete;
    TopicTail &operator=(const TopicTail &) = delete;
    ~TopicTail() { close(); }

    // False with `problem` set (in words a person can act on) when the topic cannot be read.
    bool open(const KafkaSettings &settings, const QString &topic, const Options &options, QString *problem);
    void close();
    bool isOpen() const { return m_queue != nullptr; }
    int partitions() const { return m_partitions; }
    // The next message or error event, without waiting; nullptr when there is none. The caller
    // destroys it (rd_kafka_message_destroy).
    rd_kafka_message_t *next() { return m_queue ? rd_kafka_consume_queue(m_queue, 0) : nullptr; }
    // Whether the topic's brokers answer now: its metadata within `timeoutMs` (the consume API
    // says nothing when they go away).
    rd_kafka_resp_err_t answers(int timeoutMs) const;

private:
    rdk::Handle m_consumer;
    rd_kafka_topic_t *m_topic = nullptr;
    rd_kafka_queue_t *m_queue = nullptr;
    int m_partitions = 0;
};

} // namespace sagadeck
