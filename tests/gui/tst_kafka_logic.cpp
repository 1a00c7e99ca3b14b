// The Kafka page's logic without the stack: the page built directly on a KafkaLagStore fed by
// hand-written snapshots, its group and partition tables, the banner and data age for each
// feed state, and the live tail. The stack-backed tst_kafka_page checks it against a broker.
#include "HandFilledModels.h"
#include "PlainText.h"

#include "ConsumerGroupModel.h"
#include "EventTailModel.h"
#include "EventTailPanel.h"
#include "FeedHealthModel.h"
#include "KafkaLagStore.h"
#include "KafkaPage.h"
#include "LagChart.h"
#include "PartitionLagModel.h"
#include "Theme.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QCheckBox>
#include <QPushButton>
#include <QToolButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;

namespace {

struct Kafka
{
    FeedHealthModel health;
    KafkaLagStore store;
    EventTailModel tail{500};
    std::unique_ptr<KafkaPage> page;
    std::unique_ptr<QAbstractItemModelTester> groupsTester, sortTester, partitionsTester, tailTester;

    Kafka()
    {
        page = std::make_unique<KafkaPage>(&store, &tail, &health, u"saga-events"_s);
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
        groupsTester = std::make_unique<QAbstractItemModelTester>(page->groupModel(), mode);
        sortTester = std::make_unique<QAbstractItemModelTester>(page->groupView()->model(), mode);
        partitionsTester = std::make_unique<QAbstractItemModelTester>(page->partitionModel(), mode);
        tailTester = std::make_unique<QAbstractItemModelTester>(&tail, mode);
    }

    void setHealth(FeedState state, const QString &reason, qint64 ageMs)
    {
        health.update(feed(FeedKind::Kafka, state, reason,
                           ageMs < 0 ? QDateTime() : QDateTime::currentDateTimeUtc().addMSecs(-ageMs)));
    }

    // What the group table shows (through its sort proxy), row `row`, column `column`.
    QString groupCell(int row, int column, int role = Qt::DisplayRole) const
    {
        const QAbstractItemModel *m = page->groupView()->model();
        return m->index(row, column).data(role).toString();
    }
    QString partitionCell(int row, int column) const
    {
        return page->partitionView()->model()->index(row, column).data().toString();
    }
};

const GroupSpec kOrders{u"orders-group"_s, 1, u"Stable"_s, {{u"orders"_s, 0, 100, 120, 100, 120}}};
const GroupSpec kOrchestrator{u"saga-orchestrator-group"_s,
                              2,
                              u"Stable"_s,
                              {{u"saga-events"_s, 0, 100, 120, 100, 120}, {u"saga-events"_s, 1, 100, 110, 120, 170}}};

SagaEvent sagaEvent(int partition, qint64 offset, const QUuid &saga, const QString &type)
{
    SagaEvent e;
    e.partition = partition;
    e.offset = offset;
    e.timestampMs = QDateTime::currentMSecsSinceEpoch();
    e.key = saga.toString(QUuid::WithoutBraces);
    e.sagaId = saga;
    e.sagaType = u"OrderSaga"_s;
    e.type = type;
    e.step = u"reserve-inventory"_s;
    e.status = u"IN_PROGRESS"_s;
    e.raw = u"{}"_s;
    return e;
}

} // namespace

