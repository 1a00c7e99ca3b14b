// A partition's replication (ok, under-replicated, leaderless) and what it does to lag: a
// partition without a leader has no log end to read, so its lag is unknown and its status never
// OK, and neither is its group's; an under-replicated partition that is led keeps its exact lag;
// when the broker is back everything is exact again. The store, the item models and the
// snapshot JSON on hand-written snapshots of a three-broker cluster, no servers.
#include "../gui/HandFilledModels.h"
#include "PlainText.h"

#include "ConsumerGroupModel.h"
#include "KafkaJson.h"
#include "KafkaLagStore.h"
#include "PartitionLagModel.h"
#include "PartitionReplication.h"
#include "TopicPartitionModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;

namespace {

const QString kTopic = u"saga-events"_s;
const QString kGroup = u"saga-orchestrator-group"_s;

KafkaSnapshot snapshot(Cluster cluster, int step, bool staleLogEnds = false)
{
    return clusterSnapshot(cluster, QDateTime::fromMSecsSinceEpoch(1'000'000 + step * 2000, Qt::UTC), step,
                           staleLogEnds);
}

QJsonObject jsonPartition(const QJsonObject &kafka, int p)
{
    return kafka[u"groups"_s][0][u"partitions"_s][p].toObject();
}

QJsonObject jsonTopicPartition(const QJsonObject &kafka, int p)
{
    return kafka[u"topics"_s][0][u"partitions"_s][p].toObject();
}

} // namespace

class TestReplication : public QObject
{
    Q_OBJECT
private slots:
    void replicationOfAPartition_data()
    {
        QTest::addColumn<int>("leader");
        QTest::addColumn<QVector<int>>("replicas");
        QTest::addColumn<QVector<int>>("isr");
        QTest::addColumn<int>("expected");
        QTest::newRow("all in sync") << 1 << QVector<int>{1, 2, 3} << QVector<int>{1, 2, 3} << int(Replication::Ok);
        QTest::newRow("single replica") << 2 << QVector<int>{2} << QVector<int>{2} << int(Replication::Ok);
        QTest::newRow("one replica out") << 1 << QVector<int>{1, 2, 3} << QVector<int>{1, 2}
                                         << int(Replication::UnderReplicated);
        QTest::newRow("only the leader") << 1 << QVector<int>{1, 2, 3} << QVector<int>{1}
                                         << int(Replication::UnderReplicated);
        // No leader is leaderless whatever the in-sync set still names (KRaft keeps the last one).
        QTest::newRow("no leader, isr kept")
            << -1 << QVector<int>{3} << QVector<int>{3} << int(Replication::Leaderless);
        QTest::newRow("no leader, nothing") << -1 << QVector<int>{} << QVector<int>{} << int(Replication::Leaderless);
    }

    void replicationOfAPartition()
    {
        QFETCH(int, leader);
        QFETCH(QVector<int>, replicas);
        QFETCH(QVector<int>, isr);
        QFETCH(int, expected);
        QCOMPARE(int(replicationOf(leader, replicas, isr)), expected);
    }

    void sentence_data()
    {
        QTest::addColumn<QVector<TopicSnapshot>>("topics");
        QTest::addColumn<QVector<int>>("brokers");
        QTest::addColumn<QString>("sentence");
        auto part = [](int p, int leader, QVector<int> replicas, QVector<int> isr) {
            TopicPartitionInfo i;
            i.partition = p;
            i.leader = leader;
            i.replicas = replicas;
            i.isr = isr;
            return i;
        };
        const TopicSnapshot ok{u"orders"_s, {}, {part(0, 1, {1, 2}, {1, 2}), part(1, 2, {2, 1}, {2, 1})}};
        QTest::newRow("all ok") << QVector<TopicSnapshot>{ok} << QVector<int>{1, 2} << QString();
        QTest::newRow("broker down") << QVector<TopicSnapshot>{{u"saga-events"_s,
                                                                {},
                                                                {part(0, -1, {3}, {3}), part(1, -1, {3, 1}, {3}),
                                                                 part(2, 1, {1, 3}, {1}), part(3, 2, {2, 3}, {2}),
                                                                 part(4, 1, {1, 2}, {1, 2})}},
                                                               ok}
                                     << QVector<int>{1, 2}
                                     << u"2 partitions of saga-events leaderless (broker 3 down), 2 under-replicated"_s;
        QTest::newRow("alive but behind")
            << QVector<TopicSnapshot>{{u"orders"_s, {}, {part(0, 1, {1, 2}, {1})}}} << QVector<int>{1, 2}
            << u"1 partition of orders under-replicated (broker 2 not in sync)"_s;
        QTest::newRow("brokers not known")
            << QVector<TopicSnapshot>{{u"orders"_s, {}, {part(0, -1, {2}, {2}), part(1, 1, {1, 2}, {1})}}}
            << QVector<int>{} << u"1 partition of orders leaderless, 1 under-replicated (broker 2 not in sync)"_s;
        QTest::newRow("two topics")
            << QVector<TopicSnapshot>{{u"b-topic"_s, {}, {part(0, 1, {1, 3}, {1})}},
                                      {u"a-topic"_s, {}, {part(0, -1, {3}, {3}), part(1, -1, {3}, {3})}}}
            << QVector<int>{1, 2}
            << u"2 partitions of a-topic leaderless (broker 3 down); 1 partition of b-topic under-replicated "
               u"(broker 3 down)"_s;
    }

