// Kubernetes JSON <-> values: Deployment parsing, the exact bodies kubectl sends, error texts.
#include "KubeJson.h"

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

QTEST_GUILESS_MAIN(TestKubeJson)
#include "tst_kubejson.moc"
