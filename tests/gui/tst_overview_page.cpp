#include "AlertTableModel.h"
#include "ConsoleApp.h"
#include "DeploymentTableModel.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "OverviewPage.h"
#include "SagaSummaryStore.h"
#include "SimHarness.h"
#include "StackInfo.h"
#include "StatusTile.h"

#include <QTemporaryDir>
#include <cmath>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Overview on the real stack: every tile gets a verdict from live data, the numbers agree
// with Postgres and the Kubernetes API, tiles open their pages, and payment-outage turns the
// saga success tile to "missed".
class TestOverviewPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profilePath;

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

    void tilesAgreeWithTheirSourcesAndOpenTheirPages()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1280, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        OverviewPage *page = w->overviewPage();
        QVERIFY(page);
        QCOMPARE(w->currentPageId(), u"overview"_s);
        // Every tile reaches a verdict once its feed answered.
        for (const QString &id : page->tileIds())
            QTRY_VERIFY2_WITH_TIMEOUT(page->verdict(id) != u"no data"_s,
                                      qPrintable(id + u": "_s + page->tile(id)->detail()), 40000);
        QCOMPARE(page->tile(u"feeds"_s)->value(), u"5 of 5 Live"_s);
        // Deployments: what the API server says (all four rolled out on a quiet stack).
        QTRY_COMPARE_WITH_TIMEOUT(page->tile(u"deployments"_s)->value(), u"4 of 4"_s, 30000);
        // Failed sagas: the count Postgres has for the summary's window (the last hour).
        auto failedSql = [&app] {
            const qint64 sinceUs = app.models().sagaSummary->summary().finishedSinceUs;
            return u"SELECT count(*) FROM saga_instances WHERE status = 'FAILED' AND updated_at >= 'epoch'::timestamptz "
                   "+ %1 * interval '1 microsecond'"_s.arg(sinceUs);
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            page->tile(u"sagas"_s)->value().startsWith(m_sim->sqlValue(failedSql()) + u" failed"_s), 10000);
        QVERIFY(page->tile(u"sagas"_s)->detail().startsWith(u"failed in the last hour"_s));
        // Each service-level tile shows its own query's reading (the query the Metrics page's
        // chart draws), and that reading is what Prometheus answers for the same query.
        page->refresh();
        const LevelReading *success = app.models().metrics->level(u"success"_s);
        QVERIFY(success && success->value);
        QCOMPARE(success->query, app.models().metrics->chart(u"saga-success"_s)->spec.query);
        QCOMPARE(page->tile(u"success"_s)->value(), QString::number(*success->value * 100.0, 'f', 2) + u" %"_s);
        QCOMPARE(page->verdict(u"success"_s), *success->value > 0.995 ? u"met"_s : u"missed"_s);
        const std::optional<double> prom = m_sim->promValue(success->query);
        QVERIFY(prom);
        QVERIFY2(std::abs(*prom - *success->value) < 0.01, qPrintable(u"%1 vs %2"_s.arg(*prom).arg(*success->value)));
        // Availability and error rate read their own signals: on a healthy stack both are verdicts.
        for (const QString &id : {u"availability"_s, u"errors"_s, u"latency"_s}) {
            const LevelReading *r = app.models().metrics->level(id);
            QVERIFY2(r && r->value, qPrintable(id));
            QVERIFY(page->tile(id)->toolTip().contains(r->signal));
        }

        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/overview-page.png"_s));

        QTest::mouseClick(page->tile(u"kafka"_s), Qt::LeftButton);
        QCOMPARE(w->currentPageId(), u"kafka"_s);
        w->showPage(u"overview"_s);
        QTest::mouseClick(page->tile(u"deployments"_s), Qt::LeftButton);
        QCOMPARE(w->currentPageId(), u"services"_s);
    }

    void paymentOutageTurnsTheSuccessTileRed()
    {
        struct Restore
        {
            SimHarness *sim;
            ~Restore() { sim->restore(); }
        } restore{m_sim.get()};
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        OverviewPage *page = app.window()->overviewPage();
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 20000);
        // The rate before the outage (an earlier test's outage may still weigh in the 5-minute
        // window): the outage must push it clearly further down, and below the target.
        auto successPercent = [page] { return page->tile(u"success"_s)->value().section(u' ', 0, 0).toDouble(); };
        QTRY_VERIFY_WITH_TIMEOUT(page->verdict(u"success"_s) != u"no data"_s, 30000);
        const double before = successPercent();
        QVERIFY(m_sim->setScenario(u"payment-outage"_s));
        QVERIFY(m_sim->setRate(10));
        QTRY_VERIFY2_WITH_TIMEOUT(
            page->verdict(u"success"_s) == u"missed"_s && successPercent() < before - 5,
            qPrintable(u"before %1 %, now %2"_s.arg(before).arg(page->tile(u"success"_s)->value())), 150000);
        QVERIFY(page->tile(u"success"_s)->detail().contains(u"missed"_s));
    }
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overview_page.moc"