    void sentence()
    {
        QFETCH(QVector<TopicSnapshot>, topics);
        QFETCH(QVector<int>, brokers);
        QFETCH(QString, sentence);
        const ReplicationSummary s = ReplicationSummary::of(topics, brokers);
        QCOMPARE(s.sentence(), sentence);
        QCOMPARE(s.allOk(), sentence.isEmpty());
        QCOMPARE(s.brief().isEmpty(), sentence.isEmpty());
    }

    // Healthy, broker 3 lost (two partitions leaderless), every partition led again, broker 3 back.
    void lagThroughABrokerLoss_data()
    {
        QTest::addColumn<bool>("staleLogEnds");
        QTest::newRow("the feed says -1") << false;
        QTest::newRow("a log end from an older refresh") << true;
    }

    void lagThroughABrokerLoss()
    {
        QFETCH(bool, staleLogEnds);
        KafkaLagStore store;
        store.setWindowSamples(2);
        store.apply(snapshot(Cluster::Healthy, 0));
        store.apply(snapshot(Cluster::Healthy, 1));
        auto group = [&store] { return *store.group(kGroup); };
        QCOMPARE(group().status, LagStatus::Ok);
        QCOMPARE(group().totalLag, 0 + 1 + 2 + 3 + 4 + 5);
        QVERIFY(store.replication().allOk());
        QCOMPARE(store.history().series(kGroup).size(), 2);

        // Broker 3 lost.
        store.apply(snapshot(Cluster::Broker3Down, 2, staleLogEnds));
        const QVector<PartitionLagRow> rows = store.partitionsOf(kGroup);
        QCOMPARE(rows.size(), 6);
        for (const PartitionLagRow &r : rows) {
            const bool leaderless = r.partition == 2 || r.partition == 5;
            const QString where = u"partition %1: "_s.arg(r.partition) + r.verdict.reason;
            if (leaderless) {
                QCOMPARE(r.replication, Replication::Leaderless);
                QCOMPARE(r.logEnd, -1); // never a number from an older refresh
                QCOMPARE(r.lag, -1);
                QVERIFY(r.lagUnknown());
                QVERIFY(!r.lagTime.known());
                QVERIFY2(r.verdict.status == LagStatus::Unknown, qPrintable(where));
                QVERIFY2(r.verdict.reason.contains(u"no leader"_s), qPrintable(where));
                QVERIFY2(r.replicationDetail.contains(u"broker 3 down"_s), qPrintable(r.replicationDetail));
            } else {
                // Led but under-replicated: the lag is as exact as ever.
                QCOMPARE(r.replication, Replication::UnderReplicated);
                QCOMPARE(r.logEnd, 100 + 20 + r.partition);
                QCOMPARE(r.lag, r.partition);
                QVERIFY2(r.verdict.status == LagStatus::Ok, qPrintable(where));
            }
            QVERIFY2(r.verdict.status != LagStatus::Ok || !leaderless, qPrintable(where));
        }
        // The group is not OK while a partition has no leader; its total is what is known.
        QCOMPARE(group().status, LagStatus::Unknown);
        QVERIFY2(group().reason.startsWith(u"saga-events-2: no leader"_s), qPrintable(group().reason));
        QCOMPARE(group().leaderless, 2);
        QCOMPARE(group().lagUnknown, 2);
        QCOMPARE(group().totalLag, 0 + 1 + 3 + 4);
        QCOMPARE(group().lagText(), u"8 (+2 unknown)"_s);
        QVERIFY(!group().lagTime.known());
        QCOMPARE(store.history().series(kGroup).size(), 2); // a gap, not a dip to 8
        QCOMPARE(store.topicRate(kTopic), -1.0);
        QCOMPARE(store.replication().leaderless(), 2);
        QCOMPARE(store.replication().underReplicated(), 4);
        QCOMPARE(store.replication().downBrokers(), QVector<int>{3});
        QCOMPARE(store.replication().sentence(),
                 u"2 partitions of saga-events leaderless (broker 3 down), 4 under-replicated"_s);
        QCOMPARE(store.replication().brief(), u"broker 3 down: 2 leaderless, 4 under-replicated partitions"_s);
        for (const TopicPartitionRow &t : store.topicPartitions()) {
            QCOMPARE(t.logEnd >= 0, t.leader >= 0);
            QCOMPARE(t.messagesPerS >= 0, t.leader >= 0);
        }

        // Every partition led again on broker 1 or 2; broker 3 still lost: exact and OK.
        store.apply(snapshot(Cluster::Broker3DownLed, 3));
        for (const PartitionLagRow &r : store.partitionsOf(kGroup)) {
            QCOMPARE(r.replication, Replication::UnderReplicated);
            QCOMPARE(r.lag, r.partition);
            QCOMPARE(r.verdict.status, LagStatus::Ok);
        }
        QCOMPARE(group().status, LagStatus::Ok);
        QCOMPARE(group().totalLag, 15);
        QCOMPARE(group().lagUnknown, 0);
        QCOMPARE(store.replication().sentence(), u"6 partitions of saga-events under-replicated (broker 3 down)"_s);
        QCOMPARE(store.replication().brief(), u"broker 3 down: 6 under-replicated partitions"_s);
        QCOMPARE(store.history().series(kGroup).size(), 3);

        // Broker 3 back: everything ok and exact.
        store.apply(snapshot(Cluster::Healthy, 4));
        for (const PartitionLagRow &r : store.partitionsOf(kGroup)) {
            QCOMPARE(r.replication, Replication::Ok);
            QCOMPARE(r.logEnd, 140 + r.partition);
            QCOMPARE(r.lag, r.partition);
            QCOMPARE(r.verdict.status, LagStatus::Ok);
            QVERIFY(r.replicationDetail.isEmpty());
        }
        QCOMPARE(group().status, LagStatus::Ok);
        QCOMPARE(group().lagText(), u"15"_s);
        QVERIFY(store.replication().allOk());
        QVERIFY(store.topicRate(kTopic) > 0);
    }

