#include "AlertRule.h"
#include "AlertTableModel.h"
#include "NotificationLimiter.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The console's alert evaluation: the Normal/Pending/Firing/Error state machine with `for:`,
// the rules file, the notification rate limiter and the alert table model.
class TestAlertRules : public QObject
{
    Q_OBJECT
private slots:
    // steps: "t:value>State" separated by ';' — t in seconds, value a number, "none" (no series)
    // or "err" (query failed). transitions: the states entered, in order, as reported.
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
        QTest::newRow("no series is Normal (Prometheus' no data)")
            << 0 << u"0:0.1>Firing;2:none>Normal"_s << u"Firing,Normal"_s;
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
            if (tr) {
                seen << alertStateName(tr->to);
                QCOMPARE(tr->at, now);
                QCOMPARE(tracker.since(), now);
                QCOMPARE(tr->rule, rule.name);
                if (value == u"err"_s) {
                    QVERIFY(std::isnan(tr->value));
                    QVERIFY(tr->detail.contains(u"bad_data"_s));
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
        QVERIFY(!t.evaluate(0.999, QDateTime::currentDateTimeUtc()));
        QVERIFY(t.evaluate(0.9, QDateTime::currentDateTimeUtc()));
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
        // the contract's alert expressions and thresholds (docs/architecture.md §1).
        QCOMPARE(p.rules[2].query, u"sum(rate(saga_failed_total[5m])) / sum(rate(saga_created_total[5m]))"_s);
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
        QCOMPARE(model.rowCount(), 2);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(model.evaluate(u"B"_s, 2.0, now));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.last().at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.last().at(1).toModelIndex().row(), 1);
        QCOMPARE(model.index(1, AlertTableModel::StateColumn).data().toString(), u"Firing"_s);
        QCOMPARE(model.index(1, 0).data(AlertTableModel::StateRole).toInt(), int(AlertState::Firing));
        QVERIFY(model.index(1, 0).data(AlertTableModel::SortRole).toInt()
                < model.index(0, 0).data(AlertTableModel::SortRole).toInt());
        QCOMPARE(model.failAll(u"down"_s, now).size(), 2);
        QCOMPARE(changed.size(), 2); // one run for both rows
        QCOMPARE(model.index(0, AlertTableModel::StateColumn).data().toString(), u"Error"_s);
        QCOMPARE(model.index(0, 0).data(AlertTableModel::DetailRole).toString(), u"down"_s);

        PromAlert p;
        p.name = u"PromRule"_s;
        p.state = u"firing"_s;
        model.setPrometheusAlerts({p});
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, AlertTableModel::SourceColumn).data().toString(), u"prometheus"_s);
        QCOMPARE(model.index(2, 0).data(AlertTableModel::StateRole).toInt(), int(AlertState::Firing));
        p.state = u"pending"_s;
        model.setPrometheusAlerts({p}); // same count: values only
        QCOMPARE(changed.size(), 3);
        QCOMPARE(inserted.size(), 1);
        model.setPrometheusAlerts({});
        QCOMPARE(removed.size(), 1);
        QCOMPARE(layout.size(), 0);
        QCOMPARE(reset.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
