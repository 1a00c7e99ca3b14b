// The war-room wall (issue 21) on hand-filled models, in the whole war-room window at the two
// sizes a wall has — 1920×1080 and 3840×2160: no label's text is wider (or, wrapped, taller)
// than its room, the headline numbers' digits are at least 8 % of the screen's height, every
// tile has its 30-minute trend with the last action marked, the big charts their thresholds,
// "What changed" its entries newest first with their ages, and a raised playbook its contacts.
#include "HandFilledModels.h"
#include "TextFits.h"

#include "DeploymentTableModel.h"
#include "FeedAlarmBanner.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "KafkaLagStore.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "OverviewPage.h"
#include "PlaybookBoard.h"
#include "SagaSummaryStore.h"
#include "ServiceLevelQueries.h"
#include "Theme.h"
#include "TrendPlot.h"
#include "WallTiles.h"
#include "WarRoomWall.h"

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;
using textfits::textProblems;

namespace {

PromAnswer answerOver(const PromRequest &r, double from, double to)
{
    PromAnswer a;
    a.request = r;
    a.resultType = u"matrix"_s;
    PromSeries s;
    for (double t = r.start; t <= r.end; t += r.step)
        s.points.append({t, from + (to - from) * (t - r.start) / std::max(1.0, r.end - r.start)});
    a.series = {s};
    return a;
}

// The models a session fills, filled by hand during a payment outage, and the war-room window.
struct Wall
{
    FeedHealthModel health;
    MetricsDashboard metrics;
    SagaSummaryStore sagas;
    KafkaLagStore kafka;
    DeploymentTableModel deployments;
    IncidentTimeline timeline;
    PlaybookBoard board{&metrics};
    std::unique_ptr<MainWindow> window;

    explicit Wall(const QString &group = u"saga-orchestrator-group"_s)
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        setAll(health, FeedState::Live, 1200);
        metrics.alerts()->setRules(serviceLevelRules());
        metrics.setLevel(u"success"_s, 0.1549, now);
        metrics.setLevel(u"latency"_s, 0.081, now);
        metrics.setLevel(u"availability"_s, 0.63692, now);
        metrics.setLevel(u"errors"_s, 0.36308, now);
        for (const QString &w : burn::windows()) {
            metrics.setLevel(sloLevelId(u"success"_s, w), 0.2, now);
            metrics.setLevel(sloLevelId(u"availability"_s, w), 0.0001, now);
        }
        metrics.alerts()->evaluate(u"HighLatency"_s, 0.08, now);
        metrics.alerts()->evaluate(u"HighErrorRate"_s, 0.36, now);
        metrics.alerts()->evaluate(u"SagaFailureRate"_s, 0.2, now.addSecs(-130)); // Pending, for 2 min
        SagaSummary s;
        s.byStatus = {{u"COMPLETED"_s, 5120}, {u"FAILED"_s, 167}};
        s.failedInWindow = 1268;
        s.at = now;
        sagas.setSummary(s);
        feedKafka(kafka, {{group, 1, u"Stable"_s, {{u"saga-events"_s, 0, 100, 120, 100, 148}}}}, now);
        deployments.apply({deployment(u"saga-orchestrator"_s, 2, 2, 2, 2), deployment(u"payment-service"_s, 1, 1, 1, 1),
                           deployment(u"inventory-service"_s, 2, 2, 2, 2),
                           deployment(u"notification-service"_s, 1, 1, 1, 1)},
                          now);
        // The timeline's lanes: the failure rate climbing to 20 %, p95 flat at 80 ms.
        QSignalSpy asked(&timeline, &IncidentTimeline::requested);
        timeline.start(15, 15000, QString(), u"no lag metric"_s);
        for (const QList<QVariant> &call : asked) {
            const auto r = call.at(0).value<PromRequest>();
            timeline.applyAnswer(r.tag == u"failure"_s || r.query == IncidentTimeline::failureQuery()
                                     ? answerOver(r, 0.001, 0.2)
                                     : answerOver(r, 0.08, 0.081));
        }
        Playbook p;
        p.id = u"saga-failure-rate"_s;
        p.title = u"Saga failure rate above 0.5 %"_s;
        p.alert = u"SagaFailureRate"_s;
        board.start(3600 * 1000, {p}, QString());

        MainWindow::Context c;
        c.health = &health;
        c.metrics = &metrics;
        c.sagaSummary = &sagas;
        c.kafka = &kafka;
        c.deployments = &deployments;
        c.timeline = &timeline;
        c.playbooks = &board;
        c.profileName = u"local"_s;
        c.warRoom = true;
        c.theme = ThemeId::HighContrast;
        window = std::make_unique<MainWindow>(c);
        window->setEscalation({{u"On-call engineer"_s, u"+1-555-0123"_s, 1},
                               {u"Platform team lead"_s, u"platform-team@company.com"_s, 2},
                               {u"Engineering manager"_s, u"via the platform team"_s, 3},
                               {u"Payments vendor support"_s, u"support@payments-vendor.example"_s, 0}},
                              {});
    }

