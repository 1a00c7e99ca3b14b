#include "ConsoleApp.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "MainWindow.h"
#include "StackInfo.h"
#include "TimelineChart.h"
#include "TimelineMarkerModel.h"
#include "TimelinePage.h"

#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Timeline page through the whole app on the real stack: a restart and a scale made by
// someone else with kubectl during the run appear as deployment markers — the restart at the
// time kubectl wrote into the annotation (read back with kubectl as the witness), both naming
// kubectl as who did it — and the three lanes fill from Prometheus.
class TestTimelinePage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_profilePath;
    StackInfo m_stack;
    QString m_ns;
    QHash<QString, int> m_replicasBefore;

    // kubectl as another operator would run it (the stack's operator identity).
    bool kubectl(const QStringList &args, QString *out = nullptr, const QString &configKey = u"kubeconfig"_s) const
    {
        QProcess p;
        p.start(u"kubectl"_s,
                QStringList{u"--kubeconfig"_s, m_stack.string(u"kube"_s, configKey), u"-n"_s, m_ns} + args);
        if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("kubectl %s: %s", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
            p.kill();
            return false;
        }
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        return true;
    }
    // The witness: kubectl with the admin identity, independent of the console's reading.
    QString jsonpath(const QString &deployment, const QString &path) const
    {
        QString out;
        kubectl({u"get"_s, u"deployment"_s, deployment, u"-o"_s, u"jsonpath="_s + path}, &out, u"admin_kubeconfig"_s);
        return out;
    }
    int replicas(const QString &deployment) const
    {
        bool ok = false;
        const int n = jsonpath(deployment, u"{.spec.replicas}"_s).toInt(&ok);
        return ok ? n : -1;
    }
    void restoreReplicas()
    {
        for (auto it = m_replicasBefore.cbegin(); it != m_replicasBefore.cend(); ++it)
            if (replicas(it.key()) != it.value())
                kubectl({u"scale"_s, u"deployment"_s, it.key(), u"--replicas=%1"_s.arg(it.value())});
    }
    static const TimelineMarker *find(const TimelineMarkers &markers, const QString &target,
                                      const QString &whatContains, const QDateTime &after)
    {
        for (const TimelineMarker &m : markers)
            if (m.kind == TimelineMarker::Kind::Deployment && m.target == target && m.what.contains(whatContains)
                && m.at >= after)
                return &m;
        return nullptr;
    }

    struct Console
    {
        std::unique_ptr<ConsoleApp> app;
        TimelinePage *page = nullptr;
    };
    // Started, shown on the Timeline page, and past the Kubernetes feed's first list.
    void startConsole(Console &c)
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        c.app = std::make_unique<ConsoleApp>(options);
        MainWindow *w = c.app->window();
        w->resize(1400, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QVERIFY(w->showPage(u"timeline"_s));
        c.page = w->timelinePage();
        QVERIFY(c.page);
        QTRY_COMPARE_WITH_TIMEOUT(c.app->models().health->health(FeedKind::Kubernetes).state, FeedState::Live, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(c.app->models().timeline->deploymentsSeenAt().isValid(), 30000);
    }

private slots:
    void initTestCase()
    {
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"state"_s).toUtf8()); // our own, empty audit log
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        m_ns = m_stack.string(u"kube"_s, u"namespace"_s);
        QVERIFY(!m_ns.isEmpty());
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QString profileError;
        QVERIFY2(StackInfo::writeProfile(m_profilePath, &profileError), qPrintable(profileError));
        for (const QString &d : {u"inventory-service"_s, u"notification-service"_s}) {
            const int n = replicas(d);
            QVERIFY2(n >= 0, qPrintable(u"kubectl could not read deployment "_s + d));
            m_replicasBefore.insert(d, n);
        }
    }

    void cleanup() { restoreReplicas(); }
    void cleanupTestCase() { restoreReplicas(); }

    void kubectlRestartAppearsAsMarker()
    {
        Console c;
        startConsole(c);
        if (QTest::currentTestFailed())
            return;
        IncidentTimeline *timeline = c.app->models().timeline;
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
        QVERIFY(kubectl({u"rollout"_s, u"restart"_s, u"deployment/inventory-service"_s}));
        const QString annotation = jsonpath(
            u"inventory-service"_s, u"{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"_s);
        const QDateTime restartedAt = QDateTime::fromString(annotation, Qt::ISODate);
        QVERIFY2(restartedAt.isValid(), qPrintable(u"annotation: "_s + annotation));

        // Within a few polls of the Kubernetes feed (every 5 s), the list under the chart has it.
        TimelineMarkerModel *list = c.page->markerModel();
        QTRY_VERIFY_WITH_TIMEOUT(find(list->markers(), u"inventory-service"_s, u"restart"_s, before), 30000);
        const TimelineMarker m = *find(list->markers(), u"inventory-service"_s, u"restart"_s, before);
        QCOMPARE(m.at, restartedAt.toUTC());
        QVERIFY2(m.who.contains(u"kubectl"_s), qPrintable(m.who));
        QVERIFY2(!m.who.contains(u"sagadeck: "_s), qPrintable(m.who));

        // On the chart: a marker on the shared axis whose hover text says who, what and when.
        c.page->sync();
        TimelineChart *chart = c.page->chart();
        int index = -1;
        for (int i = 0; i < chart->markers().size(); ++i)
            if (chart->markers().at(i).key == m.key)
                index = i;
        QVERIFY(index >= 0);
        const QPointF at = chart->markerPosition(index);
        QVERIFY(chart->laneRect(0).contains(at));
        QCOMPARE(chart->xFor(m.at), at.x());
        const QString tip = chart->tooltipAt(at);
        QVERIFY2(tip.contains(u"who: "_s + m.who), qPrintable(tip));
        QVERIFY2(tip.contains(u"what: "_s + m.what), qPrintable(tip));
        QVERIFY2(tip.contains(m.at.toUTC().toString(u"HH:mm:ss"_s)), qPrintable(tip));
        // The same x in every lane: one time axis.
        QCOMPARE(chart->laneRect(0).left(), chart->laneRect(2).left());
        QCOMPARE(chart->laneRect(0).width(), chart->laneRect(2).width());
        QCOMPARE(chart->tooltipAt(QPointF(at.x(), chart->laneRect(2).center().y())), tip);

        // Clicking it in the list highlights it on the chart.
        const int row = c.page->markerModel()->rowOf(m.key);
        QVERIFY(row >= 0);
        QTableView *view = c.page->markerView();
        view->scrollTo(view->model()->index(row, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(view->model()->index(row, 1)).center());
        QCOMPARE(chart->highlighted(), m.key);

        // The lanes fill from Prometheus on the stack (failure rate and p95 always; lag when the
        // profile names its metric).
        for (const QString &lane : {u"failure"_s, u"p95"_s}) {
            QTRY_VERIFY2_WITH_TIMEOUT(timeline->seriesById(lane)->answered, qPrintable(lane), 30000);
            QVERIFY2(timeline->seriesById(lane)->error.isEmpty(), qPrintable(timeline->seriesById(lane)->error));
            QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(lane) > 0, 30000);
        }
        QVERIFY(c.page->bannerText().isEmpty());

        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(c.app->window()->grab().save(shots + u"/timeline.png"_s));
    }

    void kubectlScaleShowsFromAndTo()
    {
        Console c;
        startConsole(c);
        if (QTest::currentTestFailed())
            return;
        const int from = m_replicasBefore.value(u"notification-service"_s);
        const int to = from + 1;
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
        QVERIFY(kubectl({u"scale"_s, u"deployment/notification-service"_s, u"--replicas=%1"_s.arg(to)}));
        QCOMPARE(replicas(u"notification-service"_s), to); // the witness
        const QString fromTo = u"from %1 to %2 replicas"_s.arg(from).arg(to);
        TimelineMarkerModel *list = c.page->markerModel();
        QTRY_VERIFY_WITH_TIMEOUT(find(list->markers(), u"notification-service"_s, fromTo, before), 30000);
        const TimelineMarker m = *find(list->markers(), u"notification-service"_s, fromTo, before);
        QVERIFY2(m.who.startsWith(u"kubectl"_s), qPrintable(m.who));
        QVERIFY2(m.who.contains(u"scale"_s), qPrintable(m.who)); // through the /scale subresource
        QVERIFY(m.at <= QDateTime::currentDateTimeUtc());
        QVERIFY(m.at >= before);
        const int row = list->rowOf(m.key);
        QCOMPARE(list->index(row, TimelineMarkerModel::Who).data().toString(), m.who);
    }
};

QTEST_MAIN(TestTimelinePage)
#include "tst_timeline_page.moc"