    // A partition the metadata does not list (its topic was deleted) has no leader either.
    void partitionMissingFromTheMetadata()
    {
        KafkaLagStore store;
        KafkaSnapshot s = snapshot(Cluster::Healthy, 0);
        s.groups[0].partitions.append({u"gone"_s, 0, 10, 30});
        store.apply(s);
        const PartitionLagRow gone = store.partitionsOf(kGroup).last();
        QCOMPARE(gone.topic, u"gone"_s);
        QCOMPARE(gone.replication, Replication::Leaderless);
        QCOMPARE(gone.lag, -1);
        QCOMPARE(gone.verdict.status, LagStatus::Unknown);
        QCOMPARE(store.group(kGroup)->status, LagStatus::Unknown);
    }

    // A group whose committed offsets could not be read (its coordinator was the broker that
    // went away) has unknown offsets, not "no commit", and is not OK.
    void committedOffsetsNotRead()
    {
        KafkaLagStore store;
        store.setWindowSamples(2);
        store.apply(snapshot(Cluster::Healthy, 0));
        KafkaSnapshot s = snapshot(Cluster::Healthy, 1);
        ConsumerGroupSnapshot &g = s.groups[0];
        g.offsetsError = u"Local: Timed out"_s;
        for (GroupPartitionOffset &p : g.partitions)
            p.committed = -1; // what the feed sends: the assignment, no offsets
        ConsumerGroupSnapshot empty;
        empty.group = u"empty-group"_s;
        empty.state = u"Empty"_s;
        empty.offsetsError = u"Local: Timed out"_s;
        s.groups.append(empty);
        store.apply(s);
        const GroupLagRow group = *store.group(kGroup);
        QCOMPARE(group.status, LagStatus::Unknown);
        QCOMPARE(group.noCommit, 0);
        QCOMPARE(group.lagUnknown, 6);
        QCOMPARE(group.lagText(), u"0 (+6 unknown)"_s);
        QCOMPARE(group.error, u"committed offsets not read: Local: Timed out"_s);
        QCOMPARE(store.history().series(kGroup).size(), 1); // a gap, not a drop to 0
        for (const PartitionLagRow &r : store.partitionsOf(kGroup)) {
            QVERIFY(r.committedUnknown);
            QVERIFY(!r.noCommit());
            QVERIFY(r.lagUnknown());
            QCOMPARE(r.verdict.status, LagStatus::Unknown);
        }
        // Not even its partitions are known: still not OK.
        QCOMPARE(store.group(u"empty-group"_s)->status, LagStatus::Unknown);
        PartitionLagModel model;
        model.setRows(kGroup, store.partitionsOf(kGroup));
        QCOMPARE(model.index(1, PartitionLagModel::Committed).data().toString(), u"unknown"_s);
        QCOMPARE(model.index(1, PartitionLagModel::Lag).data().toString(), u"unknown (committed offset not read)"_s);
        QVERIFY(!model.index(1, 0).data(PartitionLagModel::NoCommitRole).toBool());
        const QJsonObject p1 = jsonPartition(kafkaJson(store), 1);
        QVERIFY(p1[u"committed_offset"_s].isNull());
        QCOMPARE(p1[u"no_commit"_s].toBool(), false);
        QCOMPARE(p1[u"committed_offset_unknown"_s].toBool(), true);
        QCOMPARE(p1[u"lag_unknown"_s].toBool(), true);
        QVERIFY(p1[u"lag"_s].isNull());
        // Read again: exact.
        store.apply(snapshot(Cluster::Healthy, 2));
        QCOMPARE(store.group(kGroup)->lagText(), u"15"_s);
        QCOMPARE(store.group(kGroup)->status, LagStatus::Ok);
    }

