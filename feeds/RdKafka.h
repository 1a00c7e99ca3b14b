#pragma once

#include <QString>

#include <librdkafka/rdkafka.h>

#include <memory>

// Small RAII helpers over librdkafka's C API (the C++ wrapper has no Admin API).
namespace sagadeck::rdk {

struct HandleDeleter
{
    // No consumer close: none of the console's handles joins a group or commits (the admin
    // handle's group.id is only there to work around a librdkafka crash, see KafkaFeed), and a
    // close after a fatal error or a hung broker would block the feed's thread.
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE); }
};
struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter
{
    void operator()(rd_kafka_event_t *e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter
{
    void operator()(rd_kafka_AdminOptions_t *o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *l) const { rd_kafka_topic_partition_list_destroy(l); }
};
struct MetadataDeleter
{
    void operator()(const rd_kafka_metadata_t *m) const { rd_kafka_metadata_destroy(m); }
};

using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using Queue = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using Event = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using Options = std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using Metadata = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;

inline QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace sagadeck::rdk
