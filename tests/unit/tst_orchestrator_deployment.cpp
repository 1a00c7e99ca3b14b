#include "OrchestratorDeployment.h"
#include "PodResources.h"
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

using namespace Qt::StringLiterals;

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

    void quantities_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value"); // -1 = not a quantity
        QTest::newRow("Gi") << "1Gi" << 1073741824.0;
        QTest::newRow("Mi") << "256Mi" << 268435456.0;
        QTest::newRow("Ki") << "512Ki" << 524288.0;
        QTest::newRow("milli") << "500m" << 0.5;
        QTest::newRow("cores") << "2" << 2.0;
        QTest::newRow("decimal") << "1.5" << 1.5;
        QTest::newRow("M") << "128M" << 128e6;
        QTest::newRow("exponent") << "1e3" << 1000.0;
        QTest::newRow("bytes") << "128974848" << 128974848.0;
        QTest::newRow("empty") << "" << -1.0;
        QTest::newRow("unit only") << "Mi" << -1.0;
        QTest::newRow("bad unit") << "1MB" << -1.0;
        QTest::newRow("space") << "1 Gi" << -1.0;
    }

    void quantities()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        const auto q = parseQuantity(text.toStdString());
        QCOMPARE(q.has_value(), value >= 0);
        if (q)
            QCOMPARE(*q, value);
    }

    static QJsonObject pod(const QString &name, const QString &container, const QString &phase,
                           const QJsonObject &limits = {}, bool deleting = false)
    {
        QJsonObject meta{{u"name"_s, name}, {u"labels"_s, QJsonObject{{u"app"_s, container}}}};
        if (deleting)
            meta[u"deletionTimestamp"_s] = u"2026-12-05T21:00:00Z"_s;
        QJsonObject c{{u"name"_s, container}, {u"image"_s, u"sagadeck.local/x:1.0"_s}};
        if (!limits.isEmpty())
            c[u"resources"_s] = QJsonObject{{u"limits"_s, limits}};
        return {{u"metadata"_s, meta},
                {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{c}}}},
                {u"status"_s, QJsonObject{{u"phase"_s, phase}}}};
    }

    static std::string podList(const QJsonArray &items)
    {
        return QJsonDocument(QJsonObject{{u"kind"_s, u"PodList"_s}, {u"items"_s, items}}).toJson().toStdString();
    }

    void runningContainersOfTheDeployments()
    {
        const std::vector<std::string> deployments = {"saga-orchestrator", "payment-service"};
        const QJsonObject limits{{u"memory"_s, u"1Gi"_s}, {u"cpu"_s, u"500m"_s}};
        std::string error;
        const auto got = runningContainers(
            podList({pod(u"saga-orchestrator-a"_s, u"saga-orchestrator"_s, u"Running"_s, limits),
                     pod(u"payment-service-b"_s, u"payment-service"_s, u"Running"_s),
                     pod(u"payment-service-c"_s, u"payment-service"_s, u"Pending"_s),
                     pod(u"payment-service-d"_s, u"payment-service"_s, u"Running"_s, {}, true),
                     pod(u"other-e"_s, u"other"_s, u"Running"_s)}),
            deployments, error);
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].pod, std::string("saga-orchestrator-a"));
        QCOMPARE(got[0].container, std::string("saga-orchestrator"));
        QCOMPARE(*got[0].memoryLimitBytes, 1073741824.0);
        QCOMPARE(*got[0].cpuLimitCores, 0.5);
        QCOMPARE(got[1].pod, std::string("payment-service-b"));
        QVERIFY(!got[1].memoryLimitBytes && !got[1].cpuLimitCores); // a pod without limits: no limit series
        runningContainers("{\"kind\":\"Status\"}", deployments, error);
        QVERIFY(!error.empty());
    }

    void podUsageFollowsPodsAndLoad()
    {
        PodUsage usage;
        const PodContainer o1{"saga-orchestrator-a", "saga-orchestrator", {}, {}};
        const PodContainer o2{"saga-orchestrator-b", "saga-orchestrator", {}, {}};
        const PodContainer p1{"payment-service-a", "payment-service", {}, {}};
        const PodContainer p2{"payment-service-b", "payment-service", {}, {}};
        std::map<std::string, double> totals{{"saga-orchestrator", 0}, {"payment-service", 100}};
        auto first = usage.update({o1, o2, p1, p2}, 1000, totals, 500e6);
        QCOMPARE(first.size(), size_t(4));
        for (const auto &s : first)
            QCOMPARE(s.cpuSeconds, 0.0); // nothing measured yet
        // the orchestrator's pods show the process's real memory; the others a modelled value each
        QCOMPARE(first[0].memoryBytes, 500e6);
        QCOMPARE(first[1].memoryBytes, 500e6);
        QVERIFY(first[2].memoryBytes > 64e6 && first[2].memoryBytes < 160e6);
        QVERIFY(first[2].memoryBytes != first[3].memoryBytes);

        // 10 s, 200 payment requests: about 0.8 s of CPU shared by the two payment pods
        totals["payment-service"] = 300;
        auto second = usage.update({o1, o2, p1, p2}, 1010, totals, 510e6);
        const double payment = second[2].cpuSeconds + second[3].cpuSeconds;
        QVERIFY2(payment > 0.7 && payment < 0.95, qPrintable(QString::number(payment)));
        QVERIFY(second[2].cpuSeconds != second[3].cpuSeconds);
        // the orchestrator made those calls
        QVERIFY(second[0].cpuSeconds + second[1].cpuSeconds > 0.5);
        QCOMPARE(second[0].memoryBytes, 510e6);

        // scaled down: p2 gone; p1 carries the load alone and keeps counting up
        totals["payment-service"] = 400;
        auto third = usage.update({o1, o2, p1}, 1020, totals, 510e6);
        QCOMPARE(third.size(), size_t(3));
        QVERIFY(third[2].cpuSeconds - second[2].cpuSeconds > 0.35);
        // a pod that comes back under the same name starts again
        auto fourth = usage.update({o1, o2, p1, p2}, 1021, totals, 510e6);
        QVERIFY(fourth[3].cpuSeconds < 0.01);
        // counters that went back (a restarted sim) add nothing
        totals["payment-service"] = 0;
        auto fifth = usage.update({o1, o2, p1, p2}, 1022, totals, 510e6);
        QVERIFY(fifth[2].cpuSeconds - fourth[2].cpuSeconds < 0.01);
    }

    void podSkewIsStableAndBounded()
    {
        QCOMPARE(podSkew("payment-service-5898f85974-hk4pz"), podSkew("payment-service-5898f85974-hk4pz"));
        QVERIFY(podSkew("a") != podSkew("b"));
        for (const char *name : {"", "x", "saga-orchestrator-58f6975fdf-jc7v5"})
            QVERIFY(podSkew(name) >= -1 && podSkew(name) <= 1);
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
