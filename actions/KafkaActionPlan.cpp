#include "KafkaActionPlan.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString kafkaActionVerbName(KafkaActionVerb verb)
{
    return verb == KafkaActionVerb::AddPartitions ? u"add-partitions"_s : u"reset-offsets"_s;
}

QString offsetResetToName(OffsetResetTo to)
{
    switch (to) {
    case OffsetResetTo::Earliest: return u"earliest"_s;
    case OffsetResetTo::Latest: return u"latest"_s;
    case OffsetResetTo::Datetime: return u"datetime"_s;
    case OffsetResetTo::Offset: return u"offset"_s;
    }
    return {};
}

QString OffsetResetRow::effect() const
{
    if (committed < 0)
        return u"no commit: starts at %1"_s.arg(target);
    const qint64 d = delta();
    if (d > 0)
        return u"skips %1"_s.arg(d);
    if (d < 0)
        return u"replays %1"_s.arg(-d);
    return u"unchanged"_s;
}

qint64 KafkaActionPlan::skipped() const
{
    qint64 n = 0;
    for (const OffsetResetRow &r : rows)
        n += std::max<qint64>(0, r.delta());
    return n;
}

qint64 KafkaActionPlan::replayed() const
{
    qint64 n = 0;
    for (const OffsetResetRow &r : rows)
        n += std::max<qint64>(0, -r.delta());
    return n;
}

ActionTargets KafkaActionPlan::targets() const
{
    if (request.verb == KafkaActionVerb::AddPartitions)
        return {u"topic"_s, QString(), {request.topic}};
    return {u"consumer-group"_s, QString(), {request.group}};
}

QString KafkaActionPlan::summary() const
{
    if (request.verb == KafkaActionVerb::AddPartitions)
        return u"add partitions to %1: %2 → %3"_s.arg(request.topic)
            .arg(partitionsBefore < 0 ? u"?"_s : QString::number(partitionsBefore))
            .arg(request.partitions);
    QString to;
    switch (request.to) {
    case OffsetResetTo::Earliest: to = u"the earliest offset"_s; break;
    case OffsetResetTo::Latest: to = u"the latest offset"_s; break;
    case OffsetResetTo::Datetime: to = request.at.toUTC().toString(Qt::ISODateWithMs); break;
    case OffsetResetTo::Offset: to = u"offset %1"_s.arg(request.offset); break;
    }
    const QString where = request.partition >= 0 ? u"%1-%2"_s.arg(request.topic).arg(request.partition)
                                                 : u"every partition of %1"_s.arg(request.topic);
    return u"reset offsets of %1 on %2 to %3"_s.arg(request.group, where, to);
}

QString KafkaActionPlan::describe() const
{
    QStringList lines;
    lines << summary();
    lines << u"profile %1%2, brokers %3%4"_s.arg(profile, production ? u" (PRODUCTION)"_s : QString(), bootstrap,
                                                 identity.isEmpty() ? QString() : u", as "_s + identity);
    if (request.verb == KafkaActionVerb::AddPartitions) {
        if (partitionsBefore >= 0)
            lines << u"partitions: %1 now, %2 after"_s.arg(partitionsBefore).arg(request.partitions);
        if (!consequence.isEmpty())
            lines << consequence;
    } else if (found) {
        lines << u"group state %1, %2 active member(s)"_s.arg(groupState.isEmpty() ? u"unknown"_s : groupState)
                     .arg(members.size());
        for (const OffsetResetRow &r : rows)
            lines << u"  %1-%2: committed %3 → %4 (log %5 … %6): %7%8"_s.arg(request.topic)
                         .arg(r.partition)
                         .arg(r.committed < 0 ? u"none"_s : QString::number(r.committed))
                         .arg(r.target)
                         .arg(r.logStart)
                         .arg(r.logEnd)
                         .arg(r.effect(), r.clamped.isEmpty() ? QString() : u" (clamped: "_s + r.clamped + u")"_s);
        lines << u"in all: skips %1, replays %2 message(s)"_s.arg(skipped()).arg(replayed());
    }
    if (!refusal.isEmpty())
        lines << u"refused: "_s + refusal;
    if (!noOp.isEmpty())
        lines << u"nothing to do: "_s + noOp;
    return lines.join(u'\n');
}

void registerKafkaActionMetaTypes()
{
    qRegisterMetaType<KafkaActionRequest>();
    qRegisterMetaType<KafkaActionPlan>();
    qRegisterMetaType<KafkaGroupRead>();
    qRegisterMetaType<KafkaChangeResult>();
}

} // namespace sagadeck
