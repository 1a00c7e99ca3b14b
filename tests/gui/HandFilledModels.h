#pragma once

// Hand-filled models for the page logic tests (tst_*_logic): the values a feed would deliver,
// written out in the test, so a page can be checked without a server behind it.

#include "AlertRule.h"
#include "DeploymentInfo.h"
#include "FeedHealth.h"
#include "FeedHealthModel.h"
#include "KafkaLagStore.h"
#include "KafkaSnapshot.h"

#include <QDateTime>
#include <QDir>
#include <QMetaType>
#include <QString>
#include <QVector>
#include <QWidget>

namespace handfilled {

using namespace sagadeck;

inline FeedHealth feed(FeedKind kind, FeedState state, const QString &reason, const QDateTime &lastSuccess)
{
    FeedHealth h;
    h.feed = kind;
    h.state = state;
    h.reason = reason;
    h.lastSuccess = lastSuccess;
    return h;
}

// Every feed in `state`, its last good data `ageMs` ago (none when ageMs < 0).
inline void setAll(FeedHealthModel &model, FeedState state, qint64 ageMs)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (FeedKind kind : allFeedKinds)
        model.update(feed(kind, state,
                          state == FeedState::Live ? QString() : QStringLiteral("reason of ") + feedName(kind),
                          ageMs < 0 ? QDateTime() : now.addMSecs(-ageMs)));
}

// One partition of one consumer group over two refreshes: committed and log-end offsets at each.
struct PartitionSpec
{
    QString topic;
    int partition = 0;
    qint64 committed0 = -1, committed1 = -1;
    qint64 logEnd0 = 0, logEnd1 = 0;
};

struct GroupSpec
{
    QString group;
    int members = 1;
    QString state = QStringLiteral("Stable");
    QVector<PartitionSpec> partitions;
};

// Two Kafka refreshes 10 s apart, the second at `at`, into a store whose status window is two
// samples: every group gets its Burrow-style status from the two. Topics (and with them the
// log-end rate behind lag in time) are the partitions the groups name.
inline void feedKafka(KafkaLagStore &store, const QVector<GroupSpec> &groups, const QDateTime &at, qint64 tookMs = 87)
{
    store.setWindowSamples(2);
    for (int i = 0; i < 2; ++i) {
        KafkaSnapshot s;
        s.at = at.addSecs(i == 0 ? -10 : 0);
        s.tookMs = tookMs;
        QMap<QString, QMap<int, qint64>> logEnds;
        for (const GroupSpec &g : groups) {
            ConsumerGroupSnapshot cg;
            cg.group = g.group;
            cg.state = g.state;
            cg.members = g.members;
            cg.protocol = QStringLiteral("range");
            for (const PartitionSpec &p : g.partitions) {
                const qint64 logEnd = i == 0 ? p.logEnd0 : p.logEnd1;
                cg.partitions.append({p.topic, p.partition, i == 0 ? p.committed0 : p.committed1, logEnd});
                logEnds[p.topic][p.partition] = logEnd;
            }
            s.groups.append(cg);
        }
        for (auto t = logEnds.cbegin(); t != logEnds.cend(); ++t) {
            TopicSnapshot topic;
            topic.name = t.key();
            for (auto p = t.value().cbegin(); p != t.value().cend(); ++p)
                topic.partitions.append({p.key(), 1, {1}, {1}, p.value(), QString()});
            s.topics.append(topic);
        }
        store.apply(s);
    }
}

// A three-broker cluster, the way the Kafka feed reports it, for replication: saga-events with
// 6 partitions of 2 replicas each, every one of them on broker 3, read by
// saga-orchestrator-group (one member). Partition p's log end is 100 + 10 * step + p and the
// group is p messages behind it.
enum class Cluster
{
    Healthy,        // brokers 1-3, every replica in sync
    Broker3Down,    // broker 3 lost: partitions 2 and 5 (in sync only on 3) leaderless, the rest under-replicated
    Broker3DownLed, // broker 3 still lost, but every partition led again (on a replica that caught up)
};

