// Kubernetes JSON <-> values: Deployment and Pod parsing, list pages, the watch stream's
// events, the exact bodies kubectl sends, error texts.
#include "KubeJson.h"
#include "KubeWatch.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestKubeJson : public QObject
{
    Q_OBJECT
private slots:
    void deployment();
    void notAList();
    void bodies();
    void errors_data();
    void errors();
    void pod();
    void listPage();
    void watchEvents();
};

void TestKubeJson::deployment()
{
    const QByteArray body =
        "{\"kind\":\"DeploymentList\",\"apiVersion\":\"apps/v1\",\"items\":[\n"
        "      {\"metadata\":{\"name\":\"payment-service\",\"namespace\":\"microservices\",\"labels\":{\"app\":\"payment-service\"},\n"
        "        \"generation\":4,\"resourceVersion\":\"812\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\"},\n"
        "       \"spec\":{\"replicas\":3,\"template\":{\"metadata\":{\"annotations\":\n"
        "         {\"kubectl.kubernetes.io/restartedAt\":\"2026-01-02T05:00:00+02:00\"}}}},\n"
        "       \"status\":{\"observedGeneration\":3,\"replicas\":3,\"updatedReplicas\":2,\"readyReplicas\":3,\"availableReplicas\":3,\n"
        "         \"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\"},\n"
        "                       {\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"ReplicaSetUpdated\"}]}},\n"
        "      {\"metadata\":{\"name\":\"bare\",\"generation\":1},\"spec\":{},\"status\":{}}]}";
    QString error;
    const DeploymentList list = kubejson::parseDeploymentList(body, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(list.size(), 2);
    const DeploymentInfo &d = list.at(0);
    QCOMPARE(d.name, u"payment-service"_s);
    QCOMPARE(d.ns, u"microservices"_s);
    QCOMPARE(d.labels.value(u"app"_s), u"payment-service"_s);
    QCOMPARE(d.desiredReplicas, 3);
    QCOMPARE(d.readyReplicas, 3);
    QCOMPARE(d.updatedReplicas, 2);
    QCOMPARE(d.availableReplicas, 3);
    QCOMPARE(d.generation, 4);
    QCOMPARE(d.observedGeneration, 3);
    QCOMPARE(d.resourceVersion, u"812"_s);
    QCOMPARE(d.created, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(d.restartedAt, QDateTime(QDate(2026, 1, 2), QTime(3, 0, 0), Qt::UTC));
    QCOMPARE(d.conditions, u"Available=True (MinimumReplicasAvailable), Progressing=True (ReplicaSetUpdated)"_s);
    QCOMPARE(d.progressingReason, u"ReplicaSetUpdated"_s);
    QVERIFY(!d.rolledOut());
    const DeploymentInfo &bare = list.at(1);
    QCOMPARE(bare.desiredReplicas, 1); // the API's default
    QVERIFY(!bare.restartedAt.isValid());
    QCOMPARE(bare.conditions, QString());
}

void TestKubeJson::notAList()
{
    QString error;
    QVERIFY(kubejson::parseDeploymentList("{\"kind\":\"Status\"}", &error).isEmpty());
    QCOMPARE(error, u"the API server's answer is not a DeploymentList (kind 'Status')"_s);
    kubejson::parseDeploymentList("<html>", &error);
    QVERIFY2(error.startsWith(u"the API server's answer is not JSON: "_s), qPrintable(error));
}

void TestKubeJson::bodies()
{
    // Byte for byte what kubectl rollout restart / kubectl scale send.
    QCOMPARE(
        kubejson::restartPatch(u"2026-05-01T12:00:00+02:00"_s),
        QByteArray(
            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-05-01T12:00:00+02:00\"}}}}}"));
    QCOMPARE(kubejson::scalePatch(0), QByteArray("{\"spec\":{\"replicas\":0}}"));
}

void TestKubeJson::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("reason");

    QTest::newRow("403 names the server's user")
        << 403
        << QByteArray(
               "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":\"deployments.apps \\\"payment-service\\\" is forbidden: User \\\"sagadeck-viewer\\\" cannot patch resource \\\"deployments\\\" in API group \\\"apps\\\" in the namespace \\\"microservices\\\"\"}")
        << u"patch"_s << u"deployments"_s
        << u"your identity sagadeck-viewer may not patch deployments in namespace microservices"_s << u"Forbidden"_s;
    QTest::newRow("403 without Status")
        << 403 << QByteArray("forbidden") << u"patch"_s << u"deployments"_s
        << u"your identity viewer-user may not patch deployments in namespace microservices"_s << u"Forbidden"_s;
    QTest::newRow("401")
        << 401 << QByteArray("{\"kind\":\"Status\",\"reason\":\"Unauthorized\",\"message\":\"Unauthorized\"}")
        << u"patch"_s << u"deployments"_s
        << u"the API server rejected the credentials of kubeconfig user 'viewer-user' (401 Unauthorized)"_s
        << u"Unauthorized"_s;
    QTest::newRow("404")
        << 404
        << QByteArray(
               "{\"kind\":\"Status\",\"reason\":\"NotFound\",\"message\":\"deployments.apps \\\"payment-service\\\" not found\"}")
        << u"patch"_s << u"deployments"_s
        << u"deployments payment-service not found in namespace microservices: deployments.apps \"payment-service\" not found"_s
        << u"NotFound"_s;
    QTest::newRow("409")
        << 409
        << QByteArray("{\"kind\":\"Status\",\"reason\":\"Conflict\",\"message\":\"the object has been modified\"}")
        << u"update"_s << u"deployments/scale"_s
        << u"conflict: deployments/scale payment-service in namespace microservices was changed by someone else since it was read; nothing was changed — look again and retry: the object has been modified"_s
        << u"Conflict"_s;
    QTest::newRow("422")
        << 422
        << QByteArray("{\"kind\":\"Status\",\"reason\":\"Invalid\",\"message\":\"spec.replicas: Invalid value: -1\"}")
        << u"patch"_s << u"deployments/scale"_s
        << u"the API server refused the change to deployments/scale payment-service as invalid: spec.replicas: Invalid value: -1"_s
        << u"Invalid"_s;
    QTest::newRow("500 html")
        << 502 << QByteArray("<html>bad gateway</html>") << u"patch"_s << u"deployments"_s
        << u"the API server answered HTTP 502 to patch deployments payment-service: <html>bad gateway</html>"_s
        << QString();
}

void TestKubeJson::errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, verb);
    QFETCH(QString, resource);
    const auto e = kubejson::describeError(status, body, verb, resource, u"payment-service"_s, u"microservices"_s,
                                           u"viewer-user"_s);
    QTEST(e.message, "message");
    QTEST(e.reason, "reason");
}

