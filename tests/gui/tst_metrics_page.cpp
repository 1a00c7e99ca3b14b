#include "AlertNotifier.h"
#include "AlertTableModel.h"
#include "ConsoleApp.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "MetricChart.h"
#include "MetricsDashboard.h"
#include "MetricsPage.h"
#include "OverviewPage.h"
#include "ServiceLevelQueries.h"
#include "SimHarness.h"
#include "StatusTile.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Metrics page through the whole app on the real stack, headless: charts answer, the page's
// controls work, saga-sim's incidents take the runbook's rules to Firing, and a stopped
// Prometheus turns rules to Error and panels to Down with their data age, then recovers.
// Rules come from a test file with a short `for:` so that the tests are quick.
class TestMetricsPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profilePath;
    QString m_oracleProfilePath;

    QString stackScript() const { return QStringLiteral(SAGADECK_SOURCE_DIR "/stack/stack"); }
    QString stackDir() const { return qEnvironmentVariable("SAGADECK_STACK_DIR"); }

    static AlertState stateOf(ConsoleApp &app, const QString &rule)
    {
        const AlertTracker *t = app.models().metrics->alerts()->tracker(rule);
        return t ? t->state() : AlertState::Normal;
    }

    struct Session
    {
        ConsoleApp app;
        explicit Session(const CommandLineOptions &o)
            : app(o)
        {
            app.window()->resize(1280, 800);
            app.window()->showPage(u"metrics"_s);
            app.window()->show();
        }
        MetricsPage *page() const { return app.window()->metricsPage(); }
    };

    CommandLineOptions options() const
    {
        CommandLineOptions o;
        o.configPath = m_profilePath;
        return o;
    }

    bool stackUp()
    {
        QProcess up;
        up.start(stackScript(), {u"--dir"_s, stackDir(), u"up"_s});
        return up.waitForFinished(180000) && up.exitCode() == 0;
    }

