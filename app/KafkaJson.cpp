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
} // namespace

QJsonObject kafkaJson(const KafkaLagStore &store)
{
    QJsonArray groups;
    for (const GroupLagRow &g : store.groups()) {
        QJsonArray parts;
        for (const PartitionLagRow &p : store.partitionsOf(g.group))
            parts.append(QJsonObject{{u"topic"_s, p.topic},
                                     {u"partition"_s, p.partition},
                                     {u"committed_offset"_s, offset(p.committed)},
                                     {u"no_commit"_s, p.committed < 0},
                                     {u"log_end_offset"_s, offset(p.logEnd)},
                                     {u"lag"_s, offset(p.lag)},
                                     {u"lag_time"_s, lagTimeJson(p.lagTime)},
                                     {u"status"_s, statusKey(p.verdict.status)},
                                     {u"status_reason"_s, p.verdict.reason}});
        groups.append(QJsonObject{{u"group"_s, g.group},
                                  {u"state"_s, g.state},
                                  {u"members"_s, g.members},
                                  {u"protocol"_s, g.protocol},
                                  {u"error"_s, g.error},
                                  {u"status"_s, statusKey(g.status)},
                                  {u"status_reason"_s, g.reason},
                                  {u"lag"_s, g.totalLag},
                                  {u"partitions_without_commit"_s, g.noCommit},
                                  {u"lag_time"_s, lagTimeJson(g.lagTime)},
                                  {u"partitions"_s, parts}});
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
        QJsonArray replicas, isr;
        for (int b : r.replicas)
            replicas.append(b);
        for (int b : r.isr)
            isr.append(b);
        tparts.append(QJsonObject{{u"partition"_s, r.partition},
                                  {u"leader"_s, r.leader},
                                  {u"replicas"_s, replicas},
                                  {u"isr"_s, isr},
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
            {u"topics"_s, topics}};
}

} // namespace sagadeck