    void itemModelsSayUnknown()
    {
        KafkaLagStore store;
        store.setWindowSamples(2);
        store.apply(snapshot(Cluster::Healthy, 0));
        store.apply(snapshot(Cluster::Broker3Down, 1));
        PartitionLagModel partitions;
        ConsumerGroupModel groups;
        TopicPartitionModel topics;
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        QAbstractItemModelTester t1(&partitions, mode), t2(&groups, mode), t3(&topics, mode);
        partitions.setRows(kGroup, store.partitionsOf(kGroup));
        groups.setRows(store.groups());
        topics.setRows(store.topicPartitions());
        auto cell = [](const QAbstractItemModel &m, int row, int column) {
            return m.index(row, column).data().toString();
        };
        QCOMPARE(cell(partitions, 2, PartitionLagModel::Status), u"UNKNOWN"_s);
        QCOMPARE(cell(partitions, 2, PartitionLagModel::LogEnd), u"unknown (no leader)"_s);
        QCOMPARE(cell(partitions, 2, PartitionLagModel::Lag), u"unknown (no leader)"_s);
        QCOMPARE(cell(partitions, 2, PartitionLagModel::LagTimeColumn), u"unknown"_s);
        QCOMPARE(cell(partitions, 2, PartitionLagModel::ReplicationColumn), u"leaderless"_s);
        QCOMPARE(partitions.index(2, PartitionLagModel::ReplicationColumn).data(Qt::ToolTipRole).toString(),
                 plainTooltip(u"leaderless: no leader; replicas 3,1 (broker 3 down)"_s));
        QCOMPARE(cell(partitions, 1, PartitionLagModel::Lag), u"1"_s);
        QCOMPARE(cell(partitions, 1, PartitionLagModel::ReplicationColumn), u"under-replicated"_s);
        QCOMPARE(partitions.index(1, PartitionLagModel::ReplicationColumn).data(Qt::ToolTipRole).toString(),
                 plainTooltip(u"under-replicated: in sync 2 of 2,3 (broker 3 down)"_s));
        QCOMPARE(partitions.index(2, 0).data(PartitionLagModel::ReplicationRole).toInt(), int(Replication::Leaderless));
        QCOMPARE(cell(groups, 0, ConsumerGroupModel::Status), u"UNKNOWN"_s);
        QCOMPARE(cell(groups, 0, ConsumerGroupModel::Lag), u"8 (+2 unknown)"_s);
        QCOMPARE(cell(topics, 2, TopicPartitionModel::Leader), u"none"_s);
        QCOMPARE(cell(topics, 2, TopicPartitionModel::LogEnd), u"unknown (no leader)"_s);
        QCOMPARE(cell(topics, 2, TopicPartitionModel::Rate), u"unknown"_s);
        QCOMPARE(cell(topics, 2, TopicPartitionModel::ReplicationColumn), u"leaderless"_s);
        QCOMPARE(cell(topics, 0, TopicPartitionModel::ReplicationColumn), u"under-replicated"_s);
        QCOMPARE(cell(topics, 0, TopicPartitionModel::Isr), u"1 ⚠"_s);
        QCOMPARE(topics.index(2, 0).data(Qt::ToolTipRole).toString(),
                 plainTooltip(u"leaderless: no leader; replicas 3,1 (broker 3 down)\nBroker: Leader not available"_s));
    }