class TestKafkaLogic : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { applyTheme(ThemeId::Light); }

    void groupRow_data()
    {
        QTest::addColumn<GroupSpec>("group");
        QTest::addColumn<QStringList>("cells"); // Group, Status, Lag (msgs), Lag (time), State, Members, Partitions
        QTest::addColumn<QString>("reason");    // the row's tooltip
        QTest::newRow("caught up") << kOrders << QStringList{u"orders-group"_s, u"OK"_s, u"0"_s, u"0 s"_s,
                                                             u"Stable"_s,       u"1"_s,  u"1"_s}
                                   << u"orders-0: caught up within the window"_s;
        // Commits keep up with 5 msg/s of writes, 10 behind: 2 s.
        QTest::newRow("steady lag") << GroupSpec{u"audit-group"_s, 1, u"Stable"_s, {{u"audit"_s, 0, 50, 100, 60, 110}}}
                                    << QStringList{u"audit-group"_s, u"OK"_s, u"10"_s, u"2 s"_s,
                                                   u"Stable"_s,      u"1"_s,  u"1"_s}
                                    << u"audit-0: offsets move and lag does not grow"_s;
        QTest::newRow("WARN")
            << GroupSpec{u"saga-orchestrator-group"_s, 2, u"Stable"_s, {{u"saga-events"_s, 0, 100, 110, 120, 170}}}
            << QStringList{u"saga-orchestrator-group"_s, u"WARN"_s, u"60"_s, u"12 s"_s, u"Stable"_s, u"2"_s, u"1"_s}
            << u"saga-events-0: offsets move but lag grew from 20 to 60 in 10 s"_s;
        // Nothing written in the window: the backlog's age cannot be told.
        QTest::newRow("STALL")
            << GroupSpec{u"payments-group"_s, 1, u"Stable"_s, {{u"payments"_s, 0, 100, 100, 150, 150}}}
            << QStringList{u"payments-group"_s, u"STALL"_s, u"50"_s, u"unknown"_s, u"Stable"_s, u"1"_s, u"1"_s}
            << u"payments-0: offset 100 unchanged for 10 s with 1 member(s); lag 50"_s;
        QTest::newRow("STOP") << GroupSpec{u"billing-group"_s, 0, u"Empty"_s, {{u"billing"_s, 0, 100, 100, 300, 400}}}
                              << QStringList{u"billing-group"_s, u"STOP"_s, u"300"_s, u"30 s"_s,
                                             u"Empty"_s,         u"0"_s,    u"1"_s}
                              << u"billing-0: offset 100 unchanged for 10 s and no active member; lag 300"_s;
        QTest::newRow("REWIND") << GroupSpec{u"replay-group"_s, 1, u"Stable"_s, {{u"replay"_s, 0, 200, 150, 250, 260}}}
                                << QStringList{u"replay-group"_s, u"REWIND"_s, u"110"_s, u"1 min 50 s"_s,
                                               u"Stable"_s,       u"1"_s,      u"1"_s}
                                << u"replay-0: committed offset went back from 200 to 150"_s;
        // Never committed: not a lag of 0, and no number for it.
        QTest::newRow("nothing committed")
            << GroupSpec{u"fresh-group"_s, 0, u"Empty"_s, {{u"fresh"_s, 0, -1, -1, 40, 40}}}
            << QStringList{u"fresh-group"_s, u"STOP"_s, u"0 (+1 no commit)"_s, u"unknown"_s, u"Empty"_s, u"0"_s, u"1"_s}
            << u"fresh-0: nothing committed for 10 s and no active member; lag 40"_s;
        // The group is its worst partition; lags add up; lag in time is the worst partition's.
        QTest::newRow("two partitions")
            << kOrchestrator
            << QStringList{u"saga-orchestrator-group"_s, u"WARN"_s, u"60"_s, u"12 s"_s, u"Stable"_s, u"2"_s, u"2"_s}
            << u"saga-events-1: offsets move but lag grew from 20 to 60 in 10 s"_s;
    }

    void groupRow()
    {
        QFETCH(GroupSpec, group);
        QFETCH(QStringList, cells);
        QFETCH(QString, reason);
        Kafka k;
        k.setHealth(FeedState::Live, QString(), 2400);
        QSignalSpy updated(&k.store, &KafkaLagStore::updated);
        feedKafka(k.store, {group}, QDateTime::currentDateTimeUtc().addMSecs(-2400));
        QCOMPARE(updated.size(), 2);
        QCOMPARE(k.page->groupView()->model()->rowCount(), 1);
        QStringList shown;
        for (int c = ConsumerGroupModel::Group; c <= ConsumerGroupModel::Partitions; ++c)
            shown << k.groupCell(0, c);
        QCOMPARE(shown, cells);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Status, Qt::ToolTipRole), plainTooltip(reason));
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Protocol), u"range"_s);
        // The only group is selected: its partitions below, its line on the chart.
        QCOMPARE(k.page->selectedGroup(), group.group);
        QCOMPARE(k.page->tabs()->tabText(0), u"Partitions of "_s + group.group);
        QCOMPARE(k.page->partitionModel()->rowCount(), int(group.partitions.size()));
        QCOMPARE(k.page->chart()->seriesCount(), 1);
        QVERIFY(k.page->chart()->pointCount(group.group) > 0); // decimated: equal values may share a point
    }

    void partitionsOfTheSelectedGroup()
    {
        Kafka k;
        k.setHealth(FeedState::Live, QString(), 2400);
        const GroupSpec fresh{u"fresh-group"_s, 0, u"Empty"_s, {{u"fresh"_s, 0, -1, -1, 40, 40}}};
        feedKafka(k.store, {fresh, kOrders, kOrchestrator}, QDateTime::currentDateTimeUtc().addMSecs(-2400));
        // The first row is selected by itself.
        QCOMPARE(k.page->selectedGroup(), u"fresh-group"_s);
        QCOMPARE(k.page->partitionView()->model()->rowCount(), 1);
        // Columns: Topic, Partition, Status, Committed, Log end, Lag, Lag (time).
        const QStringList noCommit{u"fresh"_s, u"0"_s, u"STOP"_s, u"no commit"_s, u"40"_s, u"no commit"_s, u"—"_s};
        for (int c = 0; c < noCommit.size(); ++c)
            QCOMPARE(k.partitionCell(0, c), noCommit.at(c));

        k.page->selectGroup(u"saga-orchestrator-group"_s);
        QCOMPARE(k.page->selectedGroup(), u"saga-orchestrator-group"_s);
        QCOMPARE(k.page->partitionModel()->group(), u"saga-orchestrator-group"_s);
        QCOMPARE(k.page->tabs()->tabText(0), u"Partitions of saga-orchestrator-group"_s);
        QCOMPARE(k.page->partitionView()->model()->rowCount(), 2);
        const QVector<QStringList> rows{
            {u"saga-events"_s, u"0"_s, u"OK"_s, u"120"_s, u"120"_s, u"0"_s, u"0 s"_s},
            {u"saga-events"_s, u"1"_s, u"WARN"_s, u"110"_s, u"170"_s, u"60"_s, u"12 s"_s},
        };
        for (int r = 0; r < rows.size(); ++r)
            for (int c = 0; c < rows.at(r).size(); ++c)
                QCOMPARE(k.partitionCell(r, c), rows.at(r).at(c));
        QCOMPARE(k.page->chart()->seriesCount(), 3);
        // Sorting the groups by lag, most first, keeps the selection on its group.
        k.page->groupView()->sortByColumn(ConsumerGroupModel::Lag, Qt::DescendingOrder);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Group), u"saga-orchestrator-group"_s);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Lag), u"60"_s);
        QCOMPARE(k.page->selectedGroup(), u"saga-orchestrator-group"_s);
        // A newer refresh of the same groups updates the rows in place.
        GroupSpec caughtUp = kOrchestrator;
        caughtUp.partitions[1] = {u"saga-events"_s, 1, 170, 180, 170, 180};
        feedKafka(k.store, {fresh, kOrders, caughtUp}, QDateTime::currentDateTimeUtc());
        QCOMPARE(k.page->selectedGroup(), u"saga-orchestrator-group"_s);
        QCOMPARE(k.partitionCell(1, PartitionLagModel::Status), u"OK"_s);
        QCOMPARE(k.partitionCell(1, PartitionLagModel::Lag), u"0"_s);
    }

    void bannerAndAge_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("ageMs");   // of the last good data; -1: none ever
        QTest::addColumn<QString>("banner"); // empty: no banner
        QTest::addColumn<QString>("age");
        const QString tail = u" · refresh took 87 ms · 2 groups · status over the last 2 samples"
                             u" · lag in time estimated from log-end rate"_s;
        QTest::newRow("Live") << int(FeedState::Live) << QString() << qint64(2400) << QString()
                              << u"Kafka · Live · 2 s · data 2 s old"_s + tail;
        QTest::newRow("Connecting, nothing yet")
            << int(FeedState::Connecting) << u"connecting to 127.0.0.1:29092"_s << qint64(-1)
            << u"Kafka: Connecting\nconnecting to 127.0.0.1:29092\nLast good data: never — no Kafka data yet."_s
            << u"Kafka · Connecting"_s;
        QTest::newRow("Down, nothing yet")
            << int(FeedState::Down) << u"127.0.0.1:1: Connection refused"_s << qint64(-1)
            << u"Kafka: Down\n127.0.0.1:1: Connection refused\nLast good data: never — no Kafka data yet."_s
            << u"Kafka · Down"_s;
        QTest::newRow("Down, old data")
            << int(FeedState::Down) << u"broker 127.0.0.1:29092 refused the connection"_s << qint64(42400)
            << u"Kafka: Down\nbroker 127.0.0.1:29092 refused the connection\nLast good data: 42 s ago"
               u" — the numbers below are from 42 s ago and are not current."_s
            << u"Kafka · Down · 42 s · data 42 s old"_s + tail;
        QTest::newRow("Stale, old data") << int(FeedState::Stale) << u"no fresh data for 2 min 5 s"_s << qint64(125400)
                                         << u"Kafka: Stale\nno fresh data for 2 min 5 s\nLast good data: 2 min 5 s ago"
                                            u" — the numbers below are from 2 min 5 s ago and are not current."_s
                                         << u"Kafka · Stale · 2 min 5 s · data 2 min 5 s old"_s + tail;
        QTest::newRow("Disabled")
            << int(FeedState::Disabled) << u"not configured in profile 'local'"_s << qint64(-1)
            << u"Kafka: Disabled\nnot configured in profile 'local'\nLast good data: never — no Kafka data yet."_s
            << u"Kafka · Disabled"_s;
    }

    void bannerAndAge()
    {
        QFETCH(int, state);
        QFETCH(QString, reason);
        QFETCH(qint64, ageMs);
        QFETCH(QString, banner);
        QFETCH(QString, age);
        Kafka k;
        if (ageMs >= 0)
            feedKafka(k.store, {kOrders, kOrchestrator}, QDateTime::currentDateTimeUtc().addMSecs(-ageMs));
        QSignalSpy changed(&k.health, &FeedHealthModel::healthChanged);
        k.setHealth(FeedState(state), reason, ageMs);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(k.page->bannerText(), banner);
        QCOMPARE(k.page->ageText(), age);
        // Old numbers stay on screen (under the banner); none are made up.
        QCOMPARE(k.page->groupView()->model()->rowCount(), ageMs >= 0 ? 2 : 0);
    }

    // The banner comes and goes with the feed, and ages move on their own.
    void bannerFollowsTheFeed()
    {
        Kafka k;
        k.page->resize(1280, 800);
        k.page->show();
        QVERIFY(QTest::qWaitForWindowExposed(k.page.get()));
        QLabel *banner = k.page->findChild<QLabel *>(u"kafkaBanner"_s);
        QVERIFY(banner);
        k.setHealth(FeedState::Live, QString(), 2400);
        feedKafka(k.store, {kOrders}, QDateTime::currentDateTimeUtc().addMSecs(-2400));
        QVERIFY(!banner->isVisible());
        QSignalSpy changed(&k.health, &FeedHealthModel::healthChanged);
        k.setHealth(FeedState::Down, u"broker down"_s, 2400);
        QCOMPARE(changed.size(), 1);
        QVERIFY(banner->isVisible());
        QVERIFY2(k.page->bannerText().startsWith(u"Kafka: Down\nbroker down\n"_s), qPrintable(k.page->bannerText()));
        k.setHealth(FeedState::Live, QString(), 0);
        QCOMPARE(changed.size(), 2);
        QVERIFY(!banner->isVisible());
        QCOMPARE(k.page->bannerText(), QString());
        // No new data for a while: the age says so, without any signal from the models.
        QVERIFY2(k.page->ageText().contains(u" · data 2 s old · "_s), qPrintable(k.page->ageText()));
        auto dataAgeS = [&k] {
            const QRegularExpressionMatch m = QRegularExpression(u" · data (\\d+) s old · "_s).match(k.page->ageText());
            return m.hasMatch() ? m.captured(1).toInt() : -1;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(dataAgeS() >= 3, qPrintable(k.page->ageText()), 5000);
    }

    void tail()
    {
        Kafka k;
        k.page->show();
        QVERIFY(QTest::qWaitForWindowExposed(k.page.get()));
        k.page->tabs()->setCurrentIndex(2);
        QCOMPARE(k.page->tabs()->tabText(2), u"Live tail: saga-events"_s);
        EventTailPanel *panel = k.page->tailPanel();
        const QUuid a = QUuid::createUuid(), b = QUuid::createUuid();
        k.tail.append({sagaEvent(0, 10, a, u"SAGA_STARTED"_s), sagaEvent(1, 7, b, u"SAGA_STARTED"_s),
                       sagaEvent(0, 11, a, u"STEP_FAILED"_s)});
        QCOMPARE(k.tail.rowCount(), 3);
        QCOMPARE(panel->statusText(), u"3 of the newest 3 events of saga-events (cap 500)"_s);
        // Newest first.
        QCOMPARE(k.tail.index(0, EventTailModel::Position).data().toString(), u"p0 @11"_s);
        QCOMPARE(k.tail.index(0, EventTailModel::Type).data().toString(), u"STEP_FAILED"_s);
        QCOMPARE(k.tail.index(2, EventTailModel::Position).data().toString(), u"p0 @10"_s);
        QTest::keyClicks(panel->sagaFilter(), b.toString(QUuid::WithoutBraces).left(13));
        QCOMPARE(k.tail.rowCount(), 1);
        QCOMPARE(k.tail.index(0, EventTailModel::SagaId).data().toString(), b.toString(QUuid::WithoutBraces));
        QCOMPARE(panel->statusText(), u"1 of the newest 3 events of saga-events (cap 500)"_s);
        panel->sagaFilter()->clear();
        QCOMPARE(k.tail.rowCount(), 3);
        // Paused: arriving events wait and the rows do not move.
        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QCOMPARE(panel->pauseButton()->text(), u"Resume"_s);
        k.tail.append({sagaEvent(1, 8, b, u"SAGA_COMPLETED"_s)});
        QCOMPARE(k.tail.rowCount(), 3);
        QCOMPARE(k.tail.buffer().waiting(), 1);
        QVERIFY(panel->statusText().startsWith(u"3 of the newest 3 events of saga-events (cap 500) · paused, "_s));
        // No row moves, but the count of what waits does.
        QCOMPARE(panel->statusText(), u"3 of the newest 3 events of saga-events (cap 500) · paused, 1 waiting"_s);
        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QCOMPARE(k.tail.rowCount(), 4);
        QCOMPARE(k.tail.index(0, EventTailModel::Type).data().toString(), u"SAGA_COMPLETED"_s);
        QCOMPARE(panel->statusText(), u"4 of the newest 4 events of saga-events (cap 500)"_s);
        // A saga id clicked asks for that saga.
        QSignalSpy requested(k.page.get(), &KafkaPage::sagaRequested);
        QTableView *view = panel->view();
        const QModelIndex id = k.tail.index(0, EventTailModel::SagaId);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(id).center());
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toUuid(), b);
    }

    // Broker 3 lost and back: the replication line (red with a leaderless partition, amber with
    // under-replicated ones only), the partitions' replication and their lag, the group's status.
    void replicationLine()
    {
        Kafka k;
        k.page->resize(1280, 800);
        k.page->show();
        QVERIFY(QTest::qWaitForWindowExposed(k.page.get()));
        k.setHealth(FeedState::Live, QString(), 0);
        k.store.setWindowSamples(2);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto apply = [&](Cluster c, int step) { k.store.apply(clusterSnapshot(c, now.addSecs(2 * (step - 4)), step)); };
        QLabel *line = k.page->findChild<QLabel *>(u"kafkaReplication"_s);
        QVERIFY(line);
        apply(Cluster::Healthy, 0);
        apply(Cluster::Healthy, 1);
        QCOMPARE(k.page->replicationText(), QString());
        QVERIFY(!line->isVisible());
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Status), u"OK"_s);

        apply(Cluster::Broker3Down, 2);
        QCOMPARE(k.page->replicationText(),
                 u"✕ 2 partitions of saga-events leaderless (broker 3 down), 4 under-replicated."
                 u" No leader: their log ends cannot be read, so their lag is unknown."_s);
        QVERIFY(line->isVisible());
        QVERIFY(k.page->replicationIsProblem());
        QCOMPARE(k.page->bannerText(), QString()); // the feed itself is Live
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Status), u"UNKNOWN"_s);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Lag), u"8 (+2 unknown)"_s);
        QCOMPARE(k.page->selectedGroup(), u"saga-orchestrator-group"_s);
        // Columns: Topic, Partition, Status, Committed, Log end, Lag, Lag (time), Replication.
        const QStringList leaderless{
            u"saga-events"_s,         u"2"_s,       u"UNKNOWN"_s,   u"120"_s, u"unknown (no leader)"_s,
            u"unknown (no leader)"_s, u"unknown"_s, u"leaderless"_s};
        const QStringList led{u"saga-events"_s, u"1"_s, u"OK"_s,    u"120"_s,
                              u"121"_s,         u"1"_s, u"< 1 s"_s, u"under-replicated"_s};
        for (int c = 0; c < leaderless.size(); ++c) {
            QCOMPARE(k.partitionCell(2, c), leaderless.at(c));
            QCOMPARE(k.partitionCell(1, c), led.at(c));
        }
        QVERIFY(savePicture(k.page.get(), u"kafka-logic-broker-down.png"_s));
        k.page->tabs()->setCurrentIndex(1);
        QVERIFY(savePicture(k.page.get(), u"kafka-logic-broker-down-topics.png"_s));
        k.page->tabs()->setCurrentIndex(0);

        // Every partition led again, broker 3 still lost: amber, every lag exact.
        apply(Cluster::Broker3DownLed, 3);
        QCOMPARE(k.page->replicationText(), u"▲ 6 partitions of saga-events under-replicated (broker 3 down)."_s);
        QVERIFY(!k.page->replicationIsProblem());
        QCOMPARE(line->property("sdRole").toString(), u"notice"_s);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Status), u"OK"_s);
        QCOMPARE(k.groupCell(0, ConsumerGroupModel::Lag), u"15"_s);
        QCOMPARE(k.partitionCell(2, PartitionLagModel::Lag), u"2"_s);
        QCOMPARE(k.partitionCell(2, PartitionLagModel::ReplicationColumn), u"under-replicated"_s);
        QVERIFY(savePicture(k.page.get(), u"kafka-logic-under-replicated.png"_s));

        // Broker 3 back: no line, ok everywhere.
        apply(Cluster::Healthy, 4);
        QCOMPARE(k.page->replicationText(), QString());
        QVERIFY(!line->isVisible());
        QCOMPARE(k.partitionCell(2, PartitionLagModel::ReplicationColumn), u"ok"_s);
        QCOMPARE(k.partitionCell(2, PartitionLagModel::Lag), u"2"_s);
    }

    // The line over the groups says what the feed read: the profile's groups, or those and a
    // page of the cluster's others; the box and the arrows ask the feed for pages.
    void allGroupsViewAsksForPages()
    {
        Kafka k;
        k.page->resize(1280, 800);
        k.page->show();
        QVERIFY(QTest::qWaitForWindowExposed(k.page.get()));
        QSignalSpy asked(k.page.get(), &KafkaPage::allGroupsRequested);
        feedKafka(k.store, {kOrders, kOrchestrator}, QDateTime::currentDateTimeUtc());
        QCOMPARE(k.page->scopeText(), u"2 group(s) of the profile"_s);
        QVERIFY(!k.page->nextPageButton()->isEnabled());

        k.page->allGroupsBox()->setChecked(true);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.last().at(0).toInt(), 0);
        QCOMPARE(k.page->scopeText(), u"2 group(s) of the profile; listing the cluster's groups…"_s);
        // The feed's answer: page 1 of 21 of the others, 1,007 groups in the cluster.
        KafkaSnapshot snap;
        snap.at = QDateTime::currentDateTimeUtc();
        for (const QString &g : {u"orders-group"_s, u"saga-orchestrator-group"_s, u"other-0001"_s}) {
            ConsumerGroupSnapshot cg;
            cg.group = g;
            cg.inProfile = !g.startsWith(u"other"_s);
            snap.groups.append(cg);
        }
        snap.clusterGroups = 1007;
        snap.allGroupsPage = 0;
        snap.allGroupsPages = 21;
        snap.allGroupsPageSize = 50;
        snap.requests = 59;
        k.store.apply(snap);
        QCOMPARE(k.page->scopeText(),
                 u"2 group(s) of the profile + page 1 of 21 of the others (50 a page; 1007 groups in the cluster)"_s);
        QVERIFY(k.page->nextPageButton()->isEnabled());
        QVERIFY(savePicture(k.page.get(), u"kafka-all-groups-page.png"_s));
        QTest::mouseClick(k.page->nextPageButton(), Qt::LeftButton);
        QCOMPARE(asked.last().at(0).toInt(), 1);
        QCOMPARE(k.page->scopeText(), u"2 group(s) of the profile; reading page 2…"_s);
        QTest::mouseClick(k.page->nextPageButton(), Qt::LeftButton); // before the answer: on to 3
        QCOMPARE(asked.last().at(0).toInt(), 2);
        k.page->allGroupsBox()->setChecked(false);
        QCOMPARE(asked.last().at(0).toInt(), -1);
    }

    void picture()
    {
        const QVector<GroupSpec> groups{
            kOrders, kOrchestrator,
            GroupSpec{u"payments-group"_s, 1, u"Stable"_s, {{u"payments"_s, 0, 100, 100, 150, 150}}},
            GroupSpec{u"fresh-group"_s, 0, u"Empty"_s, {{u"fresh"_s, 0, -1, -1, 40, 40}}}};
        // Live, then the same page 42 s after the broker went away.
        for (const qint64 ageMs : {qint64(2400), qint64(42400)}) {
            Kafka k;
            k.page->resize(1280, 800);
            k.page->show();
            QVERIFY(QTest::qWaitForWindowExposed(k.page.get()));
            feedKafka(k.store, groups, QDateTime::currentDateTimeUtc().addMSecs(-ageMs));
            k.page->selectGroup(u"saga-orchestrator-group"_s);
            const bool down = ageMs > 10000;
            k.setHealth(down ? FeedState::Down : FeedState::Live,
                        down ? u"broker 127.0.0.1:29092 refused the connection"_s : QString(), ageMs);
            QCOMPARE(k.page->bannerText().isEmpty(), !down);
            QVERIFY(savePicture(k.page.get(), down ? u"kafka-logic-down.png"_s : u"kafka-logic.png"_s));
        }
    }
};

QTEST_MAIN(TestKafkaLogic)
#include "tst_kafka_logic.moc"
