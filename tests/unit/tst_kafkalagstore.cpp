#include "ConsumerGroupModel.h"
#include "KafkaLagStore.h"
#include "PartitionLagModel.h"
#include "TopicPartitionModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
// Two groups on a 3-partition topic; group "b" never committed partition 2.
KafkaSnapshot snapshot(qint64 atMs, qint64 logEnd, qint64 committedA, qint64 committedB, int membersA = 1)
{
    KafkaSnapshot s;
    s.at = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
    s.tookMs = 12;
    TopicSnapshot t;
    t.name = u"events"_s;
    for (int p = 0; p < 3; ++p)
        t.partitions.append({p, 1, {1, 2}, p == 1 ? QVector<int>{1} : QVector<int>{1, 2}, logEnd, {}});
    s.topics.append(t);
    ConsumerGroupSnapshot a{u"a"_s, u"Stable"_s, membersA, u"range"_s, {}, {}, {}};
    ConsumerGroupSnapshot b{u"b"_s, u"Empty"_s, 0, {}, {}, {}, {}};
    for (int p = 0; p < 3; ++p) {
        a.partitions.append({u"events"_s, p, committedA, logEnd});
        b.partitions.append({u"events"_s, p, p == 2 ? -1 : committedB, logEnd});
    }
    s.groups = {a, b};
    return s;
}
} // namespace

class TestKafkaLagStore : public QObject
{
    Q_OBJECT
private slots:
    void derivesLagStatusAndTime()
    {
        KafkaLagStore store;
        store.setWindowSamples(3);
        QSignalSpy updated(&store, &KafkaLagStore::updated);
        // Producers write 10 msgs/s per partition; group a keeps up 5 behind, b never moves.
        for (int i = 0; i < 3; ++i)
            store.apply(snapshot(1'000'000 + i * 1000, 100 + i * 10, 95 + i * 10, 50));
        QCOMPARE(updated.size(), 3);
        const auto a = store.group(u"a"_s);
        const auto b = store.group(u"b"_s);
        QVERIFY(a && b);
        QCOMPARE(a->totalLag, 15);
        QCOMPARE(a->status, LagStatus::Ok);
        QCOMPARE(a->lagTime.seconds, 0.5); // 5 behind at 10 msgs/s
        QCOMPARE(b->totalLag, 2 * (120 - 50));
        QCOMPARE(b->noCommit, 1);
        QCOMPARE(b->status, LagStatus::Stop);
        QVERIFY2(b->reason.contains(u"events-0"_s), qPrintable(b->reason));
        const auto parts = store.partitionsOf(u"b"_s);
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts.at(2).committed, -1);
        QCOMPARE(parts.at(2).lag, -1); // "no commit", not a number
        QCOMPARE(parts.at(2).verdict.status, LagStatus::Stop);
        QCOMPARE(store.topicRate(u"events"_s), 30.0);
        QCOMPARE(store.history().series(u"b"_s).size(), 3);
        QCOMPARE(store.history().series(u"b"_s).last().y(), 140.0);
    }

    void rewindIsSeenAtOnce()
    {
        KafkaLagStore store;
        store.setWindowSamples(10);
        store.apply(snapshot(1'000'000, 100, 90, 90));
        store.apply(snapshot(1'001'000, 100, 90, 20));
        QCOMPARE(store.group(u"b"_s)->status, LagStatus::Rewind);
        QCOMPARE(store.group(u"a"_s)->status, LagStatus::Pending);
    }

    void groupModelUpdatesInPlace()
    {
        KafkaLagStore store;
        store.setWindowSamples(3);
        ConsumerGroupModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        for (int i = 0; i < 3; ++i) // fill the window: b's status and reason settle
            store.apply(snapshot(1'000'000 + i * 1000, 100, 95, 50));
        model.setRows(store.groups());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        // Only group a changes: one dataChanged for row 0.
        store.apply(snapshot(1'003'000, 100, 100, 50));
        model.setRows(store.groups());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), ConsumerGroupModel::ColumnCount - 1);
        // Nothing changes: no signal.
        model.setRows(store.groups());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(layout.size(), 0);
        QCOMPARE(model.index(1, ConsumerGroupModel::Lag).data().toString(), u"100 (+1 no commit)"_s);
        QCOMPARE(model.index(0, ConsumerGroupModel::Status).data(ConsumerGroupModel::SortRole).toInt(),
                 lagStatusSeverity(LagStatus::Ok));
        // A group appears: reset.
        QVector<GroupLagRow> more = store.groups();
        more.append(GroupLagRow{});
        more.last().group = u"c"_s;
        model.setRows(more);
        QCOMPARE(reset.size(), 2);
    }

    void partitionModelShowsNoCommit()
    {
        KafkaLagStore store;
        store.apply(snapshot(1'000'000, 100, 95, 50));
        PartitionLagModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setRows(u"b"_s, store.partitionsOf(u"b"_s));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, PartitionLagModel::Committed).data().toString(), u"no commit"_s);
        QCOMPARE(model.index(2, PartitionLagModel::Lag).data().toString(), u"no commit"_s);
        QVERIFY(model.index(2, 0).data(PartitionLagModel::NoCommitRole).toBool());
        QCOMPARE(model.index(0, PartitionLagModel::Lag).data().toString(), u"50"_s);
        QCOMPARE(model.index(0, PartitionLagModel::Lag).data(PartitionLagModel::SortRole).toLongLong(), 50);
        // Every row moves (offsets, log end): one contiguous run, no reset.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        store.apply(snapshot(1'001'000, 110, 95, 60));
        model.setRows(u"b"_s, store.partitionsOf(u"b"_s));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
        QCOMPARE(reset.size(), 0);
        // Another group: a reset.
        model.setRows(u"a"_s, store.partitionsOf(u"a"_s));
        QCOMPARE(reset.size(), 1);
    }

    void topicModelMarksUnderReplicated()
    {
        KafkaLagStore store;
        store.apply(snapshot(1'000'000, 100, 95, 50));
        TopicPartitionModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(store.topicPartitions());
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.index(1, 0).data(TopicPartitionModel::UnderReplicatedRole).toBool());
        QVERIFY(!model.index(0, 0).data(TopicPartitionModel::UnderReplicatedRole).toBool());
        QCOMPARE(model.index(0, TopicPartitionModel::Replicas).data().toString(), u"1,2"_s);
        QCOMPARE(model.index(0, TopicPartitionModel::Rate).data().toString(), u"…"_s);
    }
};

QTEST_GUILESS_MAIN(TestKafkaLagStore)
#include "tst_kafkalagstore.moc"
