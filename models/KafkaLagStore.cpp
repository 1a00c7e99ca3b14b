#include "KafkaLagStore.h"

#include <QSet>

#include <optional>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QString key(const QString &topic, int partition)
{
    return topic + u'\x1f' + QString::number(partition);
}

template <typename T>
void keepLast(QVector<T> &v, int n)
{
    if (v.size() > n)
        v.remove(0, v.size() - n);
}
} // namespace

KafkaLagStore::KafkaLagStore(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<KafkaSnapshot>();
}

void KafkaLagStore::setWindowSamples(int samples)
{
    m_evaluator = LagStatusEvaluator(samples);
}

void KafkaLagStore::clear()
{
    m_samples.clear();
    m_logEnds.clear();
    m_groups.clear();
    m_partitions.clear();
    m_topics.clear();
    m_history.clear();
    m_at = {};
    emit updated();
}

void KafkaLagStore::apply(const KafkaSnapshot &snap)
{
    const qint64 now = snap.at.toMSecsSinceEpoch();
    const int window = m_evaluator.windowSamples();
    m_at = snap.at;
    m_tookMs = snap.tookMs;

    // Topics: log-end windows give the message rate (and lag in time below).
    QHash<QString, QPair<qint64, qint64>> logEndDelta; // key: (delta, span ms)
    m_topics.clear();
    for (const TopicSnapshot &t : snap.topics) {
        for (const TopicPartitionInfo &p : t.partitions) {
            TopicPartitionRow row{t.name, p.partition, p.leader, p.replicas,
                                  p.isr,  p.logEnd,    -1,       p.error.isEmpty() ? t.error : p.error};
            auto &w = m_logEnds[key(t.name, p.partition)];
            if (p.logEnd >= 0)
                w.append({now, p.logEnd});
            keepLast(w, window);
            if (w.size() >= 2 && w.last().first > w.first().first) {
                const qint64 delta = w.last().second - w.first().second, span = w.last().first - w.first().first;
                logEndDelta.insert(key(t.name, p.partition), {delta, span});
                row.messagesPerS = double(delta) * 1000.0 / double(span);
            }
            m_topics.append(row);
        }
    }

    m_groups.clear();
    m_partitions.clear();
    QSet<QString> seen;
    for (const ConsumerGroupSnapshot &g : snap.groups) {
        GroupLagRow gr;
        gr.group = g.group;
        gr.state = g.state;
        gr.protocol = g.protocol;
        gr.error = g.error;
        gr.members = g.members;
        gr.partitions = int(g.partitions.size());
        gr.status = g.partitions.isEmpty() ? LagStatus::Ok : LagStatus::Pending;
        gr.reason = g.partitions.isEmpty() ? u"no committed offsets and no assignment"_s : QString();
        gr.lagTime.method = LagTimeEstimator::methodName();
        bool unknownTime = false;
        int worstSeverity = -1;
        for (const GroupPartitionOffset &p : g.partitions) {
            const QString k = g.group + u'\x1f' + key(p.topic, p.partition);
            seen.insert(k);
            auto &samples = m_samples[k];
            if (p.logEnd >= 0)
                samples.append({now, p.committed, p.logEnd, g.members});
            keepLast(samples, window);
            PartitionLagRow pr;
            pr.group = g.group;
            pr.topic = p.topic;
            pr.partition = p.partition;
            pr.committed = p.committed;
            pr.logEnd = p.logEnd;
            pr.lag = p.committed >= 0 && p.logEnd >= 0 ? qMax<qint64>(0, p.logEnd - p.committed) : -1;
            const auto d = logEndDelta.value(key(p.topic, p.partition), {0, 0});
            pr.lagTime = pr.lag >= 0 ? LagTimeEstimator::fromLogEndRate(pr.lag, d.first, d.second)
                                     : LagTime{-1, LagTimeEstimator::methodName()};
            pr.verdict = p.logEnd < 0 ? LagVerdict{LagStatus::Pending, u"log-end offset unknown"_s}
                                      : m_evaluator.evaluate(samples);
            if (pr.committed < 0)
                ++gr.noCommit;
            else
                gr.totalLag += pr.lag;
            if (pr.lag > 0 && !pr.lagTime.known())
                unknownTime = true;
            else if (pr.lagTime.known() && pr.lagTime.seconds > gr.lagTime.seconds)
                gr.lagTime.seconds = pr.lagTime.seconds;
            const int sev = lagStatusSeverity(pr.verdict.status);
            if (sev > worstSeverity) {
                worstSeverity = sev;
                gr.status = pr.verdict.status;
                gr.reason = u"%1-%2: %3"_s.arg(p.topic).arg(p.partition).arg(pr.verdict.reason);
            }
            m_partitions.append(pr);
        }
        if (unknownTime)
            gr.lagTime.seconds = -1; // the oldest unread message's age cannot be bounded
        m_history.append(g.group, now, gr.totalLag);
        m_groups.append(gr);
    }
    // Partitions that left every group (or groups that were deleted) do not keep old windows.
    for (auto it = m_samples.begin(); it != m_samples.end();) {
        if (seen.contains(it.key()))
            ++it;
        else
            it = m_samples.erase(it);
    }
    emit updated();
}

QVector<PartitionLagRow> KafkaLagStore::partitionsOf(const QString &group) const
{
    QVector<PartitionLagRow> out;
    for (const PartitionLagRow &r : m_partitions)
        if (r.group == group)
            out.append(r);
    return out;
}

double KafkaLagStore::topicRate(const QString &topic) const
{
    double sum = 0;
    bool any = false;
    for (const TopicPartitionRow &r : m_topics) {
        if (r.topic == topic && r.messagesPerS >= 0) {
            sum += r.messagesPerS;
            any = true;
        }
    }
    return any ? sum : -1;
}

std::optional<GroupLagRow> KafkaLagStore::group(const QString &name) const
{
    for (const GroupLagRow &g : m_groups)
        if (g.group == name)
            return g;
    return std::nullopt;
}

void KafkaLagStore::backfill(const QString &group, const QVector<QPointF> &points)
{
    m_history.backfill(group, points);
    emit updated();
}

} // namespace sagadeck
