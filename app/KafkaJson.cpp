#include "KafkaJson.h"

#include "KafkaLagStore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QJsonValue offset(qint64 v)
{
    return v < 0 ? QJsonValue() : QJsonValue(v); // null: "no commit" / unknown, never a number
}

QJsonObject lagTimeJson(const LagTime &t)
{
    return {{u"seconds"_s, t.known() ? QJsonValue(t.seconds) : QJsonValue()}, {u"method"_s, t.method}};
}

QString statusKey(LagStatus s)
{
    return s == LagStatus::Pending ? u"PENDING"_s : lagStatusName(s);
}

QJsonArray idsJson(const QVector<int> &ids)
{
    QJsonArray a;
    for (int i : ids)
        a.append(i);
    return a;
}

QJsonObject replicationJson(const ReplicationSummary &r)
{
    QJsonArray topics;
    for (const TopicReplication &t : r.topics)
        topics.append(QJsonObject{{u"topic"_s, t.topic},
                                  {u"leaderless"_s, idsJson(t.leaderless)},
                                  {u"under_replicated"_s, idsJson(t.underReplicated)}});
    return {{u"partitions"_s, r.partitions},
            {u"leaderless"_s, r.leaderless()},
            {u"under_replicated"_s, r.underReplicated()},
            {u"brokers"_s, idsJson(r.brokers)},
            {u"brokers_down"_s, idsJson(r.downBrokers())},
            {u"summary"_s, r.sentence()},
            {u"topics"_s, topics}};
}

QJsonValue leaderJson(int leader)
{
    return leader < 0 ? QJsonValue() : QJsonValue(leader); // null: no leader
}
} // namespace

QJsonObject kafkaJson(const KafkaLagStore &store)
{
    QHash<QPair<QString, int>, const TopicPartitionRow *> metadata;
    for (const TopicPartitionRow &r : store.topicPartitions())
        metadata.insert({r.topic, r.partition}, &r);
    const TopicPartitionRow none;
    QJsonArray groups;
    for (const GroupLagRow &g : store.groups()) {
        QJsonArray parts;
        for (const PartitionLagRow &p : store.partitionsOf(g.group)) {
            const TopicPartitionRow &m = *metadata.value({p.topic, p.partition}, &none);
            parts.append(QJsonObject{{u"topic"_s, p.topic},
                                     {u"partition"_s, p.partition},
                                     {u"committed_offset"_s, offset(p.committed)},
                                     {u"no_commit"_s, p.noCommit()},
                                     {u"committed_offset_unknown"_s, p.committedUnknown},
                                     {u"log_end_offset"_s, offset(p.logEnd)},
                                     {u"lag"_s, offset(p.lag)},
                                     {u"lag_unknown"_s, p.lagUnknown()}, // not "no commit", but not readable now
                                     {u"lag_time"_s, lagTimeJson(p.lagTime)},
                                     {u"status"_s, statusKey(p.verdict.status)},
                                     {u"status_reason"_s, p.verdict.reason},
                                     {u"replication"_s, replicationKey(p.replication)},
                                     {u"leader"_s, leaderJson(m.leader)},
                                     {u"replicas"_s, idsJson(m.replicas)},
                                     {u"isr"_s, idsJson(m.isr)},
                                     {u"owner_client_id"_s, p.ownerClientId},
                                     {u"owner_host"_s, p.ownerHost},
                                     {u"owner_member_id"_s, p.ownerMemberId}});
        }
        // Capacity: members against partitions, and what each member owns.
        const GroupCapacity capacity = store.capacity(g.group);
        QJsonArray members;
        for (const GroupMember &m : capacity.memberList) {
            QJsonArray assigned;
            for (const auto &tp : m.assigned)
                assigned.append(QJsonObject{{u"topic"_s, tp.first}, {u"partition"_s, tp.second}});
            members.append(QJsonObject{{u"member_id"_s, m.memberId},
                                       {u"client_id"_s, m.clientId},
                                       {u"host"_s, m.host},
                                       {u"partitions"_s, assigned}});
        }
        const QJsonObject capacityJson{
            {u"members"_s, capacity.members},
            {u"partitions"_s, capacity.known() ? QJsonValue(capacity.partitions) : QJsonValue()},
            {u"topic"_s, capacity.topic},
            {u"summary"_s, capacity.sentence()},
            {u"warning"_s, capacity.warning()}};
        groups.append(QJsonObject{{u"group"_s, g.group},
                                  {u"state"_s, g.state},
                                  {u"members"_s, g.members},
                                  {u"protocol"_s, g.protocol},
                                  {u"error"_s, g.error},
                                  {u"status"_s, statusKey(g.status)},
                                  {u"status_reason"_s, g.reason},
                                  {u"lag"_s, g.totalLag}, // over the partitions whose lag is known
                                  {u"partitions_without_commit"_s, g.noCommit},
                                  {u"partitions_lag_unknown"_s, g.lagUnknown},
                                  {u"partitions_leaderless"_s, g.leaderless},
                                  {u"lag_time"_s, lagTimeJson(g.lagTime)},
                                  {u"partitions"_s, parts},
                                  {u"capacity"_s, capacityJson},
                                  {u"member_list"_s, members}});
    }
    QJsonArray topics;
    QString current;
    QJsonObject topic;
    QJsonArray tparts;
    auto flush = [&] {
        if (current.isEmpty())
            return;
        const double rate = store.topicRate(current);
        topic.insert(u"messages_per_s"_s, rate < 0 ? QJsonValue() : QJsonValue(rate));
        topic.insert(u"partitions"_s, tparts);
        topics.append(topic);
    };
    for (const TopicPartitionRow &r : store.topicPartitions()) {
        if (r.topic != current) {
            flush();
            current = r.topic;
            topic = QJsonObject{{u"name"_s, r.topic}};
            tparts = QJsonArray();
        }
        tparts.append(QJsonObject{{u"partition"_s, r.partition},
                                  {u"leader"_s, leaderJson(r.leader)},
                                  {u"replicas"_s, idsJson(r.replicas)},
                                  {u"isr"_s, idsJson(r.isr)},
                                  {u"replication"_s, replicationKey(r.replication())},
                                  {u"replication_detail"_s, r.replicationDetail},
                                  {u"log_end_offset"_s, offset(r.logEnd)},
                                  {u"messages_per_s"_s, r.messagesPerS < 0 ? QJsonValue() : QJsonValue(r.messagesPerS)},
                                  {u"error"_s, r.error}});
    }
    flush();
    return {{u"data_at"_s, store.dataAt().toUTC().toString(Qt::ISODateWithMs)},
            {u"refresh_took_ms"_s, store.lastRefreshMs()},
            {u"status_window_samples"_s, store.windowSamples()},
            {u"lag_time_method"_s, LagTimeEstimator::methodName()},
            {u"groups"_s, groups},
            {u"topics"_s, topics},
            {u"replication"_s, replicationJson(store.replication())}};
}

} // namespace sagadeck
