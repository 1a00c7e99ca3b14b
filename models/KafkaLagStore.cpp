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
    m_replication = {};
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
    m_scope.requests = snap.requests;
    m_scope.clusterGroups = snap.clusterGroups;
    m_scope.page = snap.allGroupsPage;
    m_scope.pageSize = snap.allGroupsPageSize;
    m_scope.pages = snap.allGroupsPages;
    m_scope.profileGroups = 0;
    for (const ConsumerGroupSnapshot &g : snap.groups)
        m_scope.profileGroups += g.inProfile ? 1 : 0;

    // Topics: log-end windows give the message rate (and lag in time below). A partition
    // without a leader has no log end to read: whatever a refresh said, it is unknown now, and
    // so is its rate (an older window is not passed off as current).
    QHash<QString, QPair<qint64, qint64>> logEndDelta; // key: (delta, span ms)
    QHash<QString, const TopicPartitionInfo *> metadata;
    m_topics.clear();
    m_replication = ReplicationSummary::of(snap.topics, snap.brokers);
    for (const TopicSnapshot &t : snap.topics) {
        for (const TopicPartitionInfo &p : t.partitions) {
            metadata.insert(key(t.name, p.partition), &p);
            const bool leaderless = replicationOf(p.leader, p.replicas, p.isr) == Replication::Leaderless;
            const qint64 logEnd = leaderless ? -1 : p.logEnd;
            TopicPartitionRow row;
            row.topic = t.name;
            row.partition = p.partition;
            row.leader = p.leader;
            row.replicas = p.replicas;
            row.isr = p.isr;
            row.logEnd = logEnd;
            row.error = p.error.isEmpty() ? t.error : p.error;
            row.replicationDetail = replicationDetail(p, snap.brokers);
            auto &w = m_logEnds[key(t.name, p.partition)];
            if (logEnd >= 0)
                w.append({now, logEnd});
            keepLast(w, window);
            if (logEnd >= 0 && w.size() >= 2 && w.last().first > w.first().first) {
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
    m_capacity.clear();
    for (const ConsumerGroupSnapshot &g : snap.groups) {
        const GroupCapacity capacity = capacityOf(g, snap.topics);
        m_capacity.insert(g.group, capacity);
        QHash<QString, const PartitionOwner *> owners;
        for (const PartitionOwner &o : capacity.owners)
            owners.insert(key(o.topic, o.partition), &o);
        GroupLagRow gr;
        gr.group = g.group;
        gr.state = g.state;
        gr.protocol = g.protocol;
        gr.error = g.error;
        gr.members = g.members;
        gr.partitions = int(g.partitions.size());
        gr.status = g.partitions.isEmpty() ? LagStatus::Ok : LagStatus::Pending;
        gr.reason = g.partitions.isEmpty() ? u"no committed offsets and no assignment"_s : QString();
        const bool offsetsUnknown = !g.offsetsError.isEmpty();
        if (offsetsUnknown) {
            // Not "no commit": the offsets are there, but could not be read in this refresh.
            gr.error = gr.error.isEmpty() ? u"committed offsets not read: "_s + g.offsetsError : gr.error;
            gr.status = LagStatus::Unknown;
            gr.reason = u"committed offsets not read: "_s + g.offsetsError;
        }
        gr.lagTime.method = LagTimeEstimator::methodName();
        bool unknownTime = false;
        int unknown = 0; // partitions of status UNKNOWN
        int worstSeverity = -1;
        for (const GroupPartitionOffset &p : g.partitions) {
            const QString k = g.group + u'\x1f' + key(p.topic, p.partition);
            seen.insert(k);
            // A partition the metadata does not list has no leader either.
            const TopicPartitionInfo *info = metadata.value(key(p.topic, p.partition));
            const TopicPartitionInfo none;
            const TopicPartitionInfo &meta = info ? *info : none;
            PartitionLagRow pr;
            pr.group = g.group;
            pr.topic = p.topic;
            pr.partition = p.partition;
            pr.committed = offsetsUnknown ? -1 : p.committed;
            pr.committedUnknown = offsetsUnknown;
            if (const PartitionOwner *o = owners.value(key(p.topic, p.partition))) {
                pr.ownerClientId = o->clientId;
                pr.ownerHost = o->host;
                pr.ownerMemberId = o->memberId;
            }
            pr.replication = replicationOf(meta.leader, meta.replicas, meta.isr);
            pr.replicationDetail = info ? replicationDetail(meta, snap.brokers) : u"not in the topic metadata"_s;
            pr.logEnd = pr.replication == Replication::Leaderless ? -1 : p.logEnd;
            pr.lag = pr.committed >= 0 && pr.logEnd >= 0 ? qMax<qint64>(0, pr.logEnd - pr.committed) : -1;
            auto &samples = m_samples[k];
            if (pr.logEnd >= 0 && !offsetsUnknown)
                samples.append({now, pr.committed, pr.logEnd, g.members});
            keepLast(samples, window);
            const auto d = logEndDelta.value(key(p.topic, p.partition), {0, 0});
            pr.lagTime = pr.lag >= 0 ? LagTimeEstimator::fromLogEndRate(pr.lag, d.first, d.second)
                                     : LagTime{-1, LagTimeEstimator::methodName()};
            // Without a log end there is no lag, so no Burrow status either: UNKNOWN, never OK.
            if (pr.replication == Replication::Leaderless)
                pr.verdict = {LagStatus::Unknown,
                              u"%1: the log-end offset cannot be read, lag unknown"_s.arg(pr.replicationDetail)};
            else if (offsetsUnknown)
                pr.verdict = {LagStatus::Unknown,
                              u"committed offset not read in this refresh (%1), lag unknown"_s.arg(g.offsetsError)};
            else if (pr.logEnd < 0)
                pr.verdict = {LagStatus::Unknown, u"log-end offset not read in this refresh, lag unknown"_s};
            else
                pr.verdict = m_evaluator.evaluate(samples);
            if (pr.replication == Replication::Leaderless)
                ++gr.leaderless;
            if (pr.verdict.status == LagStatus::Unknown)
                ++unknown;
            if (pr.noCommit())
                ++gr.noCommit;
            else if (pr.lag < 0)
                ++gr.lagUnknown;
            else
                gr.totalLag += pr.lag;
            if ((pr.lag > 0 && !pr.lagTime.known()) || pr.lagUnknown())
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
        if (gr.status == LagStatus::Unknown && unknown > 1)
            gr.reason += u" (+%1 more partition%2 UNKNOWN)"_s.arg(unknown - 1).arg(unknown > 2 ? u"s"_s : QString());
        if (unknownTime)
            gr.lagTime.seconds = -1; // the oldest unread message's age cannot be bounded
        // A total with partitions left out is not the group's lag: the chart shows a gap there.
        if (gr.lagUnknown == 0 && !offsetsUnknown)
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

QString GroupLagRow::lagText() const
{
    // The known partitions' sum, and what it leaves out: never a total passed off as whole.
    QStringList left;
    if (lagUnknown > 0)
        left << u"+%1 unknown"_s.arg(lagUnknown);
    if (noCommit > 0)
        left << u"+%1 no commit"_s.arg(noCommit);
    return left.isEmpty() ? QString::number(totalLag) : u"%1 (%2)"_s.arg(totalLag).arg(left.join(u", "_s));
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
    // The sum of some partitions is not the topic's rate: unknown unless every one is known.
    double sum = 0;
    bool any = false;
    for (const TopicPartitionRow &r : m_topics) {
        if (r.topic != topic)
            continue;
        if (r.messagesPerS < 0)
            return -1;
        sum += r.messagesPerS;
        any = true;
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
