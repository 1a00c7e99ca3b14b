#include "KafkaActionRules.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString KafkaActionRules::checkRequest(const KafkaActionRequest &request)
{
    static const QRegularExpression topicName(u"^[A-Za-z0-9._-]{1,249}$"_s);
    if (request.topic.isEmpty())
        return u"no topic named"_s;
    if (!topicName.match(request.topic).hasMatch())
        return u"'%1' is not a Kafka topic name"_s.arg(request.topic);
    if (request.verb == KafkaActionVerb::AddPartitions) {
        if (request.partitions < 1 || request.partitions > kMaxPartitions)
            return u"the new partition count must be between 1 and %1, not %2"_s.arg(kMaxPartitions)
                .arg(request.partitions);
        return {};
    }
    if (request.group.trimmed().isEmpty())
        return u"no consumer group named"_s;
    if (request.partition < -1)
        return u"a partition is a number >= 0 (or every partition), not %1"_s.arg(request.partition);
    if (request.to == OffsetResetTo::Datetime && !request.at.isValid())
        return u"a reset to a time needs the time"_s;
    if (request.to == OffsetResetTo::Offset && request.offset < 0)
        return u"a reset to an offset needs an offset >= 0, not %1"_s.arg(request.offset);
    return {};
}

QString KafkaActionRules::activeMembersRefusal(const QString &group, int members)
{
    if (members <= 0)
        return {};
    return u"the group %1 has %2 active member%3; stop them first (its offsets can only be reset while no "
           u"consumer is in it)"_s.arg(group)
               .arg(members)
               .arg(members == 1 ? u""_s : u"s"_s);
}

QString KafkaActionRules::resetRows(const KafkaActionRequest &request, const QVector<KafkaPartitionOffsets> &read,
                                    QVector<OffsetResetRow> *rows)
{
    rows->clear();
    if (request.partition >= 0 && std::none_of(read.cbegin(), read.cend(), [&request](const KafkaPartitionOffsets &p) {
            return p.partition == request.partition;
        }))
        return u"topic %1 has no partition %2 (it has %3)"_s.arg(request.topic).arg(request.partition).arg(read.size());
    for (const KafkaPartitionOffsets &p : read) {
        if (request.partition >= 0 && p.partition != request.partition)
            continue;
        if (p.logStart < 0 || p.logEnd < 0)
            return u"the log start and end of %1-%2 could not be read"_s.arg(request.topic).arg(p.partition);
        OffsetResetRow row;
        row.partition = p.partition;
        row.committed = p.committed;
        row.logStart = p.logStart;
        row.logEnd = p.logEnd;
        switch (request.to) {
        case OffsetResetTo::Earliest: row.target = p.logStart; break;
        case OffsetResetTo::Latest: row.target = p.logEnd; break;
        case OffsetResetTo::Datetime:
            // Kafka's tool: the first offset whose timestamp is at or after the time; none (every
            // message is older): the log end.
            row.target = p.atTime >= 0 ? p.atTime : p.logEnd;
            break;
        case OffsetResetTo::Offset:
            row.target = std::clamp(request.offset, p.logStart, p.logEnd);
            if (request.offset < p.logStart)
                row.clamped = u"%1 is before the log start %2"_s.arg(request.offset).arg(p.logStart);
            else if (request.offset > p.logEnd)
                row.clamped = u"%1 is after the log end %2"_s.arg(request.offset).arg(p.logEnd);
            break;
        }
        rows->append(row);
    }
    return {};
}

QString KafkaActionRules::checkPartitions(const KafkaActionRequest &request, int current, QString *noOp)
{
    noOp->clear();
    if (request.partitions < current)
        return u"topic %1 has %2 partitions: Kafka cannot remove partitions, so the new count must be more "
               u"than %2, not %3"_s.arg(request.topic)
                   .arg(current)
                   .arg(request.partitions);
    if (request.partitions == current)
        *noOp = u"topic %1 already has %2 partitions"_s.arg(request.topic).arg(current);
    return {};
}

QString KafkaActionRules::partitionsConsequence(const QString &topic, int before, int after)
{
    return u"Keyed ordering: a key's partition is hash(key) mod the partition count, so going from %2 to %3 "
           u"partitions moves most keys of %1 (saga ids) to another partition. Per-key ordering across the "
           u"change is lost for every saga whose partition moves: its later events can be consumed before its "
           u"earlier ones still waiting on the old partition. Every consumer group of %1 rebalances to take the "
           u"new partitions; a group with auto.offset.reset=latest skips what is written to a new partition "
           u"before it is assigned. Partitions can never be removed again."_s.arg(topic)
               .arg(before)
               .arg(after);
}

ConfirmationRequirement KafkaActionRules::confirmationFor(const KafkaActionRequest &request)
{
    ConfirmationRequirement c;
    c.kind = ConfirmationRequirement::Kind::TypeTarget;
    if (request.verb == KafkaActionVerb::AddPartitions) {
        c.expected = request.topic;
        c.prompt = u"Type the topic name %1 to give it %2 partitions (this cannot be undone)"_s.arg(request.topic)
                       .arg(request.partitions);
    } else {
        c.expected = request.group;
        c.prompt = u"Type the group name %1 to move its committed offsets"_s.arg(request.group);
    }
    return c;
}

} // namespace sagadeck
