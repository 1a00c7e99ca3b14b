#pragma once

#include "KafkaCapacity.h"
#include "KafkaSnapshot.h"
#include "LagHistory.h"
#include "LagStatusEvaluator.h"
#include "LagTimeEstimator.h"
#include "PartitionReplication.h"

#include <QHash>
#include <QObject>

namespace sagadeck {

// Derived rows, recomputed on every snapshot. Compared with == to emit dataChanged only for
// what changed.
struct PartitionLagRow
{
    QString group;
    QString topic;
    int partition = 0;
    qint64 committed = -1;         // -1: no commit ("no commit" in the UI, never a number), or unknown
    bool committedUnknown = false; // the group's committed offsets could not be read this refresh
    qint64 logEnd = -1;            // -1: not read in this refresh (always so without a leader)
    qint64 lag = -1;               // -1 when nothing is committed or the log end is unknown
    LagTime lagTime;
    LagVerdict verdict;
    Replication replication = Replication::Ok;
    QString replicationDetail; // why it is not ok ("no leader; replicas 3 (broker 3 down)")

    // Which member owns the partition now (DescribeConsumerGroups' assignment); empty: none.
    QString ownerClientId = {};
    QString ownerHost = {};
    QString ownerMemberId = {};

    bool noCommit() const { return committed < 0 && !committedUnknown; }
    bool lagUnknown() const { return !noCommit() && lag < 0; }

    bool sameKey(const PartitionLagRow &o) const
    {
        return group == o.group && topic == o.topic && partition == o.partition;
    }
    friend bool operator==(const PartitionLagRow &a, const PartitionLagRow &b)
    {
        return a.sameKey(b) && a.committed == b.committed && a.committedUnknown == b.committedUnknown
            && a.logEnd == b.logEnd && a.lag == b.lag && a.lagTime.seconds == b.lagTime.seconds
            && a.verdict.status == b.verdict.status && a.verdict.reason == b.verdict.reason
            && a.replication == b.replication && a.replicationDetail == b.replicationDetail
            && a.ownerClientId == b.ownerClientId && a.ownerHost == b.ownerHost && a.ownerMemberId == b.ownerMemberId;
    }
};

struct GroupLagRow
{
    QString group;
    QString state;
    QString protocol;
    QString error;
    int members = 0;
    int partitions = 0;
    int noCommit = 0;    // partitions without a committed offset
    int lagUnknown = 0;  // partitions with a commit whose lag cannot be read now (no leader...)
    int leaderless = 0;  // partitions without a leader
    qint64 totalLag = 0; // over the partitions whose lag is known
    LagTime lagTime;     // the worst partition's
    LagStatus status = LagStatus::Pending;
    QString reason; // the worst partition's reason, with its name

    bool sameKey(const GroupLagRow &o) const { return group == o.group; }
    // "120", or with what the sum leaves out: "120 (+2 unknown, +1 no commit)".
    QString lagText() const;
    friend bool operator==(const GroupLagRow &a, const GroupLagRow &b)
    {
        return a.group == b.group && a.state == b.state && a.protocol == b.protocol && a.error == b.error
            && a.members == b.members && a.partitions == b.partitions && a.noCommit == b.noCommit
            && a.lagUnknown == b.lagUnknown && a.leaderless == b.leaderless && a.totalLag == b.totalLag
            && a.lagTime.seconds == b.lagTime.seconds && a.status == b.status && a.reason == b.reason;
    }
};

struct TopicPartitionRow
{
    QString topic;
    int partition = 0;
    int leader = -1;
    QVector<int> replicas;
    QVector<int> isr;
    qint64 logEnd = -1;
    double messagesPerS = -1; // -1: not measured yet, or the log end is not known now
    QString error;
    QString replicationDetail; // why it is not ok; empty when it is

    bool sameKey(const TopicPartitionRow &o) const { return topic == o.topic && partition == o.partition; }
    Replication replication() const { return replicationOf(leader, replicas, isr); }
    friend bool operator==(const TopicPartitionRow &a, const TopicPartitionRow &b)
    {
        return a.sameKey(b) && a.leader == b.leader && a.replicas == b.replicas && a.isr == b.isr
            && a.logEnd == b.logEnd && a.messagesPerS == b.messagesPerS && a.error == b.error
            && a.replicationDetail == b.replicationDetail;
    }
};

// The Kafka page's data on the GUI thread: takes the feed's raw snapshots, keeps a window of
// samples per partition and derives lag, lag in time, Burrow-style status and the lag history.
// No I/O.
class KafkaLagStore : public QObject
{
    Q_OBJECT
public:
    // What the last refresh covered (KafkaSnapshot's scope fields).
    struct Scope
    {
        int requests = 0;
        int profileGroups = 0;
        int clusterGroups = -1; // -1: the all-groups view is closed
        int page = -1;
        int pages = 0; // pages of the groups the profile does not name
        int pageSize = 0;
    };

    explicit KafkaLagStore(QObject *parent = nullptr);

    void setWindowSamples(int samples);
    int windowSamples() const { return m_evaluator.windowSamples(); }

    bool hasData() const { return m_at.isValid(); }
    QDateTime dataAt() const { return m_at; }
    qint64 lastRefreshMs() const { return m_tookMs; }
    const Scope &scope() const { return m_scope; }
    const QVector<GroupLagRow> &groups() const { return m_groups; }
    const QVector<PartitionLagRow> &partitions() const { return m_partitions; } // by group, topic, partition
    QVector<PartitionLagRow> partitionsOf(const QString &group) const;
    const QVector<TopicPartitionRow> &topicPartitions() const { return m_topics; }
    double topicRate(const QString &topic) const; // messages/s, -1 unknown (any partition's)
    // Which partitions are under-replicated or leaderless, and which brokers are down.
    const ReplicationSummary &replication() const { return m_replication; }
    const LagHistory &history() const { return m_history; }
    std::optional<GroupLagRow> group(const QString &name) const;
    // Members against partitions, and who owns each partition (empty when the group is unknown).
    GroupCapacity capacity(const QString &group) const { return m_capacity.value(group); }

public slots:
    void apply(const sagadeck::KafkaSnapshot &snapshot);
    // Total lag of `group` from before the first snapshot (see LagHistory::backfill).
    void backfill(const QString &group, const QVector<QPointF> &points);
    void clear();

signals:
    void updated();

private:
    LagStatusEvaluator m_evaluator;
    QHash<QString, QVector<LagSample>> m_samples;             // group/topic/partition
    QHash<QString, QVector<QPair<qint64, qint64>>> m_logEnds; // topic/partition: (ms, log end)
    QVector<GroupLagRow> m_groups;
    QVector<PartitionLagRow> m_partitions;
    QVector<TopicPartitionRow> m_topics;
    ReplicationSummary m_replication;
    LagHistory m_history;
    QDateTime m_at;
    qint64 m_tookMs = 0;
    Scope m_scope;
    QHash<QString, GroupCapacity> m_capacity; // by group, from the last snapshot
};

} // namespace sagadeck
