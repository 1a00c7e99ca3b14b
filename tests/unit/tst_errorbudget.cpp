#include "AlertRule.h"
#include "ErrorBudget.h"
#include "ServiceLevelQueries.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace sagadeck;
using namespace Qt::StringLiterals;

// Error budgets and the multiwindow burn-rate alerts (Google's SRE workbook, "Alerting on
// SLOs"), against numbers worked out by hand.
class TestErrorBudget : public QObject
{
    Q_OBJECT
private slots:
    void burnRateByHand_data()
    {
        QTest::addColumn<double>("bad");
        QTest::addColumn<double>("objective");
        QTest::addColumn<double>("burn");
        QTest::addColumn<double>("left");
        // 99.9 %: a 0.1 % budget. 1.44 % bad is 14.4x: 2 % of a 30-day budget per hour.
        QTest::newRow("14.4x") << 0.0144 << 0.999 << 14.4 << -13.4;
        QTest::newRow("exactly the budget") << 0.001 << 0.999 << 1.0 << 0.0;
        QTest::newRow("half") << 0.0005 << 0.999 << 0.5 << 0.5;
        QTest::newRow("nothing bad") << 0.0 << 0.995 << 0.0 << 1.0;
        // 99.5 % saga success: 3 % failing is 6x (5 % of the budget in 6 hours).
        QTest::newRow("6x") << 0.03 << 0.995 << 6.0 << -5.0;
    }
    void burnRateByHand()
    {
        QFETCH(double, bad);
        QFETCH(double, objective);
        QFETCH(double, burn);
        QFETCH(double, left);
        QVERIFY(std::fabs(burnRate(bad, objective) - burn) < 1e-9);
        QVERIFY(std::fabs(budgetLeft(bad, objective) - left) < 1e-9);
        QVERIFY(std::isnan(burnRate(std::nan(""), objective)));
        QVERIFY(std::isnan(burnRate(bad, 1.0))); // no budget at all
    }

    // The 30-day window at 99.5 %: the month's failures against the budget, and each pair of
    // windows alerting only when both of its windows burn above the factor.
    void multiwindowByHand()
    {
        BudgetInputs in;
        in.window = 0.002; // 40 % of the budget spent
        in.h1 = 0.08;      // 16x
        in.m5 = 0.06;      // 12x: the short window has calmed down
        in.h6 = 0.01;      // 2x
        in.m30 = 0.05;     // 10x
        ErrorBudget b = evaluateErrorBudget(u"success"_s, u"Saga success budget"_s, 0.995, 30, in);
        QVERIFY(std::fabs(*b.left - 0.6) < 1e-9);
        QVERIFY(std::fabs(*b.burn1h - 16.0) < 1e-9);
        QVERIFY(std::fabs(*b.burn5m - 12.0) < 1e-9);
        QVERIFY(!b.fastBurn); // 1 h above 14.4 but 5 min not: it has stopped
        QVERIFY(!b.slowBurn); // 30 min above 6 but 6 h not: too short to matter
        QCOMPARE(b.state, ErrorBudget::State::Healthy);
        QCOMPARE(b.value, u"60.0 % left"_s);
        QCOMPARE(b.detail, u"burn 1 h 16× · 6 h 2.0× · 99.5 % over 30 d"_s);

        in.m5 = 0.0725; // 14.5x
        b = evaluateErrorBudget(u"success"_s, u"Saga success budget"_s, 0.995, 30, in);
        QVERIFY(b.fastBurn);
        QCOMPARE(b.state, ErrorBudget::State::Burning);
        QVERIFY2(b.detail.startsWith(u"fast burn (1 h and 5 min > 14.4×) · burn 1 h 16×"_s), qPrintable(b.detail));

        in.m5 = 0.0;
        in.h6 = 0.031; // 6.2x
        b = evaluateErrorBudget(u"success"_s, u"Saga success budget"_s, 0.995, 30, in);
        QVERIFY(!b.fastBurn);
        QVERIFY(b.slowBurn);

        in.window = 0.0075; // 150 % of the budget
        b = evaluateErrorBudget(u"success"_s, u"Saga success budget"_s, 0.995, 30, in);
        QCOMPARE(b.state, ErrorBudget::State::Spent);
        QCOMPARE(b.value, u"overspent 50 %"_s);

        in = BudgetInputs();
        b = evaluateErrorBudget(u"availability"_s, u"Availability budget"_s, 0.9995, 7, in);
        QCOMPARE(b.state, ErrorBudget::State::Unknown);
        QCOMPARE(b.value, u"no data"_s);
        QCOMPARE(b.detail, u"burn 1 h ? · 6 h ? · 99.95 % over 7 d"_s);
    }

    // The burn-rate rules file: the bad-share queries the tiles read, over the budget, and the
    // defaults of SloSettings (stack/stack writes the same for the stack's Prometheus).
    void sloRulesFileIsTheTilesQueries()
    {
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR "/resources/slo-rules.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        const QJsonObject defaults = QJsonDocument::fromJson(json).object().value(u"defaults"_s).toObject();
        const SloSettings d;
        QCOMPARE(defaults.value(u"window_days"_s).toInt(), d.windowDays);
        QCOMPARE(defaults.value(u"saga_success"_s).toDouble(), d.sagaSuccess);
        QCOMPARE(defaults.value(u"availability"_s).toDouble(), d.availability);

        SloSettings tighter;
        tighter.availability = 0.999;
        const AlertRulesParse p = parseAlertRules(sloRulesWithBudgets(json, tighter), u"slo-rules.json"_s);
        QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(u'\n')));
        QCOMPARE(p.rules.size(), 4);
        auto rule = [](const QString &slo, const QString &longW, const QString &shortW, const QString &budget) {
            return u"clamp_max(%1 / %3, scalar(%2 / %3))"_s.arg(levelquery::sloBadRatio(slo, longW),
                                                                levelquery::sloBadRatio(slo, shortW), budget);
        };
        QCOMPARE(p.rules[0].name, u"SagaSuccessBudgetFastBurn"_s);
        QCOMPARE(p.rules[0].query, rule(u"success"_s, u"1h"_s, u"5m"_s, u"0.005"_s));
        QCOMPARE(p.rules[0].threshold, 14.4);
        QCOMPARE(p.rules[1].query, rule(u"success"_s, u"6h"_s, u"30m"_s, u"0.005"_s));
        QCOMPARE(p.rules[1].threshold, 6.0);
        QCOMPARE(p.rules[2].name, u"AvailabilityBudgetFastBurn"_s);
        QCOMPARE(p.rules[2].query, rule(u"availability"_s, u"1h"_s, u"5m"_s, u"0.001"_s));
        QCOMPARE(p.rules[3].query, rule(u"availability"_s, u"6h"_s, u"30m"_s, u"0.001"_s));
        for (const AlertRule &r : p.rules)
            QCOMPARE(r.forS, 0);
    }
};

QTEST_GUILESS_MAIN(TestErrorBudget)
#include "tst_errorbudget.moc"
