#include "OrchestratorDeployment.h"
#include "Scenario.h"
#include "ServiceLogs.h"
#include "SimConfig.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
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
        auto r = f.observe({2, "2026-11-27T09:00:00Z", 5, {}});
        QVERIFY(!r.restart);
        QCOMPARE(r.replicas, std::optional<int>(2));
        r = f.observe({2, "2026-11-27T09:00:00Z", 5, {}}); // nothing changed
        QVERIFY(!r.restart);
        QVERIFY(!r.replicas.has_value());
        r = f.observe({3, "2026-11-27T09:00:00Z", 6, {}}); // kubectl scale
        QVERIFY(!r.restart);
        QCOMPARE(r.replicas, std::optional<int>(3));
        r = f.observe({3, "2026-11-28T10:00:00Z", 7, {}}); // kubectl rollout restart
        QVERIFY(r.restart);
        QVERIFY(!r.replicas.has_value());
        r = f.observe({3, "2026-11-28T10:00:00Z", 7, {}}); // the same restart is seen once
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

    void parsesTheTemplatesImage()
    {
        std::string error;
        const auto o = parseDeployment(
            R"({"kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"payment-service",)"
            R"("image":"sagadeck.local/payment-service:1.1-bad"}]}}}})",
            error);
        QVERIFY(o.has_value());
        QCOMPARE(o->image, std::string("sagadeck.local/payment-service:1.1-bad"));
    }

    void badImagesAreTheOnesTaggedBad()
    {
        QVERIFY(paymentImageIsBad(kBadPaymentImage));
        QVERIFY(paymentImageIsBad("registry:5000/payment-service:2.0-bad"));
        QVERIFY(!paymentImageIsBad("sagadeck.local/payment-service:1.0"));
        QVERIFY(!paymentImageIsBad("registry-bad:5000/payment-service"));
        QVERIFY(!paymentImageIsBad(""));
        // while the image is bad, payment calls fail with 500 whatever the scenario; others do not
        QVERIFY(callProfile(Scenario::Steady, "payment-service", false, true).failureProbability > 0.5);
        QCOMPARE(callProfile(Scenario::Steady, "payment-service", false, true).failureStatus, 500);
        QVERIFY(callProfile(Scenario::Steady, "inventory-service", false, true).failureProbability < 0.01);
        // the scenario alone changes nothing: the Deployment's image does
        QVERIFY(callProfile(Scenario::BadDeploy, "payment-service", false, false).failureProbability < 0.01);
        QCOMPARE(scenarioName(*parseScenario("bad-deploy")), std::string("bad-deploy"));
        QCOMPARE(scenarioAfterOrchestratorRestart(Scenario::BadDeploy), Scenario::BadDeploy);
    }

    void oomKillPatchesRunningPods()
    {
        const std::string list = R"({"kind":"PodList","items":[)"
                                 R"({"metadata":{"name":"a","resourceVersion":"41"},"status":{"phase":"Running",)"
                                 R"("containerStatuses":[{"name":"saga-orchestrator","restartCount":2,"ready":true,)"
                                 R"("state":{"running":{"startedAt":"2026-12-05T20:00:00Z"}}}]}},)"
                                 R"({"metadata":{"name":"b","deletionTimestamp":"2026-12-05T21:00:00Z"},)"
                                 R"("status":{"phase":"Running","containerStatuses":[{"name":"x"}]}},)"
                                 R"({"metadata":{"name":"c"},"status":{"phase":"Pending"}}]})";
        const auto k = [](const char *key) { return QString::fromLatin1(key); };
        std::string error;
        const auto patches = oomKilledPatches(list, "2026-12-05T21:00:05Z", error);
        QVERIFY(error.empty());
        QCOMPARE(patches.size(), size_t(1));
        QCOMPARE(patches[0].first, std::string("a"));
        const QJsonObject patch = QJsonDocument::fromJson(QByteArray::fromStdString(patches[0].second)).object();
        QCOMPARE(patch[k("metadata")].toObject()[k("resourceVersion")].toString(), QStringLiteral("41"));
        const QJsonObject cs = patch[k("status")].toObject()[k("containerStatuses")].toArray().first().toObject();
        QCOMPARE(cs[k("restartCount")].toInt(), 3);
        const QJsonObject terminated = cs[k("lastState")].toObject()[k("terminated")].toObject();
        QCOMPARE(terminated[k("reason")].toString(), QStringLiteral("OOMKilled"));
        QCOMPARE(terminated[k("exitCode")].toInt(), 137);
        QCOMPARE(terminated[k("startedAt")].toString(), QStringLiteral("2026-12-05T20:00:00Z"));
        QCOMPARE(terminated[k("finishedAt")].toString(), QStringLiteral("2026-12-05T21:00:05Z"));
        QCOMPARE(cs[k("state")].toObject()[k("running")].toObject()[k("startedAt")].toString(),
                 QStringLiteral("2026-12-05T21:00:05Z"));
        QVERIFY(oomKilledPatches("{}", "x", error).empty());
        QVERIFY(!error.empty());
    }

    void serviceLogsAreCriFilesThatRotate()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        ServiceLogs logs(path, 400);
        std::string error;
        QVERIFY(logs.start(error));
        logs.info("payment-service", "POST /payments/charge status=200");
        logs.error("payment-service", "POST /payments/charge status=500");
        QFile f(QString::fromStdString(logs.path("payment-service")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        f.close();
        // CRI: "<RFC3339Nano> <stream> F <message>", the message starting with the same time
        const QRegularExpression cri(QStringLiteral(
            R"(^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) (stdout|stderr) F \1 (INFO|ERROR) payment-service POST .*$)"));
        QVERIFY2(cri.match(QString::fromUtf8(lines[0])).hasMatch(), lines[0].constData());
        QVERIFY(lines[0].contains(" stdout F ") && lines[0].contains(" INFO "));
        QVERIFY(lines[1].contains(" stderr F ") && lines[1].contains(" ERROR "));
        // over the limit: renamed to .log.1 and started again
        for (int i = 0; i < 5; ++i)
            logs.info("payment-service", "filler line to pass four hundred bytes");
        QVERIFY(QFile::exists(QString::fromStdString(logs.path("payment-service") + ".1")));
        QVERIFY(QFileInfo(QString::fromStdString(logs.path("payment-service"))).size() < 400);
        // a restart: the current file is the previous instance's
        logs.warn("saga-orchestrator", "last words");
        logs.restart("saga-orchestrator");
        logs.info("saga-orchestrator", "starting");
        QFile previous(dir.filePath(QStringLiteral("saga-orchestrator.previous.log")));
        QVERIFY(previous.open(QIODevice::ReadOnly));
        QVERIFY(previous.readAll().contains("last words"));
        QFile current(QString::fromStdString(logs.path("saga-orchestrator")));
        QVERIFY(current.open(QIODevice::ReadOnly));
        const QByteArray now = current.readAll();
        QVERIFY(now.contains("starting") && !now.contains("last words"));
        // without a folder nothing is written
        ServiceLogs none;
        QVERIFY(!none.enabled());
        none.info("x", "y");
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
        QCOMPARE(cfg.oomAfterMib, 0);
        QVERIFY(with({"--oom-after-mib", "128", "--log-dir", "/tmp/logs"}));
        QCOMPARE(cfg.oomAfterMib, 128);
        QCOMPARE(cfg.logDir, std::string("/tmp/logs"));
        QVERIFY(!with({"--oom-after-mib", "-1"}));
    }
};

QTEST_GUILESS_MAIN(TestOrchestratorDeployment)
#include "tst_orchestrator_deployment.moc"
