#pragma once

#include "KafkaSnapshot.h"

#include <QString>
#include <QVector>

namespace sagadeck {

// Who owns a partition of a group's topic: the member's client id, host and member id (all
// empty: no member owns it).
struct PartitionOwner
{
    QString topic;
    int partition = 0;
    QString clientId;
    QString host;
    QString memberId;

    bool owned() const { return !memberId.isEmpty(); }
};

// A consumer group's capacity: how many members it has against how many partitions its
// consumers can share. Within a group each partition goes to at most one member, so members
// beyond the partition count of its widest topic receive nothing and sit idle.
struct GroupCapacity
{
    QString group;
    int members = 0;
    int partitions = 0;              // of its widest topic (0: not known)
    QString topic;                   // that topic
    QVector<PartitionOwner> owners;  // every partition of the group's topics, sorted
    QVector<GroupMember> memberList; // as described

    bool known() const { return partitions > 0; }
    // "3 consumers for 6 partitions of saga-events"
    QString sentence() const;
    // Non-empty when consumers already equal or exceed the partitions: more would sit idle.
    QString warning() const;
};

// The capacity of `group` from one snapshot (its members and the partition counts of the topics
// it reads, from `topics`).
GroupCapacity capacityOf(const ConsumerGroupSnapshot &group, const QVector<TopicSnapshot> &topics);

// What the scale preview says when scaling a deployment to `replicas` consumers gives its group
// more consumers than its topic has partitions (each replica is taken as one consumer); empty
// when they fit or the partition count is unknown.
QString scaleCapacityWarning(const QString &deployment, const QString &group, const QString &topic, int partitions,
                             int replicas);

} // namespace sagadeck
