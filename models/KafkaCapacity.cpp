#include "KafkaCapacity.h"

#include <QHash>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString consumers(int n)
{
    return n == 1 ? u"1 consumer"_s : u"%1 consumers"_s.arg(n);
}

QString partitionsText(int n)
{
    return n == 1 ? u"1 partition"_s : u"%1 partitions"_s.arg(n);
}

} // namespace

QString GroupCapacity::sentence() const
{
    if (!known())
        return u"%1, partitions not known"_s.arg(consumers(members));
    return u"%1 for %2 of %3"_s.arg(consumers(members), partitionsText(partitions), topic);
}

QString GroupCapacity::warning() const
{
    if (!known() || members < partitions)
        return {};
    if (members == partitions)
        return u"consumers already equal the partitions of %1 (%2): more consumers will sit idle; "
               u"add partitions first"_s.arg(topic)
                   .arg(partitions);
    return u"%1 for %2 of %3: %4 sit idle, and more consumers will sit idle too; add partitions first"_s
        .arg(consumers(members), partitionsText(partitions), topic)
        .arg(members - partitions);
}

GroupCapacity capacityOf(const ConsumerGroupSnapshot &group, const QVector<TopicSnapshot> &topics)
{
    GroupCapacity c;
    c.group = group.group;
    c.members = group.memberList.isEmpty() ? group.members : int(group.memberList.size());
    c.memberList = group.memberList;
    QHash<QPair<QString, int>, const GroupMember *> ownerOf;
    std::set<QString> groupTopics;
    for (const GroupMember &m : group.memberList)
        for (const auto &tp : m.assigned) {
            ownerOf.insert(tp, &m);
            groupTopics.insert(tp.first);
        }
    for (const GroupPartitionOffset &p : group.partitions)
        groupTopics.insert(p.topic);
    std::set<QPair<QString, int>> partitions;
    for (const QString &t : groupTopics) {
        const auto it = std::find_if(topics.cbegin(), topics.cend(),
                                     [&t](const TopicSnapshot &s) { return s.name == t; });
        const int n = it == topics.cend() ? 0 : int(it->partitions.size());
        if (n > c.partitions || (n == c.partitions && c.topic.isEmpty())) {
            c.partitions = n;
            c.topic = t;
        }
        if (it != topics.cend())
            for (const TopicPartitionInfo &p : it->partitions)
                partitions.insert({t, p.partition});
    }
    for (const GroupPartitionOffset &p : group.partitions)
        partitions.insert({p.topic, p.partition});
    for (auto it = ownerOf.cbegin(); it != ownerOf.cend(); ++it)
        partitions.insert(it.key());
    for (const auto &tp : partitions) {
        PartitionOwner o;
        o.topic = tp.first;
        o.partition = tp.second;
        if (const GroupMember *m = ownerOf.value(tp)) {
            o.clientId = m->clientId;
            o.host = m->host;
            o.memberId = m->memberId;
        }
        c.owners.append(o);
    }
    return c;
}

QString scaleCapacityWarning(const QString &deployment, const QString &group, const QString &topic, int partitions,
                             int replicas)
{
    if (partitions <= 0 || replicas <= partitions)
        return {};
    return u"scaling %1 to %2 gives %3 %4 for %5 of %6: %7 will sit idle (a partition goes to one consumer "
           u"of a group); add partitions to %6 first"_s.arg(deployment)
               .arg(replicas)
               .arg(group, consumers(replicas), partitionsText(partitions), topic)
               .arg(replicas - partitions);
}

} // namespace sagadeck
