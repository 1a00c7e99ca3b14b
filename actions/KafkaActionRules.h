#pragma once

#include "KafkaActionPlan.h"

namespace sagadeck {

// Pure rules of the Kafka repairs (no I/O): what is refused, what an offset reset moves, and what
// confirmation each needs. The planner applies them to the state it read.
class KafkaActionRules
{
public:
    static constexpr int kMaxPartitions = 10000;

    // Before any read: the request itself. Empty when fine, else why not.
    static QString checkRequest(const KafkaActionRequest &request);
    // Offsets of a group can only be reset while no consumer is in it (Kafka refuses a commit from
    // outside an active group, and a member would commit over it): the refusal, or empty.
    static QString activeMembersRefusal(const QString &group, int members);
    // The preview rows of a reset against the partitions as read: the target of each partition
    // (Kafka's consumer-group tool's semantics: earliest = log start, latest = log end, a time =
    // the first offset at or after it or else the log end, an offset clamped to the log).
    // Returns the refusal (a partition the topic does not have, offsets not read).
    static QString resetRows(const KafkaActionRequest &request, const QVector<KafkaPartitionOffsets> &read,
                             QVector<OffsetResetRow> *rows);
    // Add partitions against the current count: refused when not more (Kafka cannot remove
    // partitions), a no-op when equal.
    static QString checkPartitions(const KafkaActionRequest &request, int current, QString *noOp);
    // What adding partitions does to keyed ordering and to the groups.
    static QString partitionsConsequence(const QString &topic, int before, int after);
    // Type the group's (reset) or topic's (add partitions) name; a reason always.
    static ConfirmationRequirement confirmationFor(const KafkaActionRequest &request);
};

} // namespace sagadeck