    void snapshotJson()
    {
        KafkaLagStore store;
        store.setWindowSamples(2);
        store.apply(snapshot(Cluster::Healthy, 0));
        store.apply(snapshot(Cluster::Broker3Down, 1, true));
        const QJsonObject kafka = kafkaJson(store);
        const QJsonObject group = kafka[u"groups"_s][0].toObject();
        QCOMPARE(group[u"status"_s].toString(), u"UNKNOWN"_s);
        QCOMPARE(group[u"lag"_s].toInteger(), 8);
        QCOMPARE(group[u"partitions_lag_unknown"_s].toInt(), 2);
        QCOMPARE(group[u"partitions_leaderless"_s].toInt(), 2);
        const QJsonObject p2 = jsonPartition(kafka, 2);
        QVERIFY(p2[u"lag"_s].isNull());
        QVERIFY(p2[u"log_end_offset"_s].isNull());
        QCOMPARE(p2[u"committed_offset"_s].toInteger(), 110);
        QCOMPARE(p2[u"lag_unknown"_s].toBool(), true);
        QCOMPARE(p2[u"replication"_s].toString(), u"leaderless"_s);
        QVERIFY(p2[u"leader"_s].isNull());
        QCOMPARE(p2[u"replicas"_s].toArray(), (QJsonArray{3, 1}));
        QCOMPARE(p2[u"isr"_s].toArray(), QJsonArray{3});
        QCOMPARE(p2[u"status"_s].toString(), u"UNKNOWN"_s);
        const QJsonObject p1 = jsonPartition(kafka, 1);
        QCOMPARE(p1[u"lag"_s].toInteger(), 1);
        QCOMPARE(p1[u"lag_unknown"_s].toBool(), false);
        QCOMPARE(p1[u"replication"_s].toString(), u"under_replicated"_s);
        QCOMPARE(p1[u"leader"_s].toInt(), 2);
        QCOMPARE(p1[u"isr"_s].toArray(), QJsonArray{2});
        QCOMPARE(jsonTopicPartition(kafka, 5)[u"replication"_s].toString(), u"leaderless"_s);
        QVERIFY(jsonTopicPartition(kafka, 5)[u"log_end_offset"_s].isNull());
        QVERIFY(jsonTopicPartition(kafka, 5)[u"leader"_s].isNull());
        QCOMPARE(jsonTopicPartition(kafka, 4)[u"replication"_s].toString(), u"under_replicated"_s);
        QVERIFY(kafka[u"topics"_s][0][u"messages_per_s"_s].isNull());
        const QJsonObject r = kafka[u"replication"_s].toObject();
        QCOMPARE(r[u"leaderless"_s].toInt(), 2);
        QCOMPARE(r[u"under_replicated"_s].toInt(), 4);
        QCOMPARE(r[u"partitions"_s].toInt(), 6);
        QCOMPARE(r[u"brokers"_s].toArray(), (QJsonArray{1, 2}));
        QCOMPARE(r[u"brokers_down"_s].toArray(), QJsonArray{3});
        QCOMPARE(r[u"summary"_s].toString(),
                 u"2 partitions of saga-events leaderless (broker 3 down), 4 under-replicated"_s);
        QCOMPARE(r[u"topics"_s][0][u"leaderless"_s].toArray(), (QJsonArray{2, 5}));

        // Back: ok everywhere, every lag a number.
        store.apply(snapshot(Cluster::Healthy, 2));
        const QJsonObject back = kafkaJson(store);
        for (int p = 0; p < 6; ++p) {
            QCOMPARE(jsonPartition(back, p)[u"replication"_s].toString(), u"ok"_s);
            QCOMPARE(jsonPartition(back, p)[u"lag"_s].toInteger(), p);
        }
        QCOMPARE(back[u"replication"_s][u"summary"_s].toString(), QString());
        QCOMPARE(back[u"groups"_s][0][u"status"_s].toString(), u"OK"_s);
    }
};

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
