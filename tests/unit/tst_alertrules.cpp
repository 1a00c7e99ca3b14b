#include "AlertRule.h"
#include "AlertTableModel.h"
#include "NotificationLimiter.h"
#include "ServiceLevelQueries.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The console's alert evaluation: the Normal/Pending/Firing/Error/No data state machine with
// `for:`, per instance (label set) as Prometheus evaluates it, the rules file, the notification
// rate limiter and the alert table model.
class TestAlertRules : public QObject
{
    Q_OBJECT
private slots:
    // One unlabelled series: steps "t:value>State" separated by ';' — t in seconds, value a
    // number, "none" (no series) or "err" (query failed). transitions: the states entered, in
    // order, as reported.
    void stateMachine_data()
    {
        QTest::addColumn<int>("forS");
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("transitions");
        QTest::newRow("quiet stays Normal, first Normal not reported")
            << 60 << u"0:0.001>Normal;10:0.002>Normal"_s << u""_s;
        QTest::newRow("pending then firing after for:")
            << 30 << u"0:0.1>Pending;10:0.2>Pending;29:0.3>Pending;30:0.3>Firing;40:0.3>Firing"_s
            << u"Pending,Firing"_s;
        QTest::newRow("for: 0 fires at once") << 0 << u"0:0.1>Firing;5:0.001>Normal"_s << u"Firing,Normal"_s;
        QTest::newRow("dip resets the for: clock")
            << 30 << u"0:0.1>Pending;20:0.001>Normal;25:0.1>Pending;50:0.1>Pending;55:0.1>Firing"_s
            << u"Pending,Normal,Pending,Firing"_s;
        QTest::newRow("error is Error, never Normal")
            << 30 << u"0:err>Error;5:err>Error;10:0.001>Normal"_s << u"Error,Normal"_s;
        QTest::newRow("error while firing, then true again restarts for:")
            << 10 << u"0:0.1>Pending;10:0.1>Firing;12:err>Error;14:0.1>Pending;24:0.1>Firing"_s
            << u"Pending,Firing,Error,Pending,Firing"_s;
        // No series is not Normal: a missing metric measured nothing.
        QTest::newRow("no series is No data, never Normal")
            << 0 << u"0:0.1>Firing;2:none>No data;4:0.001>Normal"_s << u"Firing,No data,Normal"_s;
        QTest::newRow("no series from the start is news") << 0 << u"0:none>No data;2:none>No data"_s << u"No data"_s;
        QTest::newRow("No data then true restarts for:")
            << 10 << u"0:0.1>Pending;5:none>No data;6:0.1>Pending;15:0.1>Pending;16:0.1>Firing"_s
            << u"Pending,No data,Pending,Firing"_s;
        QTest::newRow("equal to threshold does not hold") << 0 << u"0:0.005>Normal"_s << u""_s;
    }
    void stateMachine()
    {
        QFETCH(int, forS);
        QFETCH(QString, steps);
        QFETCH(QString, transitions);
        AlertRule rule{u"SagaFailureRate"_s, u"q"_s, AlertRule::Op::Above, 0.005, forS, {}, {}};
        AlertTracker tracker(rule);
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1764300000, Qt::UTC);
        QStringList seen;
        QDateTime lastTransitionAt;
        for (const QString &step : steps.split(u';')) {
            const QString t = step.section(u':', 0, 0);
            const QString value = step.section(u':', 1).section(u'>', 0, 0);
            const QString expected = step.section(u'>', 1);
            const QDateTime now = t0.addSecs(t.toInt());
            const auto tr = value == u"err"_s ? tracker.fail(u"Prometheus bad_data error: x"_s, now)
                : value == u"none"_s          ? tracker.evaluate(std::nullopt, now)
                                              : tracker.evaluate(value.toDouble(), now);
            QCOMPARE(alertStateName(tracker.state()), expected);
            QVERIFY(tr.size() <= 1); // one series: one change at a time
            if (!tr.isEmpty()) {
                seen << alertStateName(tr.first().to);
                QCOMPARE(tr.first().at, now);
                QCOMPARE(tracker.since(), now);
                QCOMPARE(tr.first().rule, rule.name);
                QCOMPARE(tr.first().instance(), rule.name); // no labels
                if (value == u"err"_s) {
                    QVERIFY(std::isnan(tr.first().value));
                    QVERIFY(tr.first().detail.contains(u"bad_data"_s));
                }
                lastTransitionAt = now;
            }
            QCOMPARE(tracker.lastEvaluated(), now);
        }
        QCOMPARE(seen.join(u','), transitions);
    }

    void belowRule()
    {
        AlertRule rule{u"LowSuccess"_s, u"q"_s, AlertRule::Op::Below, 0.995, 0, {}, {}};
        AlertTracker t(rule);
        QVERIFY(t.evaluate(0.999, QDateTime::currentDateTimeUtc()).isEmpty());
        QVERIFY(!t.evaluate(0.9, QDateTime::currentDateTimeUtc()).isEmpty());
        QCOMPARE(t.state(), AlertState::Firing);
        QVERIFY(!rule.holds(std::nan("")));
        QCOMPARE(rule.conditionText(), u"< 0.995"_s);
    }

    void builtInRulesFile()
    {
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR "/resources/alert-rules.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const AlertRulesParse p = parseAlertRules(f.readAll(), u"alert-rules.json"_s);
        QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(u'\n')));
        QCOMPARE(p.rules.size(), 4);
        QStringList names;
        for (const AlertRule &r : p.rules)
            names << r.name;
        QCOMPARE(names,
                 (QStringList{u"HighErrorRate"_s, u"HighLatency"_s, u"SagaFailureRate"_s, u"DatabaseConnections"_s}));
        // The runbook's four, per series (the queries the Metrics page charts), its thresholds,
        // and no `for` (the runbook gives none).
        QCOMPARE(p.rules[0].query, levelquery::errorRatioByService());
        QCOMPARE(p.rules[1].query, levelquery::latencyP95ByService());
        QCOMPARE(p.rules[2].query, levelquery::sagaFailureByType());
        QCOMPARE(p.rules[3].query, levelquery::dbConnectionsByService());
        for (const AlertRule &r : p.rules) {
            QCOMPARE(r.forS, 0);
            QCOMPARE(r.op, AlertRule::Op::Above);
        }
        QCOMPARE(p.rules[2].threshold, 0.005);
        QCOMPARE(p.rules[1].threshold, 0.5);
        QCOMPARE(p.rules[0].threshold, 0.01);
        QCOMPARE(p.rules[3].threshold, 0.8);
    }

    void badRulesFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("rules: []") << u"f.json: byte "_s;
        QTest::newRow("no rules key") << QByteArray("{}") << u"f.json: expected {\"rules\": [...]}"_s;
        QTest::newRow("empty list") << QByteArray("{\"rules\":[]}") << u"f.json: no rules"_s;
        QTest::newRow("missing query") << QByteArray("{\"rules\":[{\"name\":\"A\",\"threshold\":1}]}")
                                       << u"f.json: rules[0].query: missing or empty"_s;
        QTest::newRow("bad op") << QByteArray(
            "{\"rules\":[{\"name\":\"A\",\"query\":\"x\",\"op\":\">=\",\"threshold\":1}]}")
                                << u"f.json: rules[0].op: must be \">\" or \"<\", not \">=\""_s;
        QTest::newRow("threshold text") << QByteArray(
            "{\"rules\":[{\"name\":\"A\",\"query\":\"x\",\"threshold\":\"1\"}]}")
                                        << u"f.json: rules[0].threshold: missing or not a number"_s;
        QTest::newRow("negative for") << QByteArray(
            "{\"rules\":[{\"name\":\"A\",\"query\":\"x\",\"threshold\":1,\"for_s\":-1}]}")
                                      << u"f.json: rules[0].for_s: must be a whole number of seconds from 0 to 86400"_s;
        QTest::newRow("duplicate") << QByteArray(
            "{\"rules\":[{\"name\":\"A\",\"query\":\"x\",\"threshold\":1},{\"name\":\"A\",\"query\":\"y\",\"threshold\":2}]}")
                                   << u"f.json: rules[1].name: \"A\" is used twice"_s;
    }
    void badRulesFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const AlertRulesParse p = parseAlertRules(json, u"f.json"_s);
        QVERIFY(p.rules.isEmpty()); // nothing half-read
        QVERIFY2(!p.errors.isEmpty() && p.errors.first().startsWith(error), qPrintable(p.errors.join(u'\n')));
    }

    void limiter_data()
    {
        // events: "t:rule>allowed" ; per rule 300 s, global 4 per 600 s
        QTest::addColumn<QString>("events");
        QTest::newRow("same rule within 5 min suppressed") << u"0:A>1;10:A>0;299:A>0;300:A>1"_s;
        QTest::newRow("different rules independent") << u"0:A>1;1:B>1;2:A>0;3:C>1"_s;
        QTest::newRow("global cap") << u"0:A>1;1:B>1;2:C>1;3:D>1;4:E>0;599:F>0;601:G>1"_s;
    }
    void limiter()
    {
        QFETCH(QString, events);
        NotificationLimiter limiter(300, 4, 600);
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1764300000, Qt::UTC);
        int suppressed = 0;
        for (const QString &e : events.split(u';')) {
            const int t = e.section(u':', 0, 0).toInt();
            const QString rule = e.section(u':', 1).section(u'>', 0, 0);
            const bool expected = e.section(u'>', 1) == u"1"_s;
            QCOMPARE(limiter.allow(rule, t0.addSecs(t)), expected);
            suppressed += expected ? 0 : 1;
        }
        QCOMPARE(limiter.suppressed(), suppressed);
    }

    // Each label set is an instance with its own state, value and `for:` clock.
    void instancesPerLabelSet()
    {
        AlertRule rule{u"HighErrorRate"_s, u"q"_s, AlertRule::Op::Above, 0.01, 10, {}, u"s"_s};
        AlertTracker t(rule);
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1764300000, Qt::UTC);
        const AlertLabels pay{{u"service"_s, u"payment-service"_s}};
        const AlertLabels inv{{u"service"_s, u"inventory-service"_s}};
        const AlertLabels ord{{u"service"_s, u"order-service"_s}};
        using Series = QVector<QPair<AlertLabels, double>>;
        // First look: all under the threshold, nothing is news.
        QVERIFY(t.evaluate(Series{{pay, 0}, {inv, 0.001}}, t0).isEmpty());
        QCOMPARE(t.state(), AlertState::Normal);
        QCOMPARE(t.instances().size(), 2);
        // payment-service goes over: its instance alone is Pending.
        auto tr = t.evaluate(Series{{pay, 0.5}, {inv, 0.001}}, t0.addSecs(2));
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().instance(), u"HighErrorRate{service=payment-service}"_s);
        QCOMPARE(tr.first().to, AlertState::Pending);
        QCOMPARE(t.state(), AlertState::Pending);
        QCOMPARE(t.instance(pay)->state, AlertState::Pending);
        QCOMPARE(t.instance(inv)->state, AlertState::Normal);
        // inventory-service goes over 5 s later: its own clock.
        tr = t.evaluate(Series{{pay, 0.5}, {inv, 0.2}}, t0.addSecs(7));
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().labels, inv);
        // 10 s after payment-service began: it fires, inventory-service still waits.
        tr = t.evaluate(Series{{pay, 0.6}, {inv, 0.2}}, t0.addSecs(12));
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().instance(), u"HighErrorRate{service=payment-service}"_s);
        QCOMPARE(tr.first().to, AlertState::Firing);
        QCOMPARE(tr.first().value, 0.6);
        QCOMPARE(t.state(), AlertState::Firing); // the rule fires when any instance fires
        QCOMPARE(t.instance(inv)->state, AlertState::Pending);
        QCOMPARE(t.instance(pay)->activeAt, t0.addSecs(2));
        QCOMPARE(t.lastValue(), 0.6); // the worst instance
        // A new series appears (Normal, not news); inventory-service drops below (Normal);
        // payment-service's series disappears: back to Normal, as Prometheus resolves it.
        tr = t.evaluate(Series{{inv, 0.001}, {ord, 0}}, t0.addSecs(14));
        QCOMPARE(tr.size(), 2);
        QStringList changes;
        for (const AlertTransition &x : tr)
            changes << x.instance() + u':' + alertStateName(x.from) + u'>' + alertStateName(x.to);
        changes.sort();
        QCOMPARE(changes,
                 (QStringList{u"HighErrorRate{service=inventory-service}:Pending>Normal"_s,
                              u"HighErrorRate{service=payment-service}:Firing>Normal"_s}));
        QCOMPARE(t.state(), AlertState::Normal);
        QVERIFY(!t.instance(pay));
        QCOMPARE(t.instances().size(), 2);
        // Comes back over: a new `for:` clock.
        tr = t.evaluate(Series{{inv, 0.001}, {ord, 0}, {pay, 0.9}}, t0.addSecs(16));
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().to, AlertState::Pending);
        QCOMPARE(t.instance(pay)->activeAt, t0.addSecs(16));
    }

    // The case: one service at 100 % errors while the fleet-wide ratio is under 1 %.
    // Summed over the fleet the old rule could not fire; per service it must.
    void oneFailingServiceFiresUnderAQuietFleet()
    {
        // requests/s per service and 5xx/s: payment-service is tiny and fails every request.
        const QVector<std::tuple<QString, double, double>> services{{u"order-service"_s, 400, 0},
                                                                    {u"inventory-service"_s, 300, 0},
                                                                    {u"notification-service"_s, 299, 0},
                                                                    {u"payment-service"_s, 1, 1}};
        double all = 0, errors = 0;
        QVector<QPair<AlertLabels, double>> perService;
        for (const auto &[service, rate, bad] : services) {
            all += rate;
            errors += bad;
            perService.append({AlertLabels{{u"service"_s, service}}, bad / rate});
        }
        QVERIFY(errors / all < 0.01); // 0.1 % fleet-wide
        AlertRule rule{u"HighErrorRate"_s, levelquery::errorRatioByService(), AlertRule::Op::Above, 0.01, 0, {}, {}};
        AlertTracker fleet(rule);
        fleet.evaluate(QVector<QPair<AlertLabels, double>>{{AlertLabels(), errors / all}},
                       QDateTime::currentDateTimeUtc());
        QCOMPARE(fleet.state(), AlertState::Normal);
        AlertTracker t(rule);
        const auto tr = t.evaluate(perService, QDateTime::currentDateTimeUtc());
        QCOMPARE(t.state(), AlertState::Firing);
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().instance(), u"HighErrorRate{service=payment-service}"_s);
        QCOMPARE(tr.first().value, 1.0);
        QCOMPARE(t.instance(AlertLabels{{u"service"_s, u"order-service"_s}})->state, AlertState::Normal);
    }

    // No series at all: No data, naming the absent metric once Prometheus was asked.
    void noDataNamesTheAbsentMetric()
    {
        AlertRule rule{
            u"SagaFailureRate"_s, levelquery::sagaFailureByType(), AlertRule::Op::Above, 0.005, 0, {}, u"s"_s};
        AlertTracker t(rule);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const auto tr = t.evaluate(QVector<QPair<AlertLabels, double>>(), t0);
        QCOMPARE(tr.size(), 1);
        QCOMPARE(tr.first().from, AlertState::Normal);
        QCOMPARE(tr.first().to, AlertState::NoData);
        QCOMPARE(t.state(), AlertState::NoData);
        QCOMPARE(alertStateName(t.state()), u"No data"_s);
        QVERIFY(std::isnan(t.lastValue()));
        QCOMPARE(t.detail(), u"the query returns no series"_s);
        t.setAbsentMetrics({u"saga_created_total"_s});
        QCOMPARE(t.detail(), u"no series of saga_created_total in Prometheus"_s);
        // Zero is a value: with the fallback a type with no failure yet reads 0 and is Normal.
        t.evaluate(QVector<QPair<AlertLabels, double>>{{AlertLabels{{u"saga_type"_s, u"order"_s}}, 0.0}},
                   t0.addSecs(1));
        QCOMPARE(t.state(), AlertState::Normal);
        QVERIFY(t.absentMetrics().isEmpty());
        QCOMPARE(t.lastValue(), 0.0);
    }

    void metricNamesOfQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("error ratio") << levelquery::errorRatioByService() << QStringList{u"http_requests_total"_s};
        QTest::newRow("saga failure") << levelquery::sagaFailureByType()
                                      << QStringList{u"saga_created_total"_s, u"saga_failed_total"_s};
        QTest::newRow("latency") << levelquery::latencyP95ByService()
                                 << QStringList{u"http_request_duration_seconds_bucket"_s};
        QTest::newRow("ignoring, bare names") << u"database_connections{state=\"open\"} / ignoring(state) "
                                                 u"database_connections{state=\"max\"} > bool 0.8 or up"_s
                                              << QStringList{u"database_connections"_s, u"up"_s};
        QTest::newRow("strings and offsets")
            << u"sum by (service) (rate(a_total{x=\"rate(b)\"}[5m] offset 1h)) or vector(0)"_s
            << QStringList{u"a_total"_s};
    }
    void metricNamesOfQueries()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, names);
        QCOMPARE(metricNamesIn(query), names);
        QCOMPARE(presenceQuery({u"a_total"_s, u"b"_s}), u"group by (__name__) ({__name__=~\"a_total|b\"})"_s);
    }

    void tableModel()
    {
        AlertTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        model.setRules({{u"A"_s, u"qa"_s, AlertRule::Op::Above, 1, 0, {}, u"a summary"_s},
                        {u"B"_s, u"qb"_s, AlertRule::Op::Above, 1, 0, {}, {}}});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 2); // one row per rule until it has instances
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // B's answer has two series: two instance rows replace its rule row.
        PromSeries pay{{{u"service"_s, u"payment-service"_s}}, {{0, 2.0}}};
        PromSeries inv{{{u"service"_s, u"inventory-service"_s}}, {{0, 0.5}}};
        QCOMPARE(model.evaluate(u"B"_s, QVector<PromSeries>{pay, inv}, now).size(), 1);
        QCOMPARE(reset.size(), 2); // the rows changed
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1, AlertTableModel::NameColumn).data().toString(), u"B{service=inventory-service}"_s);
        QCOMPARE(model.index(2, AlertTableModel::NameColumn).data().toString(), u"B{service=payment-service}"_s);
        QCOMPARE(model.index(2, 0).data(AlertTableModel::RuleRole).toString(), u"B"_s);
        QCOMPARE(model.index(2, 0).data(AlertTableModel::LabelsRole).toMap().value(u"service"_s).toString(),
                 u"payment-service"_s);
        QCOMPARE(model.index(2, AlertTableModel::StateColumn).data().toString(), u"Firing"_s);
        QCOMPARE(model.index(2, 0).data(AlertTableModel::StateRole).toInt(), int(AlertState::Firing));
        QCOMPARE(model.index(2, 0).data(AlertTableModel::ValueRole).toDouble(), 2.0);
        QCOMPARE(model.index(1, AlertTableModel::StateColumn).data().toString(), u"Normal"_s);
        QVERIFY(model.index(2, 0).data(AlertTableModel::SortRole).toInt()
                < model.index(0, 0).data(AlertTableModel::SortRole).toInt());
        QCOMPARE(model.instanceNames(AlertState::Firing), QStringList{u"B{service=payment-service}"_s});
        // The same series again: values only.
        const qsizetype changedBefore = changed.size();
        QVERIFY(model.evaluate(u"B"_s, QVector<PromSeries>{pay, inv}, now).isEmpty());
        QCOMPARE(changed.size(), changedBefore + 1);
        QCOMPARE(reset.size(), 2);
        // A: no series at all is No data, its one row saying so.
        QCOMPARE(model.evaluate(u"A"_s, QVector<PromSeries>(), now).size(), 1);
        QCOMPARE(model.index(0, AlertTableModel::StateColumn).data().toString(), u"No data"_s);
        model.setAbsentMetrics(u"A"_s, {u"qa_total"_s});
        QCOMPARE(model.index(0, 0).data(AlertTableModel::DetailRole).toString(),
                 u"no series of qa_total in Prometheus"_s);
        QCOMPARE(model.ruleNames(AlertState::NoData), QStringList{u"A"_s});
        // Both fail: one Error row each (B's instances are gone: its `for:` starts again after).
        QCOMPARE(model.failAll(u"down"_s, now).size(), 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, AlertTableModel::StateColumn).data().toString(), u"Error"_s);
        QCOMPARE(model.index(0, 0).data(AlertTableModel::DetailRole).toString(), u"down"_s);
        QCOMPARE(model.index(1, AlertTableModel::StateColumn).data().toString(), u"Error"_s);
        const int resets = int(reset.size());

        PromAlert p;
        p.name = u"PromRule"_s;
        p.state = u"firing"_s;
        p.labels = {{u"alertname"_s, u"PromRule"_s}, {u"severity"_s, u"critical"_s}, {u"service"_s, u"x"_s}};
        model.setPrometheusAlerts({p});
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, AlertTableModel::SourceColumn).data().toString(), u"prometheus"_s);
        QCOMPARE(model.index(2, 0).data(AlertTableModel::StateRole).toInt(), int(AlertState::Firing));
        QCOMPARE(model.index(2, AlertTableModel::NameColumn).data().toString(), u"PromRule{service=x}"_s);
        p.state = u"pending"_s;
        const qsizetype changedNow = changed.size();
        model.setPrometheusAlerts({p}); // same count: values only
        QCOMPARE(changed.size(), changedNow + 1);
        QCOMPARE(inserted.size(), 1);
        model.setPrometheusAlerts({});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(layout.size(), 0);
        QCOMPARE(reset.size(), resets);
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