    WarRoomWall *wall() const { return window->warRoomWall(); }

    void showAt(int width, int height)
    {
        window->resize(width, height);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->showPage(u"overview"_s);
        wall()->refresh();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        wall()->refresh(); // details fit the widths the layout gave
        QCoreApplication::processEvents();
    }

    // SagaFailureRate fires (its `for` is 2 min): the playbook on it is raised.
    void raise()
    {
        for (const AlertTransition &t :
             metrics.alerts()->evaluate(u"SagaFailureRate"_s, 0.2, QDateTime::currentDateTimeUtc()))
            board.onAlertTransition(t);
        QVERIFY(board.live(0).raise.raised);
    }
};

ConsoleAction restart(int secondsAgo)
{
    ConsoleAction a;
    a.actionId = u"act-1"_s;
    a.at = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
    a.osUser = u"alice"_s;
    a.verb = u"restart"_s;
    a.targetKind = u"deployment"_s;
    a.targetName = u"payment-service"_s;
    a.result = u"done"_s;
    a.finishedAt = a.at.addSecs(30);
    return a;
}

} // namespace

class TestWarRoomWall : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qRegisterMetaType<PromRequest>();
        applyTheme(ThemeId::HighContrast);
        QFont f = QApplication::font();
        f.setPointSizeF(f.pointSizeF() * 1.5); // as the war-room makes it
        QApplication::setFont(f);
    }

    void textFitsAndNumbersReadFromAcrossTheRoom_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("raised");
        QTest::newRow("1920x1080") << 1920 << 1080 << false;
        QTest::newRow("1920x1080 raised") << 1920 << 1080 << true;
        QTest::newRow("3840x2160") << 3840 << 2160 << false;
        QTest::newRow("3840x2160 raised") << 3840 << 2160 << true;
    }

    void textFitsAndNumbersReadFromAcrossTheRoom()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, raised);
        Wall w;
        QVERIFY(w.wall());
        QCOMPARE(w.window->overviewPage(), w.wall()->overview());
        const ConsoleAction lastAction = restart(300); // once: a slow build takes seconds from here to the checks
        w.wall()->setActions({lastAction});
        if (raised)
            w.raise();
        w.showAt(width, height);
        QVERIFY(savePicture(w.window.get(),
                            u"war-room-wall-hand-filled-%1%2.png"_s.arg(width).arg(raised ? u"-raised"_s : QString())));
        QCOMPARE(w.window->height(), height); // the wall fits the screen: it does not grow the window
        QCOMPARE(w.wall()->screenHeight(), height);
        const QStringList problems = textProblems(w.window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        // Headline numbers: their digits drawn at least 8 % of the screen's height.
        QCOMPARE(w.wall()->tiles().size(), 9);
        for (const WallTile *t : w.wall()->tiles()) {
            const QLabel *n = t->numberLabel();
            QVERIFY2(n->isVisible(), qPrintable(t->id()));
            QVERIFY2(inkHeight(n->font(), u"0123456789"_s) >= 0.08 * height, qPrintable(t->id()));
            if (n->text().contains(QRegularExpression(u"\\d"_s)))
                QVERIFY2(inkHeight(n->font(), n->text()) >= 0.08 * height, qPrintable(t->id() + u": "_s + n->text()));
            // A trend over the last 30 minutes, with the restart of 5 min ago marked.
            QVERIFY2(!t->trend()->points().isEmpty(), qPrintable(t->id()));
            QCOMPARE(t->trend()->windowToMs() - t->trend()->windowFromMs(), 30 * 60 * 1000.0);
            QVERIFY2(std::abs(t->trend()->markAt() - double(lastAction.at.toMSecsSinceEpoch())) < 2000,
                     qPrintable(t->id()));
            QVERIFY(t->trend()->height() > 0.03 * height);
        }
        // The overview's verdicts and values, the budgets with their service levels.
        QCOMPARE(w.wall()->tile(u"success"_s)->verdict(), u"missed"_s);
        QCOMPARE(w.wall()->tile(u"success"_s)->number(), u"15.49"_s);
        QCOMPARE(w.wall()->tile(u"success"_s)->unit(), u"%"_s);
        QVERIFY2(w.wall()->tile(u"success"_s)->detailShown().startsWith(u"missed · budget "_s),
                 qPrintable(w.wall()->tile(u"success"_s)->detailShown()));
        QCOMPARE(w.wall()->tile(u"availability"_s)->number(), u"63.69"_s);
        QCOMPARE(w.wall()->tile(u"latency"_s)->number(), u"81"_s);
        QCOMPARE(w.wall()->tile(u"latency"_s)->unit(), u"ms"_s);
        QCOMPARE(w.wall()->tile(u"sagas"_s)->number(), u"167"_s);
        QCOMPARE(w.wall()->tile(u"kafka"_s)->number(), u"28"_s); // 148 - 120
        QCOMPARE(w.wall()->tile(u"deployments"_s)->number(), u"4"_s);
        QCOMPARE(w.wall()->tile(u"feeds"_s)->unit(), u"of 5 Live"_s);

        // The big charts, large, with their thresholds.
        QCOMPARE(w.wall()->charts().size(), 3);
        for (const WallChart *c : w.wall()->charts())
            QVERIFY2(c->height() >= 0.15 * height && c->trend()->height() >= 0.04 * height, qPrintable(c->id()));
        const WallChart *failure = w.wall()->charts().at(0);
        QCOMPARE(failure->id(), u"saga-failure"_s);
        QCOMPARE(failure->thresholds().size(), 1);
        QCOMPARE(failure->thresholds().first().value, 0.005);
        QVERIFY2(failure->note().contains(u"alert > 0.5 %"_s), qPrintable(failure->note()));
        QCOMPARE(failure->reading(), u"20 %"_s);
        QCOMPARE(w.wall()->charts().at(1)->reading(), u"81 ms"_s);
        QVERIFY2(w.wall()->charts().at(2)->note().contains(u"no threshold"_s),
                 qPrintable(w.wall()->charts().at(2)->note()));

        // What changed: the restart, with its age.
        const QVector<ChangeEntry> changes = w.wall()->changesShown();
        QVERIFY(!changes.isEmpty());
        bool restartShown = false;
        for (const ChangeEntry &e : changes)
            restartShown = restartShown
                || (e.kind == ChangeEntry::Kind::Action && e.age == u"5 min ago"_s
                    && e.text == u"restart payment-service by alice · done"_s);
        QVERIFY(restartShown);

        // A raised playbook: whom to call, large.
        QCOMPARE(w.wall()->escalationShown(), raised);
        if (raised) {
            QVERIFY2(w.wall()->escalationTitle().startsWith(u"ESCALATE · Saga failure rate above 0.5 % · since "_s),
                     qPrintable(w.wall()->escalationTitle()));
            QCOMPARE(w.wall()->contactsShown(),
                     (QStringList{u"1 · On-call engineer · +1-555-0123"_s,
                                  u"2 · Platform team lead · platform-team@company.com"_s,
                                  u"3 · Engineering manager · via the platform team"_s,
                                  u"Payments vendor support · support@payments-vendor.example"_s}));
            auto *contacts = w.window->findChild<QWidget *>(u"wallEscalation"_s);
            QVERIFY(contacts && contacts->isVisible());
        }
        // No mouse instructions and no title twice on the wall.
        for (QLabel *l : w.window->findChildren<QLabel *>()) {
            if (!l->isVisibleTo(w.window.get()))
                continue;
            QVERIFY2(!l->text().contains(u"opens its page"_s) && !l->text().contains(u"click"_s, Qt::CaseInsensitive),
                     qPrintable(l->text()));
            QVERIFY2(l->text() != u"Overview"_s || l->parentWidget() != w.wall(), "a second title");
        }
    }

    // Every feed down: a "?" and the reason on every tile, the alarm banner across the top, and
    // still nothing cut.
    void feedsDownStillFit()
    {
        Wall w;
        setAll(w.health, FeedState::Down, -1);
        w.showAt(1920, 1080);
        w.window->alarmBanner()->refresh();
        QVERIFY(w.window->alarmBanner()->isVisible());
        w.wall()->refresh();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        QVERIFY(savePicture(w.window.get(), u"war-room-wall-hand-filled-feeds-down.png"_s));
        QCOMPARE(w.window->height(), 1080);
        const QStringList problems = textProblems(w.window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(w.wall()->tile(u"success"_s)->verdict(), u"no data"_s);
    }

    // A long consumer-group name breaks at its hyphens rather than being cut.
    void aLongConsumerGroupNameIsNotCut()
    {
        Wall w(u"saga-orchestrator-group-for-the-payments-platform-in-eu-west-1-blue-canary"_s);
        w.showAt(1920, 1080);
        const QStringList problems = textProblems(w.window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QVERIFY(w.wall()->charts().at(2)->note().startsWith(u"saga-orchestrator-group-for-the-payments"_s));
    }

    // The check fails when a text is wider than its label (it found "saga-eve" on the old wall).
    void theCheckFindsACutText()
    {
        QWidget window;
        window.resize(400, 200);
        auto *label = new QLabel(u"saga-orchestrator-group-for-the-payments-platform"_s, &window);
        label->setGeometry(10, 10, 150, 30);
        auto *wrapped = new QLabel(u"sagaorchestratorgroupforthepaymentsplatform"_s, &window);
        wrapped->setWordWrap(true);
        wrapped->setGeometry(10, 50, 150, 60);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList problems = textProblems(&window);
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.at(0).contains(u"px wide"_s), qPrintable(problems.at(0)));
        QVERIFY2(problems.at(1).contains(u"a word"_s), qPrintable(problems.at(1)));
    }
};

QTEST_MAIN(TestWarRoomWall)
#include "tst_war_room_wall.moc"
