#include "FeedHealthModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestFeedHealthModel : public QObject
{
    Q_OBJECT
private slots:
    void startsWithEveryFeedDisabled()
    {
        FeedHealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), int(allFeedKinds.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex idx = model.index(row);
            QCOMPARE(idx.data(FeedHealthModel::StateRole).toInt(), int(FeedState::Disabled));
            QCOMPARE(idx.data(FeedHealthModel::FeedRole).toInt(), int(allFeedKinds[row]));
            QVERIFY(idx.data(Qt::DisplayRole).toString().endsWith(u"Disabled"_s));
            QVERIFY(!idx.data(FeedHealthModel::ReasonRole).toString().isEmpty());
        }
    }

    void updateEmitsOneDataChangedForItsRow()
    {
        FeedHealthModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);

        FeedHealth h;
        h.feed = FeedKind::Kafka;
        h.state = FeedState::Live;
        h.lastSuccess = QDateTime::currentDateTimeUtc();
        model.update(h);

        QCOMPARE(changed.count(), 1);
        const QModelIndex topLeft = changed.at(0).at(0).value<QModelIndex>();
        const QModelIndex bottomRight = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), model.rowOf(FeedKind::Kafka));
        QCOMPARE(bottomRight.row(), model.rowOf(FeedKind::Kafka));
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(FeedHealthModel::StateRole));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(model.health(FeedKind::Kafka), h);
        QCOMPARE(model.health(FeedKind::Postgres).state, FeedState::Disabled);
    }

    void identicalUpdateEmitsNothing()
    {
        FeedHealthModel model;
        FeedHealth h;
        h.feed = FeedKind::Prometheus;
        h.state = FeedState::Down;
        h.reason = u"connection refused"_s;
        model.update(h);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy health(&model, &FeedHealthModel::healthChanged);
        model.update(h);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(health.count(), 0);
    }

    void sortRoleRanksWorstFirst()
    {
        FeedHealthModel model;
        FeedHealth down;
        down.feed = FeedKind::Orchestrator; // the last row
        down.state = FeedState::Down;
        model.update(down);
        FeedHealth live;
        live.feed = FeedKind::Postgres; // the first row
        live.state = FeedState::Live;
        model.update(live);
        auto sortOf = [&](FeedKind k) { return model.index(model.rowOf(k)).data(FeedHealthModel::SortRole).toInt(); };
        QVERIFY(sortOf(FeedKind::Orchestrator) < sortOf(FeedKind::Postgres));
        QVERIFY(sortOf(FeedKind::Postgres) < sortOf(FeedKind::Kafka)); // Live before Disabled
    }
};

QTEST_GUILESS_MAIN(TestFeedHealthModel)
#include "tst_feedhealthmodel.moc"
