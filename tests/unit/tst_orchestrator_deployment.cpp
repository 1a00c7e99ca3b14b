#include "OrchestratorDeployment.h"
#include "Scenario.h"
#include "SimConfig.h"

#include <QTest>

// How saga-sim reads the saga-orchestrator Deployment and reacts to it (stack/sim,
// OrchestratorDeployment): pure logic fed with Deployment JSON as the API server answers it.
class TestOrchestratorDeployment : public QObject
{
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QByteArray>("restartedAt");
        QTest::newRow("restarted") << QByteArray(
            R"({"kind":"Deployment","metadata":{"name":"saga-orchestrator","generation":4},)"
            R"("spec":{"replicas":3,"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-28T10:00:00Z"}}}}})")
                                   << true << 3 << QByteArray("2026-11-28T10:00:00Z");
        QTest::newRow("never restarted") << QByteArray(R"({"kind":"Deployment","spec":{"replicas":1,"template":{}}})")
                                         << true << 1 << QByteArray();
        QTest::newRow("scaled to zero") << QByteArray(R"({"kind":"Deployment","spec":{"replicas":0}})") << true << 0
                                        << QByteArray();
        QTest::newRow("replicas absent = 1")
            << QByteArray(R"({"kind":"Deployment","spec":{}})") << true << 1 << QByteArray();
        QTest::newRow("a Status, not a Deployment")
            << QByteArray(R"({"kind":"Status","code":403})") << false << 0 << QByteArray();
        QTest::newRow("not JSON") << QByteArray("<html>") << false << 0 << QByteArray();
        QTest::newRow("negative replicas")
            << QByteArray(R"({"kind":"Deployment","spec":{"replicas":-1}})") << false << 0 << QByteArray();
    }

    void parse()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(int, replicas);
        QFETCH(QByteArray, restartedAt);
        std::string error;
        const auto o = parseDeployment(json.toStdString(), error);
        QCOMPARE(o.has_value(), ok);
        if (ok) {
            QCOMPARE(o->replicas, replicas);
            QCOMPARE(QByteArray::fromStdString(o->restartedAt), restartedAt);
            QVERIFY(error.empty());
        } else {
            QVERIFY(!error.empty());
        }
    }

    void followerBaselineThenChanges()
    {
        OrchestratorFollower f;
        // first sight: an old restartedAt is the baseline, not a restart; replicas are taken
        auto r = f.observe({2, "2026-11-27T09:00:00Z", 5});
        QVERIFY(!r.restart);
        QCOMPARE(r.replicas, std::optional<int>(2));
        r = f.observe({2, "2026-11-27T09:00:00Z", 5}); // nothing changed
        QVERIFY(!r.restart);
        QVERIFY(!r.replicas.has_value());
        r = f.observe({3, "2026-11-27T09:00:00Z", 6}); // kubectl scale
        QVERIFY(!r.restart);
        QCOMPARE(r.replicas, std::optional<int>(3));
        r = f.observe({3, "2026-11-28T10:00:00Z", 7}); // kubectl rollout restart
        QVERIFY(r.restart);
        QVERIFY(!r.replicas.has_value());
        r = f.observe({3, "2026-11-28T10:00:00Z", 7}); // the same restart is seen once
        QVERIFY(!r.restart);
    }

    void restartClearsOnlyTheOrchestratorsOwnTrouble_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("slow-consumer") << "slow-consumer"
                                       << "steady";
        QTest::newRow("connection-leak") << "connection-leak"
                                         << "steady";
        QTest::newRow("memory-growth") << "memory-growth"
                                       << "steady";
        QTest::newRow("payment-outage stays") << "payment-outage"
                                              << "payment-outage";
        QTest::newRow("latency-spike stays") << "latency-spike"
                                             << "latency-spike";
        QTest::newRow("steady") << "steady"
                                << "steady";
    }

    void restartClearsOnlyTheOrchestratorsOwnTrouble()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const auto s = parseScenario(before.toStdString());
        QVERIFY(s.has_value());
        QCOMPARE(QString::fromStdString(scenarioName(scenarioAfterOrchestratorRestart(*s))), after);
    }

    void kubeOptionsNeedCaAndToken()
    {
        SimConfig cfg;
        std::string error;
        const std::vector<std::string> base = {"run", "--pg", "host=x", "--kafka", "127.0.0.1:1"};
        auto with = [&](std::vector<std::string> extra) {
            std::vector<std::string> args = base;
            args.insert(args.end(), extra.begin(), extra.end());
            return SimConfig::parse(args, cfg, error);
        };
        QVERIFY(with({}));
        QVERIFY(cfg.kubeServer.empty());
        QVERIFY(!with({"--kube-server", "https://127.0.0.1:26443"}));
        QVERIFY(error.find("--kube-ca") != std::string::npos);
        QVERIFY(with({"--kube-server", "https://127.0.0.1:26443", "--kube-ca", "/ca", "--kube-token-file", "/t",
                      "--kube-deployment", "orch"}));
        QCOMPARE(cfg.kubeDeployment, std::string("orch"));
        QCOMPARE(cfg.kubeNamespace, std::string("microservices"));
    }
};

QTEST_GUILESS_MAIN(TestOrchestratorDeployment)
#include "tst_orchestrator_deployment.moc"