// A pod as the API server gives it after an OOM kill and while crash-looping.
void TestKubeJson::pod()
{
    const QByteArray body = R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9041"},"items":[
      {"metadata":{"name":"saga-orchestrator-6b7c9d5f4-x2x9q","namespace":"microservices",
         "creationTimestamp":"2026-12-05T20:00:00Z","resourceVersion":"9040",
         "labels":{"app":"saga-orchestrator","pod-template-hash":"6b7c9d5f4"},
         "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"saga-orchestrator-6b7c9d5f4","controller":true}]},
       "spec":{"nodeName":"kwok-node-0","containers":[
         {"name":"saga-orchestrator","image":"sagadeck.local/saga-orchestrator:1.0","resources":{"limits":{"memory":"512Mi","cpu":"500m"}}},
         {"name":"sidecar","image":"envoy:1.30"}]},
       "status":{"phase":"Running","containerStatuses":[
         {"name":"saga-orchestrator","ready":false,"restartCount":3,
          "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}},
          "lastState":{"terminated":{"reason":"OOMKilled","exitCode":137,"finishedAt":"2026-12-05T20:10:00Z"}}},
         {"name":"sidecar","ready":true,"restartCount":1,"state":{"running":{"startedAt":"2026-12-05T20:00:01Z"}},
          "lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-12-05T20:05:00Z"}}}]}},
      {"metadata":{"name":"job-abc","namespace":"microservices","deletionTimestamp":"2026-12-05T20:11:00Z",
         "ownerReferences":[{"kind":"Job","name":"job","controller":true}]},
       "spec":{"containers":[{"name":"job","image":"busybox"}]},"status":{"phase":"Pending"}}]})";
    QString error;
    const kubejson::ListPage page = kubejson::parseListPage(body, u"PodList"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(page.resourceVersion, u"9041"_s);
    QCOMPARE(page.items.size(), 2);
    const PodInfo p = kubejson::parsePod(page.items.at(0).toObject());
    QCOMPARE(p.name, u"saga-orchestrator-6b7c9d5f4-x2x9q"_s);
    QCOMPARE(p.ownerKind, u"ReplicaSet"_s);
    QCOMPARE(p.ownerName, u"saga-orchestrator-6b7c9d5f4"_s);
    QCOMPARE(p.deployment, u"saga-orchestrator"_s);
    QCOMPARE(p.node, u"kwok-node-0"_s);
    QCOMPARE(p.phase, u"Running"_s);
    QCOMPARE(p.containers.size(), 2);
    QCOMPARE(p.readyContainers(), 1);
    QCOMPARE(p.restarts(), 4);
    // kubectl's STATUS: the waiting reason, not the phase.
    QCOMPARE(p.status(), u"CrashLoopBackOff"_s);
    const ContainerInfo &main = p.containers.at(0);
    QCOMPARE(main.state, u"waiting"_s);
    QCOMPARE(main.lastTermination.reason, u"OOMKilled"_s);
    QCOMPARE(main.lastTermination.exitCode, 137);
    QCOMPARE(main.memoryLimit, u"512Mi"_s);
    QCOMPARE(main.cpuLimit, u"500m"_s);
    // A termination without a reason is named by its exit code, as kubectl does.
    QCOMPARE(p.containers.at(1).lastTermination.reason, u"Error"_s);
    // The newest termination of any container.
    QCOMPARE(p.lastTermination().reason, u"OOMKilled"_s);
    QCOMPARE(p.lastTermination().finishedAt, QDateTime(QDate(2026, 12, 5), QTime(20, 10), Qt::UTC));

    const PodInfo job = kubejson::parsePod(page.items.at(1).toObject());
    QCOMPARE(job.ownerKind, u"Job"_s);
    QCOMPARE(job.deployment, QString()); // not a ReplicaSet's
    QVERIFY(job.terminating);
    QCOMPARE(job.status(), u"Terminating"_s);
    QCOMPARE(job.containers.at(0).state, u"unknown"_s);
    QCOMPARE(job.readyContainers(), 0);
}

