#pragma once

#include <QJsonObject>

namespace sagadeck {

class KafkaLagStore;

// The Kafka page in `sagadeck snapshot --page kafka --json`: groups with status, lag and lag in
// time, their partitions' offsets, and topics.
QJsonObject kafkaJson(const KafkaLagStore &store);

} // namespace sagadeck
