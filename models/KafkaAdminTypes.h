#pragma once

#include "KafkaSnapshot.h"
#include "RequestOutcome.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

// What the Kafka admin client read of one group and one topic for an action's preview or its
// read-back (feeds/KafkaAdminClient, on its own thread; sent by value).
struct KafkaPartitionOffsets
{
    int partition = 0;
    qint64 committed = -1; // -1: no commit
    qint64 logStart = -1;  // -1: not read
    qint64 logEnd = -1;    // -1: not read
    qint64 atTime = -1;    // the first offset at or after the asked time; -1: none (no such message) or not asked
};

struct KafkaGroupRead
{
    QString requestId;
    QString group;
    QString topic;
    QString error; // non-empty: the read failed, this is why (plain text)
    QString state; // Stable, Empty, Dead, ...
    QVector<GroupMember> members;
    int topicPartitions = -1; // -1: the topic does not exist or was not read
    bool topicExists = false;
    QVector<KafkaPartitionOffsets> partitions; // every partition of the topic, sorted
};

// The answer to a change (offsets altered, partitions created).
struct KafkaChangeResult
{
    QString requestId;
    RequestOutcome outcome;
    int kafkaError = 0; // librdkafka's rd_kafka_resp_err_t of a refusal (0: none)
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KafkaGroupRead)
Q_DECLARE_METATYPE(sagadeck::KafkaChangeResult)
