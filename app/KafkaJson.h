#pragma once

#include <QJsonObject>

namespace sagadeck {

class KafkaLagStore;

// The Kafka page in `sagadeck snapshot --page kafka --json`: groups with status, lag and lag in
// time, their partitions' offsets and replication (lag null where it cannot be read), topics,
// and the replication summary (leaderless and under-replicated partitions, brokers down).
QJsonObject kafkaJson(const KafkaLagStore &store);

} // namespace sagadeck
