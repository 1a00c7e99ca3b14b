#pragma once

#include "KafkaSnapshot.h"

#include <QString>
#include <QVector>

namespace sagadeck {

// A partition's replication as the cluster's metadata reports it. Decided by replicationOf()
// alone, so that the lag status, the Kafka page, the snapshot JSON and the overview agree.
enum class Replication
{
    Ok,              // a leader, and every replica in sync
    UnderReplicated, // a leader, but fewer in-sync replicas than replicas: still readable
    Leaderless,      // no leader: nothing can be read from it, its log-end offset included
};

Replication replicationOf(int leader, const QVector<int> &replicas, const QVector<int> &isr);
// "2,3,1": broker ids as Kafka's tools list them.
QString brokerIdsText(const QVector<int> &ids);
QString replicationKey(Replication r);  // "ok", "under_replicated", "leaderless" (JSON)
QString replicationName(Replication r); // "ok", "under-replicated", "leaderless" (for people)

// Why a partition is not ok, in a few words: "no leader; replicas 3 (broker 3 down)",
// "in sync 1,2 of 1,2,3 (broker 3 down)". `brokers` are the brokers the metadata lists
// (empty: not known, so nothing is said about which are down).
QString replicationDetail(const TopicPartitionInfo &p, const QVector<int> &brokers);

// The partitions of one topic that are not ok.
struct TopicReplication
{
    QString topic;
    QVector<int> leaderless;      // partition ids
    QVector<int> underReplicated; // partition ids
    QVector<int> leaderlessDown;  // replicas of the leaderless partitions that are not among the brokers
    QVector<int> missingFromIsr;  // replicas out of the under-replicated partitions' in-sync sets
};

// Every topic's replication in one refresh: what the Kafka page's replication line, the
// snapshot JSON and the overview's Kafka tile say.
struct ReplicationSummary
{
    QVector<TopicReplication> topics; // topics with a partition not ok, by name
    QVector<int> brokers;             // as the metadata lists them (empty: not known)
    int partitions = 0;               // all partitions looked at

    int leaderless() const;
    int underReplicated() const;
    bool allOk() const { return topics.isEmpty(); }
    // Replicas the metadata does not list among the brokers, over every partition.
    QVector<int> downBrokers() const { return m_down; }
    // One plain sentence, e.g. "2 partitions of saga-events leaderless (broker 3 down),
    // 4 under-replicated"; topics joined by "; ". Empty when every partition is ok.
    QString sentence() const;
    // The same over every topic, for a small space, the cause first: "broker 3 down: 2 leaderless,
    // 4 under-replicated partitions". Empty when every partition is ok.
    QString brief() const;

    static ReplicationSummary of(const QVector<TopicSnapshot> &topics, const QVector<int> &brokers);

private:
    QVector<int> m_down;
};

} // namespace sagadeck