// `staleLogEnds`: the snapshot carries a log end for the leaderless partitions too (a number
// from an older refresh), which must never be shown as current.
inline KafkaSnapshot clusterSnapshot(Cluster cluster, const QDateTime &at, int step, bool staleLogEnds = false)
{
    const QString topic = QStringLiteral("saga-events");
    const QVector<QVector<int>> replicas{{1, 3}, {2, 3}, {3, 1}, {1, 3}, {2, 3}, {3, 2}};
    KafkaSnapshot s;
    s.at = at;
    s.tookMs = 40;
    s.brokers = cluster == Cluster::Healthy ? QVector<int>{1, 2, 3} : QVector<int>{1, 2};
    TopicSnapshot t;
    t.name = topic;
    ConsumerGroupSnapshot g;
    g.group = QStringLiteral("saga-orchestrator-group");
    g.state = QStringLiteral("Stable");
    g.members = 1;
    g.protocol = QStringLiteral("range");
    for (int p = 0; p < 6; ++p) {
        TopicPartitionInfo info;
        info.partition = p;
        info.replicas = replicas.at(p);
        const qint64 logEnd = 100 + 10 * step + p;
        const bool inSyncOnlyOn3 = p == 2 || p == 5;
        switch (cluster) {
        case Cluster::Healthy:
            info.leader = replicas.at(p).first();
            info.isr = replicas.at(p);
            break;
        case Cluster::Broker3Down:
            info.leader = inSyncOnlyOn3 ? -1 : replicas.at(p).first();
            info.isr = inSyncOnlyOn3 ? QVector<int>{3} : QVector<int>{replicas.at(p).first()};
            break;
        case Cluster::Broker3DownLed:
            info.leader = replicas.at(p).at(inSyncOnlyOn3 ? 1 : 0);
            info.isr = {info.leader};
            break;
        }
        const bool leaderless = info.leader < 0;
        info.logEnd = leaderless && !staleLogEnds ? -1 : logEnd;
        if (leaderless)
            info.error = QStringLiteral("Broker: Leader not available");
        t.partitions.append(info);
        g.partitions.append({topic, p, logEnd - p, info.logEnd});
    }
    s.topics = {t};
    s.groups = {g};
    return s;
}

inline DeploymentInfo deployment(const QString &name, int desired, int ready, int updated, int available,
                                 qint64 generation = 3, qint64 observed = 3, const QDateTime &restartedAt = {})
{
    DeploymentInfo d;
    d.name = name;
    d.ns = QStringLiteral("microservices");
    d.desiredReplicas = desired;
    d.readyReplicas = ready;
    d.updatedReplicas = updated;
    d.availableReplicas = available;
    d.generation = generation;
    d.observedGeneration = observed;
    d.restartedAt = restartedAt;
    d.conditions = QStringLiteral("Available=True, Progressing=True (NewReplicaSetAvailable)");
    d.images = QStringList{QStringLiteral("sagadeck.local/%1:1.0").arg(name)};
    d.revision = 2;
    return d;
}

// The three rules the service-level tiles read, with the runbook's thresholds.
inline QVector<AlertRule> serviceLevelRules()
{
    auto rule = [](const char *name, double threshold) {
        AlertRule r;
        r.name = QString::fromLatin1(name);
        r.query = QStringLiteral("vector(0)");
        r.op = AlertRule::Op::Above;
        r.threshold = threshold;
        r.forS = 120;
        r.severity = QStringLiteral("critical");
        return r;
    };
    return {rule("HighErrorRate", 0.01), rule("HighLatency", 0.5), rule("SagaFailureRate", 0.005)};
}

// A picture of the page to look at, when SAGADECK_SCREENSHOT_DIR names a folder.
inline bool savePicture(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QDir().mkpath(dir);
    return w->grab().save(dir + QLatin1Char('/') + name);
}

} // namespace handfilled

Q_DECLARE_METATYPE(handfilled::GroupSpec)