private slots:
    void initTestCase()
    {
        SimHarness::open(m_sim);
        // The charts, exports and snapshot below need a little history: on a stack started
        // moments ago (CI), wait (bounded) for two minutes of saga-sim scrapes.
        QDeadlineTimer history(240000);
        while (m_sim->promValue(u"count_over_time(up{job=\"saga-sim\"}[10m])"_s).value_or(0) < 60
               && !history.hasExpired())
            QTest::qWait(2000);
        QVERIFY2(m_sim->promValue(u"count_over_time(up{job=\"saga-sim\"}[10m])"_s).value_or(0) >= 60,
                 "Prometheus has not two minutes of saga-sim samples");
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QProcess env;
        env.start(stackScript(), {u"--dir"_s, stackDir(), u"env"_s});
        QVERIFY(env.waitForFinished(30000));
        QCOMPARE(env.exitCode(), 0);
        // The runbook's rules with a 2 s `for:` (it gives none: the Pending step is tested
        // here), evaluated every second.
        QFile builtIn(QStringLiteral(SAGADECK_SOURCE_DIR "/resources/alert-rules.json"));
        QVERIFY(builtIn.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(builtIn.readAll()).object();
        QJsonArray withFor;
        for (const QJsonValue &r : root.value(u"rules"_s).toArray()) {
            QJsonObject o = r.toObject();
            QVERIFY(!o.contains(u"for_s"_s));
            o.insert(u"for_s"_s, 2);
            withFor.append(o);
        }
        root.insert(u"rules"_s, withFor);
        const QString rulesPath = m_dir.filePath(u"rules.json"_s);
        QFile rules(rulesPath);
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(QJsonDocument(root).toJson());
        rules.close();
        const QString stackYaml = QString::fromUtf8(env.readAllStandardOutput());
        QString yaml = stackYaml;
        static const QRegularExpression promRefresh(
            u"(    prometheus:\\n(?:      .*\\n)*?)      refresh_ms: \\d+\\n"_s);
        QVERIFY(promRefresh.match(yaml).hasMatch());
        yaml.replace(promRefresh, u"\\1      refresh_ms: 1000\n      alert_rules: \"%1\"\n"_s.arg(rulesPath));
        QFile profile(m_profilePath);
        QVERIFY(profile.open(QIODevice::WriteOnly));
        profile.write(yaml.toUtf8());
        // The oracle's profile: the built-in rules, exactly as the stack's Prometheus loads them.
        QString oracle = stackYaml;
        oracle.replace(promRefresh, u"\\1      refresh_ms: 1000\n"_s);
        m_oracleProfilePath = m_dir.filePath(u"oracle.yaml"_s);
        QFile oracleProfile(m_oracleProfilePath);
        QVERIFY(oracleProfile.open(QIODevice::WriteOnly));
        oracleProfile.write(oracle.toUtf8());
    }

    void cleanup() { m_sim->restore(); }

    void cleanupTestCase()
    {
        // Whatever happened, leave the stack whole and the workload as it was.
        stackUp();
        if (m_sim)
            m_sim->restore();
        m_sim.reset();
    }

    void chartsAnswerAndControlsWork()
    {
        Session s(options());
        QVERIFY(QTest::qWaitForWindowExposed(s.app.window()));
        MetricsPage *page = s.page();
        QVERIFY(page);
        MetricsDashboard *d = s.app.models().metrics;
        QVERIFY2(s.app.problems().isEmpty(), qPrintable(s.app.problems().join(u'\n')));
        QTRY_VERIFY2_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state == FeedState::Live,
                                  qPrintable(s.app.models().health->health(FeedKind::Prometheus).reason), 15000);
        QVERIFY2(d->rulesError().isEmpty(), qPrintable(d->rulesError()));
        // The test's four (the runbook's, with a `for`), then the objectives' four burn-rate rules.
        QCOMPARE(d->alerts()->trackers().size(), 8);
        QCOMPARE(d->alerts()->trackers().first().rule().forS, 2);
        for (const QString &id : d->chartIds())
            QTRY_VERIFY2_WITH_TIMEOUT(d->chart(id)->lastSuccess.isValid(), qPrintable(id), 15000);
        MetricChart *rate = page->chart(u"request-rate"_s);
        // One per service; on a stack started moments ago some services answer a little later.
        QTRY_VERIFY_WITH_TIMEOUT(rate->seriesCount() >= 4, 60000);
        QVERIFY2(rate->statusText().contains(u"Live"_s), qPrintable(rate->statusText()));
        // Decimated to at most ~2 points per pixel column of the chart.
        for (const PromSeries &series : d->chart(u"request-rate"_s)->series)
            QVERIFY(series.points.size() <= 2 * d->chart(u"request-rate"_s)->widthPx + 2);

        // Hover: the read-out shows exact values of the nearest sample.
        const QRectF plot = rate->chart()->plotArea();
        const QPoint inside = rate->mapFromScene(rate->chart()->mapToScene(plot.center()));
        QTest::mouseMove(rate->viewport(), inside);
        rate->showReadoutAt(inside);
        QVERIFY2(rate->readoutText().contains(u"/s"_s), qPrintable(rate->readoutText()));

        // Legend toggle.
        const QString first = d->chart(u"request-rate"_s)->series.first().displayName();
        rate->setSeriesVisible(first, false);
        QVERIFY(!rate->seriesVisible(first));
        rate->setSeriesVisible(first, true);

        // Zoom: show the last 5 minutes (a stack started moments ago has data there), drag
        // across the newer half of the plot, then back to the full 5 minutes.
        QComboBox *rangeBox = page->rangePicker();
        rangeBox->setCurrentIndex(rangeBox->findData(300));
        emit rangeBox->activated(rangeBox->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(
            d->chart(u"request-rate"_s)->window.end - d->chart(u"request-rate"_s)->window.start <= 300 + 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!d->chart(u"request-rate"_s)->series.isEmpty(), 10000);
        QSignalSpy zoom(rate, &MetricChart::zoomRequested);
        const QRectF area = rate->chart()->plotArea();
        const QPointF from(area.left() + area.width() * 0.5, area.center().y());
        const QPointF to(area.left() + area.width() * 0.99, area.center().y());
        const QPoint a = rate->mapFromScene(rate->chart()->mapToScene(from));
        const QPoint b = rate->mapFromScene(rate->chart()->mapToScene(to));
        QTest::mousePress(rate->viewport(), Qt::LeftButton, {}, a);
        QTest::mouseMove(rate->viewport(), b);
        QTest::mouseRelease(rate->viewport(), Qt::LeftButton, {}, b);
        QCOMPARE(zoom.size(), 1);
        QVERIFY(d->zoomed());
        QVERIFY(page->resetZoomButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(
            d->chart(u"request-rate"_s)->window.end - d->chart(u"request-rate"_s)->window.start < 200, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!d->chart(u"request-rate"_s)->series.isEmpty(), 10000);
        QVERIFY(d->chart(u"request-rate"_s)->window.step <= 2 * 2); // the scrape interval bounds it
        QTest::mouseClick(page->resetZoomButton(), Qt::LeftButton);
        QVERIFY(!d->zoomed());
        QTRY_VERIFY_WITH_TIMEOUT(
            d->chart(u"request-rate"_s)->window.end - d->chart(u"request-rate"_s)->window.start >= 300 - 5, 10000);

        // Range picker: 6 hours -> a coarser step chosen from the width.
        const double stepBefore = d->chart(u"memory"_s)->window.step;
        QComboBox *range = page->rangePicker();
        range->setCurrentIndex(range->findData(21600));
        emit range->activated(range->currentIndex());
        QCOMPARE(d->rangeS(), 21600.0);
        QTRY_VERIFY_WITH_TIMEOUT(d->chart(u"memory"_s)->window.end - d->chart(u"memory"_s)->window.start >= 21600 - 60,
                                 10000);
        QVERIFY(d->chart(u"memory"_s)->window.step > stepBefore);
        // Refresh picker.
        QComboBox *refresh = page->refreshPicker();
        refresh->setCurrentIndex(0);
        emit refresh->activated(0);
        QCOMPARE(d->autoRefreshMs(), 0);

        // Export.
        // One row per sample the chart holds (a young stack has few samples at a 6-hour step,
        // so count them rather than assume a number), plus the two header lines.
        QTRY_VERIFY_WITH_TIMEOUT(!d->chart(u"request-rate"_s)->series.isEmpty(), 10000);
        qsizetype samples = 0;
        for (const PromSeries &series : d->chart(u"request-rate"_s)->series)
            samples += series.points.size();
        QVERIFY(samples > 0);
        QString error;
        const QString csv = m_dir.filePath(u"rate.csv"_s);
        QVERIFY2(page->exportChartCsv(u"request-rate"_s, csv, &error), qPrintable(error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.startsWith("# Request rate by service; query: sum by (service)"));
        QVERIFY(text.contains("\nseries,time_utc,unix_s,value\n"));
        QCOMPARE(text.count('\n'), samples + 2);
        QVERIFY2(page->exportChartPng(u"request-rate"_s, m_dir.filePath(u"rate.png"_s), &error), qPrintable(error));
        QVERIFY(!QImage(m_dir.filePath(u"rate.png"_s)).isNull());
    }

    void paymentOutageFiresTheSagaFailureRule()
    {
        Session s(options());
        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 15000);
        QVERIFY(m_sim->setScenario(u"payment-outage"_s));
        QVERIFY(m_sim->setRate(10));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(s.app, u"SagaFailureRate"_s), AlertState::Firing, 90000);
        const AlertTracker *t = s.app.models().metrics->alerts()->tracker(u"SagaFailureRate"_s);
        QVERIFY(t->lastValue() > 0.005);
        // Listed with time and value; Pending came first unless it was already over when we began.
        bool firing = false;
        for (const AlertTransition &tr : s.app.models().metrics->transitions())
            if (tr.rule == u"SagaFailureRate"_s && tr.to == AlertState::Firing && tr.at.isValid() && tr.value > 0.005
                && tr.labels.contains(u"saga_type"_s))
                firing = true;
        QVERIFY(firing);
        QListWidget *list = s.page()->transitionList();
        // Per saga type: the transition names the instance's label set.
        bool listed = false;
        static const QRegularExpression instance(u"SagaFailureRate\\{saga_type=[^}]+\\}: Pending → Firing"_s);
        for (int i = 0; i < list->count(); ++i)
            listed |= instance.match(list->item(i)->text()).hasMatch();
        QVERIFY2(listed, "the Pending → Firing transition of a saga type is not listed");
        QVERIFY(!s.app.models()
                     .metrics->alerts()
                     ->instanceNames(AlertState::Firing)
                     .filter(u"SagaFailureRate{saga_type="_s)
                     .isEmpty());
        // Headless: no tray, so the notifier shows it in the window (and rate-limits repeats).
        QVERIFY2(s.page()->noticeText().contains(u" is Firing"_s), qPrintable(s.page()->noticeText()));
        QVERIFY(s.page()->notifier()->shownCount() >= 1);
    }

    void latencySpikeFiresTheLatencyRule()
    {
        Session s(options());
        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 15000);
        QVERIFY(m_sim->setScenario(u"latency-spike"_s));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(s.app, u"HighLatency"_s), AlertState::Firing, 120000);
        QVERIFY(s.app.models().metrics->alerts()->tracker(u"HighLatency"_s)->lastValue() > 0.5);
    }

    // The overview's budget tiles in a snapshot during payment-outage: each says what is left
    // and how fast it burns, and the saga budget's 1 h burn is Prometheus' own bad share over
    // the budget (the snapshot's moment and the query's are a few seconds apart).
    void budgetTilesInASnapshotDuringPaymentOutage()
    {
        QVERIFY(m_sim->setScenario(u"payment-outage"_s));
        QVERIFY(m_sim->setRate(10));
        const QString failed5m = levelquery::sloBadRatio(u"success"_s, u"5m"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_sim->promValue(failed5m).value_or(0) > 0.02, 120000);
        QProcess p;
        const QString json = m_dir.filePath(u"overview-outage.json"_s);
        const QString png = m_dir.filePath(u"overview-outage.png"_s);
        p.start(qEnvironmentVariable("SAGADECK_BIN"),
                {u"snapshot"_s, u"--config"_s, m_oracleProfilePath, u"--page"_s, u"overview"_s, u"--json"_s, json,
                 u"--png"_s, png});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const std::optional<double> failed1h = m_sim->promValue(levelquery::sloBadRatio(u"success"_s, u"1h"_s));
        QVERIFY(failed1h);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QJsonObject success, availability;
        for (const QJsonValue &t : root.value(u"overview"_s).toObject().value(u"tiles"_s).toArray()) {
            if (t.toObject().value(u"id"_s).toString() == u"budget-success"_s)
                success = t.toObject();
            if (t.toObject().value(u"id"_s).toString() == u"budget-availability"_s)
                availability = t.toObject();
        }
        for (const QJsonObject &tile : {success, availability}) {
            const QString value = tile.value(u"value"_s).toString();
            QVERIFY2(value.endsWith(u"% left"_s) || value.startsWith(u"overspent"_s), qPrintable(value));
            QVERIFY2(tile.value(u"verdict"_s).toString() != u"no data"_s,
                     qPrintable(tile.value(u"detail"_s).toString()));
        }
        static const QRegularExpression burn1h(u"burn 1 h ([0-9.]+)×"_s);
        const QRegularExpressionMatch m = burn1h.match(success.value(u"detail"_s).toString());
        QVERIFY2(m.hasMatch(), qPrintable(success.value(u"detail"_s).toString()));
        const double shown = m.captured(1).toDouble(), oracle = *failed1h / (1 - SloSettings().sagaSuccess);
        QVERIFY2(oracle > 1, qPrintable(QString::number(oracle))); // the outage burns faster than allowed
        QVERIFY2(std::fabs(shown - oracle) <= 0.15 * oracle + 0.1,
                 qPrintable(u"tile %1x, Prometheus %2x"_s.arg(shown).arg(oracle)));
    }

    void snapshotJsonHasChartsAndAlerts()
    {
        QProcess p;
        const QString json = m_dir.filePath(u"metrics.json"_s);
        p.start(qEnvironmentVariable("SAGADECK_BIN"),
                {u"snapshot"_s, u"--config"_s, m_profilePath, u"--page"_s, u"metrics"_s, u"--json"_s, json});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(root.value(u"ok"_s).toBool());
        const QJsonObject m = root.value(u"metrics"_s).toObject();
        const QJsonArray charts = m.value(u"charts"_s).toArray();
        QCOMPARE(charts.size(), 8);
        for (const QJsonValue &c : charts) {
            const QJsonObject o = c.toObject();
            QVERIFY(!o.value(u"query"_s).toString().isEmpty());
            QVERIFY(o.value(u"step_s"_s).toDouble() >= 2);
            QVERIFY(o.value(u"end"_s).toDouble() > o.value(u"start"_s).toDouble());
            QVERIFY2(o.value(u"error"_s).toString().isEmpty(), qPrintable(o.value(u"error"_s).toString()));
            QVERIFY(!o.value(u"series"_s).toArray().isEmpty());
        }
        const QJsonArray alerts = m.value(u"alerts"_s).toArray();
        QVERIFY(alerts.size() >= 4);
        // Every rule has data on the stack (never No data), and an instance per label set.
        const QStringList labelOf{u"service"_s, u"service"_s, u"saga_type"_s, u"service"_s};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject rule = alerts[i].toObject();
            QVERIFY2(QStringList({u"Normal"_s, u"Pending"_s, u"Firing"_s}).contains(rule.value(u"state"_s).toString()),
                     qPrintable(rule.value(u"name"_s).toString() + u": "_s + rule.value(u"state"_s).toString()));
            const QJsonArray instances = rule.value(u"instances"_s).toArray();
            QVERIFY2(!instances.isEmpty(), qPrintable(rule.value(u"name"_s).toString()));
            for (const QJsonValue &inst : instances)
                QVERIFY(inst.toObject().value(u"labels"_s).toObject().contains(labelOf.at(i)));
        }
    }

    // Prometheus as the oracle: it loads the very rules the console evaluates (stack/stack writes
    // them from resources/alert-rules.json). During an incident the console's firing and pending
    // instances (rule names and label sets) equal GET /api/v1/alerts once both have evaluated
    // the same data (each evaluates on its own clock: retried until equal, bounded).
    void consoleInstancesEqualPrometheusAlerts_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("expected"); // an instance that must be among them
        QTest::newRow("payment-outage") << u"payment-outage"_s << u"firing HighErrorRate{service=payment-service}"_s;
        QTest::newRow("latency-spike") << u"latency-spike"_s << u"firing HighLatency{service="_s;
    }
    void consoleInstancesEqualPrometheusAlerts()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, expected);
        CommandLineOptions o;
        o.configPath = m_oracleProfilePath;
        Session s(o);
        MetricsDashboard *d = s.app.models().metrics;
        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 15000);
        QCOMPARE(d->alerts()->trackers().size(), 8); // the runbook's four and the burn-rate four
        for (const AlertTracker &t : d->alerts()->trackers())
            QCOMPARE(t.rule().forS, 0); // as the rule files (and so Prometheus') have it
        QVERIFY(m_sim->setScenario(scenario));
        QVERIFY(m_sim->setRate(10));
        auto consoleSet = [d] {
            QStringList out;
            for (const QString &n : d->alerts()->instanceNames(AlertState::Firing))
                out << u"firing "_s + n;
            for (const QString &n : d->alerts()->instanceNames(AlertState::Pending))
                out << u"pending "_s + n;
            out.sort();
            return out;
        };
        auto prometheusSet = [this](bool *ok) {
            const SimHarness::Reply r = m_sim->promGet(u"/api/v1/alerts"_s);
            *ok = r.status == 200 && r.body.value(u"status"_s).toString() == u"success"_s;
            QStringList out;
            for (const QJsonValue &v : r.body.value(u"data"_s).toObject().value(u"alerts"_s).toArray()) {
                const QJsonObject a = v.toObject();
                PromAlert p;
                p.name = a.value(u"labels"_s).toObject().value(u"alertname"_s).toString();
                const QJsonObject labels = a.value(u"labels"_s).toObject();
                for (auto it = labels.begin(); it != labels.end(); ++it)
                    p.labels.insert(it.key(), it.value().toString());
                const QString state = a.value(u"state"_s).toString();
                if (state == u"firing"_s || state == u"pending"_s)
                    out << state + u' ' + alertInstanceName(p.name, promAlertSeriesLabels(p));
            }
            out.sort();
            return out;
        };
        QDeadlineTimer deadline(180000);
        QStringList console, prometheus;
        bool equal = false;
        while (!deadline.hasExpired()) {
            bool ok = false;
            prometheus = prometheusSet(&ok);
            console = consoleSet();
            if (ok && console == prometheus && !prometheus.filter(expected).isEmpty()) {
                equal = true;
                break;
            }
            QTest::qWait(500);
        }
        QVERIFY2(equal,
                 qPrintable(u"console: [%1]\nprometheus: [%2]"_s.arg(console.join(u", "_s), prometheus.join(u", "_s))));
    }

    // A metric the site does not have (a lag in seconds, which no exporter here writes) is No data
    // naming it, never Normal; the overview's alerts tile gives no verdict.
    void absentMetricIsNoDataNamingIt()
    {
        const QString rulesPath = m_dir.filePath(u"absent-rules.json"_s);
        QFile rules(rulesPath);
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(R"json({"rules": [{"name": "ConsumerLag", "op": ">", "threshold": 1000,
                       "query": "sum by (consumergroup) (kafka_consumer_lag_seconds)"}]})json");
        rules.close();
        QFile base(m_oracleProfilePath);
        QVERIFY(base.open(QIODevice::ReadOnly));
        QString yaml = QString::fromUtf8(base.readAll());
        static const QRegularExpression promRefresh(u"(      refresh_ms: 1000\\n)"_s);
        QVERIFY(promRefresh.match(yaml).hasMatch());
        yaml.replace(promRefresh, u"\\1      alert_rules: \"%1\"\n"_s.arg(rulesPath));
        const QString profilePath = m_dir.filePath(u"absent.yaml"_s);
        QFile profile(profilePath);
        QVERIFY(profile.open(QIODevice::WriteOnly));
        profile.write(yaml.toUtf8());
        profile.close();
        CommandLineOptions o;
        o.configPath = profilePath;
        Session s(o);
        const AlertTableModel *alerts = s.app.models().metrics->alerts();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(s.app, u"ConsumerLag"_s), AlertState::NoData, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(alerts->tracker(u"ConsumerLag"_s)->absentMetrics(),
                                  QStringList{u"kafka_consumer_lag_seconds"_s}, 10000);
        QCOMPARE(alerts->tracker(u"ConsumerLag"_s)->detail(),
                 u"no series of kafka_consumer_lag_seconds in Prometheus"_s);
        OverviewPage *overview = s.app.window()->overviewPage();
        overview->refresh();
        // No data gives no verdict; the objectives' burn-rate rules beside it may still fire on
        // an earlier test's outage (they look back 6 h), and firing outranks it: never "met".
        const QString verdict = overview->verdict(u"alerts"_s);
        QVERIFY2(verdict == u"no data"_s || verdict == u"missed"_s, qPrintable(verdict));
        QVERIFY2(overview->tile(u"alerts"_s)->detail().contains(u"kafka_consumer_lag_seconds"_s),
                 qPrintable(overview->tile(u"alerts"_s)->detail()));
    }

    void prometheusStoppedMeansErrorAndDownThenRecovers()
    {
        Session s(options());
        MetricsDashboard *d = s.app.models().metrics;
        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(d->chart(u"memory"_s)->lastSuccess.isValid(), 15000);

        QProcess status;
        status.start(stackScript(), {u"--dir"_s, stackDir(), u"status"_s});
        QVERIFY(status.waitForFinished(60000));
        const QRegularExpressionMatch m = QRegularExpression(u"^prometheus\\s+up\\s+pid (\\d+)"_s,
                                                             QRegularExpression::MultilineOption)
                                              .match(QString::fromUtf8(status.readAllStandardOutput()));
        QVERIFY2(m.hasMatch(), "stack status does not show prometheus up");
        const qint64 pid = m.captured(1).toLongLong();
        QVERIFY(pid > 1);
        QCOMPARE(::kill(pid_t(pid), SIGTERM), 0);

        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Down, 20000);
        // Never "Normal" when we cannot look.
        for (const AlertTracker &t : d->alerts()->trackers())
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(s.app, t.rule().name), AlertState::Error, 10000);
        QVERIFY(!d->alerts()->trackers().first().lastError().isEmpty());
        // Panels say Down and how old what they show is.
        d->refreshCharts();
        MetricChart *chart = s.page()->chart(u"memory"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(chart->statusText().contains(u"Down"_s) && chart->statusText().contains(u"old"_s),
                                  qPrintable(chart->statusText()), 10000);
        QVERIFY2(s.page()->bannerText().contains(u"Down"_s), qPrintable(s.page()->bannerText()));

        QVERIFY(stackUp());
        QTRY_COMPARE_WITH_TIMEOUT(s.app.models().health->health(FeedKind::Prometheus).state, FeedState::Live, 60000);
        for (const AlertTracker &t : d->alerts()->trackers())
            QTRY_VERIFY_WITH_TIMEOUT(stateOf(s.app, t.rule().name) != AlertState::Error, 20000);
        d->refreshCharts();
        QTRY_VERIFY2_WITH_TIMEOUT(chart->statusText().contains(u"Live"_s), qPrintable(chart->statusText()), 20000);
    }
};

QTEST_MAIN(TestMetricsPage)
#include "tst_metrics_page.moc"