void TestKubeJson::listPage()
{
    QString error;
    const kubejson::ListPage page = kubejson::parseListPage(
        R"({"kind":"PodList","metadata":{"resourceVersion":"17","continue":"eyJ2IjoibWV0YSJ9"},"items":[]})",
        u"PodList"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(page.continueToken, u"eyJ2IjoibWV0YSJ9"_s);
    kubejson::parseListPage(R"({"kind":"DeploymentList","items":[]})", u"PodList"_s, &error);
    QCOMPARE(error, u"the API server's answer is not a PodList (kind 'DeploymentList')"_s);
    kubejson::parseListPage("<html>", u"PodList"_s, &error);
    QVERIFY2(error.startsWith(u"the API server's answer is not JSON: "_s), qPrintable(error));
}

// The watch stream arrives in pieces that cut events anywhere; each complete line is one event.
void TestKubeJson::watchEvents()
{
    WatchEventDecoder d;
    QString error;
    const QByteArray stream = R"json({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}
{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}
{"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old resource version: 3 (5)"}}
)json";
    QList<WatchEventDecoder::Event> events;
    for (qsizetype i = 0; i < stream.size(); i += 7) // cut every 7 bytes
        events += d.feed(stream.mid(i, 7), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).type, u"ADDED"_s);
    QCOMPARE(events.at(0).object.value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"a"_s);
    QCOMPARE(events.at(1).type, u"BOOKMARK"_s);
    QCOMPARE(events.at(2).object.value(u"code"_s).toInt(), 410);
    // Half an event is kept until its line ends.
    QVERIFY(d.feed(R"({"type":"DELETED","object":{)", &error).isEmpty());
    QCOMPARE(d.feed("}}\n", &error).size(), 1);
    // Not an event: said, and the rest dropped.
    QVERIFY(d.feed("<html>proxy error</html>\n", &error).isEmpty());
    QVERIFY2(error.startsWith(u"the API server's watch sent a line that is not an event: "_s), qPrintable(error));
    // A line longer than the bound is not kept growing.
    WatchEventDecoder small(64);
    error.clear();
    small.feed(QByteArray(100, 'x'), &error);
    QVERIFY2(error.contains(u"longer than"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestKubeJson)
#include "tst_kubejson.moc"
