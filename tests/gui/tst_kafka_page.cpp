#include "ConsoleApp.h"
#include "ConsumerGroupModel.h"
#include "EventTailModel.h"
#include "EventTailPanel.h"
#include "FeedHealthModel.h"
#include "KafkaLagStore.h"
#include "KafkaPage.h"
#include "LagChart.h"
#include "MainWindow.h"
#include "PartitionLagModel.h"
#include "SagasPage.h"
#include "SimHarness.h"
#include "StackInfo.h"

#include <QDateTime>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Kafka page, headless, through the whole app on the real stack: slow-consumer turns the
// orchestrator's group WARN, the tail filters, pauses and jumps to a saga, and an unreachable
// broker is shown as Down with its reason while the other pages stay live.
class TestKafkaPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profilePath;

    static void click(QTableView *view, const QModelIndex &index)
    {
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    }

private slots:
    void initTestCase()
    {
        SimHarness::open(m_sim);
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QString profileError;
        QVERIFY2(StackInfo::writeProfile(m_profilePath, &profileError), qPrintable(profileError));
    }

    void cleanupTestCase()
    {
        if (m_sim)
            m_sim->restore();
        m_sim.reset();
    }

    void slowConsumerShowsWarnAndTheTailWorks()
    {
        struct Restore
        {
            SimHarness *sim;
            ~Restore() { sim->restore(); }
        } restore{m_sim.get()};
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        QVERIFY2(app.problems().isEmpty(), qPrintable(app.problems().join(u'\n')));
        MainWindow *w = app.window();
        w->resize(1400, 900);
        w->showPage(u"kafka"_s);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        KafkaPage *page = w->kafkaPage();
        QVERIFY(page);
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Kafka).state, FeedState::Live, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(page->groupModel()->rowCount() >= 4, 10000);
        QVERIFY(page->bannerText().isEmpty());
        QVERIFY2(page->ageText().contains(u"Kafka · Live"_s), qPrintable(page->ageText()));

        QVERIFY(m_sim->setScenario(u"slow-consumer"_s));
        const QString group = u"saga-orchestrator-group"_s;
        ConsumerGroupModel *groups = page->groupModel();
        QTRY_VERIFY2_WITH_TIMEOUT(
            groups->rowOf(group) >= 0 && groups->rows().at(groups->rowOf(group)).status == LagStatus::Warn,
            qPrintable(groups->rowOf(group) < 0 ? u"no group"_s : groups->rows().at(groups->rowOf(group)).reason),
            60000);
        // Click the group: its partitions fill the tab below.
        auto *sort = qobject_cast<QSortFilterProxyModel *>(page->groupView()->model());
        click(page->groupView(), sort->mapFromSource(groups->index(groups->rowOf(group), ConsumerGroupModel::Group)));
        QCOMPARE(page->selectedGroup(), group);
        QCOMPARE(page->partitionModel()->group(), group);
        QCOMPARE(page->partitionModel()->rowCount(), m_sim->stack().section(u"kafka"_s).value(u"partitions"_s).toInt());
        QVERIFY(page->tabs()->tabText(0).contains(group));
        QCOMPARE(groups->index(groups->rowOf(group), ConsumerGroupModel::Status).data().toString(), u"WARN"_s);
        QVERIFY(page->chart()->seriesCount() >= 4);
        QVERIFY(page->chart()->pointCount(group) >= 2);
        // Per-partition progress of a slow consumer is bursty (a partition can sit still for a
        // window: STALL); grab the page while the group as a whole shows WARN again.
        QTest::qWait(2500);
        QTRY_VERIFY_WITH_TIMEOUT(groups->rows().at(groups->rowOf(group)).status == LagStatus::Warn, 60000);
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/kafka-page-slow-consumer.png"_s));

        // The live tail: newest first, filter by saga id, pause/resume, click to the Sagas page.
        page->tabs()->setCurrentIndex(2);
        EventTailPanel *tail = page->tailPanel();
        EventTailModel *events = app.models().kafkaTail;
        QTRY_VERIFY2_WITH_TIMEOUT(events->rowCount() > 5, qPrintable(events->problem()), 15000);
        QVERIFY(events->eventAt(0).offset >= 0);
        const QUuid saga = events->index(0, 0).data(EventTailModel::SagaIdRole).toUuid();
        QVERIFY(!saga.isNull());
        QTest::keyClicks(tail->sagaFilter(), saga.toString(QUuid::WithoutBraces));
        QVERIFY(events->rowCount() >= 1);
        for (int r = 0; r < events->rowCount(); ++r)
            QCOMPARE(events->index(r, 0).data(EventTailModel::SagaIdRole).toUuid(), saga);
        tail->sagaFilter()->clear();
        QTest::mouseClick(tail->pauseButton(), Qt::LeftButton);
        QVERIFY(events->buffer().isPaused());
        const qint64 newest = events->eventAt(0).offset;
        const int shown = events->rowCount();
        QTRY_VERIFY_WITH_TIMEOUT(events->buffer().waiting() > 0, 10000);
        QCOMPARE(events->rowCount(), shown);
        QCOMPARE(events->eventAt(0).offset, newest);
        QVERIFY(tail->statusText().contains(u"paused"_s));
        QTest::mouseClick(tail->pauseButton(), Qt::LeftButton);
        QVERIFY(!events->buffer().isPaused());
        QCOMPARE(events->buffer().waiting(), 0);

        click(tail->view(), events->index(0, EventTailModel::SagaId));
        const QUuid clicked = events->index(0, 0).data(EventTailModel::SagaIdRole).toUuid();
        QCOMPARE(w->currentPageId(), u"sagas"_s);
        QTRY_COMPARE_WITH_TIMEOUT(w->sagasPage()->selectedSagaId(), clicked, 15000);
    }

    // The stack's profile names kafka_consumergroup_lag: the chart starts with Prometheus'
    // history from before the console started, then goes on with the console's own samples.
    void lagChartBeginsWithPrometheusHistory()
    {
        // Prometheus must hold a minute of the metric, however young the stack is.
        const QString samples = u"count_over_time(kafka_consumergroup_lag{consumergroup=\"saga-orchestrator-group\","
                                u"partition=\"0\"}[5m])"_s;
        QTRY_VERIFY_WITH_TIMEOUT(m_sim->promValue(samples).value_or(0) >= 30, 90000);
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        QVERIFY2(app.problems().isEmpty(), qPrintable(app.problems().join(u'\n')));
        MainWindow *w = app.window();
        w->resize(1400, 900);
        w->showPage(u"kafka"_s);
        w->show();
        KafkaPage *page = w->kafkaPage();
        QTRY_VERIFY2_WITH_TIMEOUT(page->chartSourceText().contains(u"from Prometheus (kafka_consumergroup_lag"_s),
                                  qPrintable(page->chartSourceText()), 30000);
        const QString group = u"saga-orchestrator-group"_s;
        const QVector<QPointF> history = app.models().kafka->history().series(group);
        QVERIFY(!history.isEmpty());
        // At least a minute before the console started (Prometheus' samples), ...
        QVERIFY2(history.first().x() <= startedMs - 55000,
                 qPrintable(u"oldest point %1 ms before the start"_s.arg(startedMs - qint64(history.first().x()))));
        // ... in time order, and then the console's own samples arrive after them.
        for (int i = 1; i < history.size(); ++i)
            QVERIFY(history.at(i).x() > history.at(i - 1).x());
        QTRY_VERIFY_WITH_TIMEOUT(app.models().kafka->history().series(group).last().x() >= startedMs, 20000);
        QVERIFY(page->chart()->pointCount(group) > 20);
    }

    void unreachableBrokerSaysDownAndOtherPagesStayLive()
    {
        QFile in(m_profilePath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(in.readAll());
        const QString bootstrap = m_sim->stack().string(u"kafka"_s, u"bootstrap"_s);
        QVERIFY(text.contains(bootstrap));
        text.replace(bootstrap, u"127.0.0.1:1"_s);
        const QString path = m_dir.filePath(u"down.yaml"_s);
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();

        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->showPage(u"kafka"_s);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Kafka).state, FeedState::Down, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w->kafkaPage()->bannerText().contains(u"127.0.0.1:1"_s), 5000);
        QVERIFY2(w->kafkaPage()->bannerText().contains(u"no Kafka data yet"_s),
                 qPrintable(w->kafkaPage()->bannerText()));
        QCOMPARE(w->kafkaPage()->groupModel()->rowCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(!app.models().kafkaTail->problem().isEmpty(), 15000);
    }
};

QTEST_MAIN(TestKafkaPage)
#include "tst_kafka_page.moc"
