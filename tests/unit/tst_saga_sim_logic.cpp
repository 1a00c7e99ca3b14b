#include "SagaFlow.h"
#include "Scenario.h"
#include "SimConfig.h"

#include <QTest>

// Pure logic of saga-sim (stack/sim): scenario names, the command line, and the flow rules
// that decide which compensations run and in which order.
class TestSagaSimLogic : public QObject
{
    Q_OBJECT
private slots:
    void scenarioNamesRoundTrip()
    {
        QCOMPARE(scenarioNames().size(), size_t(7));
        for (const std::string &name : scenarioNames()) {
            const auto s = parseScenario(name);
            QVERIFY(s.has_value());
            QCOMPARE(scenarioName(*s), name);
        }
        QVERIFY(!parseScenario("Steady").has_value());
        QVERIFY(!parseScenario("").has_value());
    }

    void scenarioRequest_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("oomAfterMib"); // -1 = not given
        QTest::addColumn<QString>("error");   // a part of the 400's message
        QTest::newRow("scenario only") << R"({"scenario":"memory-growth"})" << true << -1 << "";
        QTest::newRow("fast kill") << R"({"scenario":"memory-growth","oom_after_mib":32})" << true << 32 << "";
        QTest::newRow("no kill") << R"({"scenario":"memory-growth","oom_after_mib":0})" << true << 0 << "";
        QTest::newRow("the most") << R"({"scenario":"memory-growth","oom_after_mib":768})" << true << 768 << "";
        QTest::newRow("with rate") << R"({"scenario":"memory-growth","rate":2,"oom_after_mib":1})" << true << 1 << "";
        QTest::newRow("other scenario") << R"({"scenario":"steady","oom_after_mib":32})" << false << -1
                                        << "applies only to memory-growth";
        QTest::newRow("bad-deploy") << R"({"scenario":"bad-deploy","oom_after_mib":32})" << false << -1
                                    << "applies only to memory-growth";
        QTest::newRow("too much") << R"({"scenario":"memory-growth","oom_after_mib":769})" << false << -1
                                  << "between 0";
        QTest::newRow("negative") << R"({"scenario":"memory-growth","oom_after_mib":-1})" << false << -1 << "between 0";
        QTest::newRow("fraction") << R"({"scenario":"memory-growth","oom_after_mib":1.5})" << false << -1 << "integer";
        QTest::newRow("string") << R"({"scenario":"memory-growth","oom_after_mib":"32"})" << false << -1 << "integer";
        QTest::newRow("null") << R"({"scenario":"memory-growth","oom_after_mib":null})" << false << -1 << "integer";
        QTest::newRow("unknown scenario") << R"({"scenario":"meltdown"})" << false << -1 << "unknown scenario";
        QTest::newRow("bad rate") << R"({"scenario":"steady","rate":-1})" << false << -1 << "rate";
        QTest::newRow("not an object") << R"([1])" << false << -1 << "JSON object";
    }

    void scenarioRequest()
    {
        QFETCH(QString, body);
        QFETCH(bool, ok);
        QFETCH(int, oomAfterMib);
        QFETCH(QString, error);
        std::string why;
        const auto r = parseScenarioRequest(body.toStdString(), why);
        QCOMPARE(r.has_value(), ok);
        if (ok) {
            QCOMPARE(r->oomAfterMib, oomAfterMib);
            QVERIFY(why.empty());
        } else {
            QVERIFY2(QString::fromStdString(why).contains(error), why.c_str());
        }
    }

    void oomOverrideLastsUntilTheNextScenarioChange()
    {
        SimControl control;
        control.oomAfterMib = 768; // --oom-after-mib
        QCOMPARE(control.effectiveOomAfterMib(), 768);
        control.setScenario(Scenario::MemoryGrowth, 32);
        QCOMPARE(control.effectiveOomAfterMib(), 32);
        control.setScenario(Scenario::MemoryGrowth, 0); // grows without a kill
        QCOMPARE(control.effectiveOomAfterMib(), 0);
        control.setScenario(Scenario::Steady);
        QCOMPARE(control.effectiveOomAfterMib(), 768);
        control.setScenario(Scenario::MemoryGrowth, 32);
        control.setScenario(Scenario::MemoryGrowth); // a new memory-growth without the field
        QCOMPARE(control.effectiveOomAfterMib(), 768);
    }

    void onlyPaymentOutageBreaksPayments()
    {
        QVERIFY(callProfile(Scenario::PaymentOutage, "payment-service", false).failureProbability > 0.5);
        QCOMPARE(callProfile(Scenario::PaymentOutage, "payment-service", false).failureStatus, 503);
        QVERIFY(callProfile(Scenario::PaymentOutage, "inventory-service", false).failureProbability < 0.01);
        QVERIFY(callProfile(Scenario::Steady, "payment-service", false).failureProbability < 0.001);
        QVERIFY(callProfile(Scenario::LatencySpike, "inventory-service", false).minLatencyMs >= 400);
        QVERIFY(callProfile(Scenario::Steady, "inventory-service", false).maxLatencyMs < 500);
        QCOMPARE(orchestratorConsumerDelayMs(Scenario::Steady), 0);
        QVERIFY(orchestratorConsumerDelayMs(Scenario::SlowConsumer) > 0);
    }

    void compensationPlan_data()
    {
        QTest::addColumn<QStringList>("succeeded");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("first step failed") << QStringList{} << QStringList{};
        QTest::newRow("payment failed") << QStringList{QStringLiteral("reserve-inventory")}
                                        << QStringList{QStringLiteral("release-inventory")};
        QTest::newRow("notify failed") << QStringList{QStringLiteral("reserve-inventory"),
                                                      QStringLiteral("charge-payment")}
                                       << QStringList{QStringLiteral("refund-payment"),
                                                      QStringLiteral("release-inventory")};
    }

    void compensationPlan()
    {
        QFETCH(QStringList, succeeded);
        QFETCH(QStringList, expected);
        const SagaTypeDef *def = findSagaType("order-fulfillment");
        QVERIFY(def);
        std::vector<std::string> done;
        for (const QString &s : succeeded)
            done.push_back(s.toStdString());
        QStringList got;
        for (const StepDef &s : ::compensationPlan(*def, done))
            got << QString::fromStdString(s.compensation);
        QCOMPARE(got, expected);
    }

    void stepsStillHeldAfterPartialCompensation()
    {
        const SagaTypeDef *def = findSagaType("order-fulfillment");
        QVERIFY(def);
        // Reserve and charge succeeded, notify failed, the refund succeeded, the release failed.
        const std::vector<StepRecord> history = {
            {"reserve-inventory", "EXECUTE", "SUCCEEDED"}, {"charge-payment", "EXECUTE", "SUCCEEDED"},
            {"notify-customer", "EXECUTE", "FAILED"},      {"refund-payment", "COMPENSATE", "SUCCEEDED"},
            {"release-inventory", "COMPENSATE", "FAILED"},
        };
        const std::vector<std::string> held = stepsStillHeld(*def, history);
        QCOMPARE(held.size(), size_t(1));
        QCOMPARE(held.front(), std::string("reserve-inventory"));
        const std::vector<StepDef> plan = ::compensationPlan(*def, held);
        QCOMPARE(plan.size(), size_t(1));
        QCOMPARE(plan.front().compensation, std::string("release-inventory"));
        QVERIFY(findSagaType("account-signup"));
        QVERIFY(!findSagaType("nope"));
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::newRow("run minimal") << QStringList{QStringLiteral("run"), QStringLiteral("--pg"), QStringLiteral("x"),
                                                    QStringLiteral("--kafka"), QStringLiteral("b:1")}
                                     << true;
        QTest::newRow("run all")
            << QStringList{QStringLiteral("run"),     QStringLiteral("--pg"),       QStringLiteral("x"),
                           QStringLiteral("--kafka"), QStringLiteral("b:1"),        QStringLiteral("--rate"),
                           QStringLiteral("2.5"),     QStringLiteral("--scenario"), QStringLiteral("slow-consumer"),
                           QStringLiteral("--seed"),  QStringLiteral("42"),         QStringLiteral("--api-port"),
                           QStringLiteral("1234")}
            << true;
        QTest::newRow("no command") << QStringList{} << false;
        QTest::newRow("bad command") << QStringList{QStringLiteral("walk")} << false;
        QTest::newRow("run without kafka")
            << QStringList{QStringLiteral("run"), QStringLiteral("--pg"), QStringLiteral("x")} << false;
        QTest::newRow("bad scenario") << QStringList{QStringLiteral("run"),     QStringLiteral("--pg"),
                                                     QStringLiteral("x"),       QStringLiteral("--kafka"),
                                                     QStringLiteral("b"),       QStringLiteral("--scenario"),
                                                     QStringLiteral("meltdown")}
                                      << false;
        QTest::newRow("bad rate") << QStringList{QStringLiteral("run"), QStringLiteral("--pg"),
                                                 QStringLiteral("x"),   QStringLiteral("--kafka"),
                                                 QStringLiteral("b"),   QStringLiteral("--rate"),
                                                 QStringLiteral("-1")}
                                  << false;
        QTest::newRow("bad port") << QStringList{QStringLiteral("run"),  QStringLiteral("--pg"),
                                                 QStringLiteral("x"),    QStringLiteral("--kafka"),
                                                 QStringLiteral("b"),    QStringLiteral("--api-port"),
                                                 QStringLiteral("70000")}
                                  << false;
        QTest::newRow("missing value") << QStringList{QStringLiteral("run"), QStringLiteral("--pg")} << false;
        QTest::newRow("seed") << QStringList{QStringLiteral("seed"), QStringLiteral("--pg"), QStringLiteral("x"),
                                             QStringLiteral("--sagas"), QStringLiteral("1000000")}
                              << true;
        QTest::newRow("seed without count")
            << QStringList{QStringLiteral("seed"), QStringLiteral("--pg"), QStringLiteral("x")} << false;
        QTest::newRow("rate is not a seed option")
            << QStringList{QStringLiteral("seed"),    QStringLiteral("--pg"), QStringLiteral("x"),
                           QStringLiteral("--sagas"), QStringLiteral("5"),    QStringLiteral("--rate"),
                           QStringLiteral("1")}
            << false;
    }

    void commandLine()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        std::vector<std::string> argv;
        for (const QString &a : args)
            argv.push_back(a.toStdString());
        SimConfig cfg;
        std::string error;
        QCOMPARE(SimConfig::parse(argv, cfg, error), ok);
        QCOMPARE(error.empty(), ok);
        if (QTest::currentDataTag() == QByteArray("run all")) {
            QCOMPARE(cfg.rate, 2.5);
            QCOMPARE(cfg.scenario, Scenario::SlowConsumer);
            QCOMPARE(cfg.seed, uint64_t(42));
            QCOMPARE(cfg.apiPort, 1234);
            QCOMPARE(cfg.metricsPort, 29100);
        }
    }
};

QTEST_GUILESS_MAIN(TestSagaSimLogic)
#include "tst_saga_sim_logic.moc"
