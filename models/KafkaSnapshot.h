#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QVector>

namespace sagadeck {

// What one Kafka refresh saw, exactly as the broker reported it (no derived numbers). Made on
// the Kafka feed's thread and sent by value to the GUI thread, where KafkaLagStore derives
// lag, lag in time and status from a window of these.

// One partition a group has committed to or is assigned. committed < 0: no commit.
struct GroupPartitionOffset
{
    QString topic;
    int partition = 0;
    qint64 committed = -1;
    qint64 logEnd = -1; // -1: the broker did not say
};

// One member of a group as DescribeConsumerGroups reports it, with the partitions it owns.
struct GroupMember
{
    QString memberId;
    QString clientId;
    QString host;
    QVector<QPair<QString, int>> assigned; // topic, partition; sorted
};

struct ConsumerGroupSnapshot
{
    QString group;
    QString state; // Stable, Empty, PreparingRebalance, Dead, ...
    int members = 0;
    QString protocol;                         // partition assignor, e.g. range
    QString error;                            // describe failed for this group
    QString offsetsError;                     // its committed offsets could not be read: all unknown
    QVector<GroupPartitionOffset> partitions; // sorted by topic, partition
    bool inProfile = true;                    // false: one of the cluster's others, on the all-groups page
    QVector<GroupMember> memberList = {};     // the members and what each owns (sorted by member id)
};

struct TopicPartitionInfo
{
    int partition = 0;
    int leader = -1; // -1: no leader (then logEnd is -1 too: nothing can be read from it)
    QVector<int> replicas;
    QVector<int> isr;
    qint64 logEnd = -1;
    QString error;
};

struct TopicSnapshot
{
    QString name;
    QString error;
    QVector<TopicPartitionInfo> partitions; // sorted by partition
};

struct KafkaSnapshot
{
    QDateTime at;                          // when the refresh finished (UTC)
    qint64 tookMs = 0;                     // how long the refresh took
    QVector<ConsumerGroupSnapshot> groups; // sorted by group id
    QVector<TopicSnapshot> topics;         // sorted by name, internal topics left out
    QVector<int> brokers;                  // the brokers the metadata lists (the live ones), sorted
    // The refresh's scope: the profile's groups and topics (those groups' topics and the saga
    // topic), plus one page of the cluster's other groups while the all-groups view is open.
    int requests = 0;          // requests sent to the brokers by this refresh
    int clusterGroups = -1;    // groups the cluster lists; -1: not listed (the view is closed)
    int allGroupsPage = -1;    // the page of other groups included; -1: none
    int allGroupsPages = 0;    // pages of the groups the profile does not name
    int allGroupsPageSize = 0; // groups a page
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KafkaSnapshot)
