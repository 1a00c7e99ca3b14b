// KubeClient against the stack's real kube-apiserver (SAGADECK_STACK_KUBE=1): the deployment list
// equals what kubectl reads; restart and scale change what kubectl then sees; the viewer gets the
// 403 sentence; a precondition mismatch changes nothing; a read-only client sends nothing. Each
// result's RequestOutcome says whether it happened, and agrees with the old ok/answered.
#include "DeploymentJson.h"
#include "GuardedNetworkAccess.h"
#include "KubeClient.h"
#include "KubeTestKit.h"
#include "QueuedSpy.h"
#include "StackInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace deploymentjson;
using namespace sagadeck;

namespace {

// The deployment the mutations use: not saga-orchestrator, which saga-sim follows.
const QString target = u"notification-service"_s;

struct RunningClient : kubetest::RunningClient
{
    RunningClient(const KubernetesSettings &s, bool readOnly)
        : kubetest::RunningClient(s, readOnly, 500)
    {}
};

KubeResult resultFor(QueuedSpy &spy, const QString &id, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (const QList<QVariant> &args : std::as_const(spy)) {
            const auto r = args.at(0).value<KubeResult>();
            if (r.requestId == id)
                return r;
        }
        spy.wait(200);
    }
    KubeResult none;
    none.message = u"no result for %1 within %2 ms"_s.arg(id).arg(timeoutMs);
    return none;
}

// The outcome, and the result's other fields agreeing with it.
void checkOutcome(const KubeResult &r, RequestOutcome::Kind kind, bool retryable)
{
    QCOMPARE(r.outcome.kind, kind);
    QCOMPARE(r.outcome.retryable, retryable);
    QCOMPARE(r.outcome.httpStatus, r.httpStatus);
    if (!r.outcome.done())
        QCOMPARE(r.outcome.reason, r.message);
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    QString m_ns;
    int m_replicasBefore = -1;

    KubernetesSettings settings(const QString &kubeconfigKey) const
    {
        KubernetesSettings s;
        s.kubeconfig = m_stack.string(u"kube"_s, kubeconfigKey);
        s.ns = m_ns;
        return s;
    }
    // kubectl's own reading, with the admin identity so the check does not depend on ours.
    QJsonObject kubectlJson(const QStringList &args) const
    {
        return kubetest::kubectlJson(m_stack.string(u"kube"_s, u"admin_kubeconfig"_s), m_ns, args);
    }
    QJsonObject deployment(const QString &name) const { return kubectlJson({u"get"_s, u"deployment"_s, name}); }

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listEqualsKubectl();
    void restartSetsAnnotationAndBumpsGeneration();
    void scaleSetsReplicas();
    void preconditionMismatchChangesNothing();
    void viewerGetsForbiddenSentence();
    void readOnlySendsNothing();
    void unreachableServerIsDown();
};

void TestKubeClient::initTestCase()
{
    KubeClient::registerMetaTypes();
    m_stack = StackInfo::load();
    QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
    // Not a skip: without the API server this test has nothing to show, and says so.
    QVERIFY2(!m_stack.section(u"kube"_s).isEmpty(),
             "stack.json has no kube section: start the stack with SAGADECK_STACK_KUBE=1");
    m_ns = m_stack.string(u"kube"_s, u"namespace"_s);
    QVERIFY(!m_ns.isEmpty());
    m_replicasBefore = replicasOf(deployment(target));
    QVERIFY2(m_replicasBefore >= 0, "kubectl could not read the target deployment");
}

void TestKubeClient::cleanupTestCase()
{
    // Leave the replica count as found, even when a scale test failed half-way.
    if (m_replicasBefore >= 0 && replicasOf(deployment(target)) != m_replicasBefore)
        kubectlJson({u"scale"_s, u"deployment"_s, target, u"--replicas=%1"_s.arg(m_replicasBefore)});
}

void TestKubeClient::listEqualsKubectl()
{
    RunningClient c(settings(u"kubeconfig"_s), false);
    QueuedSpy listed(c.client, &KubeClient::deploymentsListed);
    QueuedSpy health(c.client, &KubeClient::healthChanged);
    c.start();
    QVERIFY(listed.wait(30000));
    const auto ours = listed.first().at(0).value<DeploymentList>();
    QVERIFY(!health.isEmpty());
    QCOMPARE(health.last().at(0).value<FeedHealth>().state, FeedState::Live);
    QCOMPARE(health.last().at(0).value<FeedHealth>().feed, FeedKind::Kubernetes);
    // The very first list already succeeds: no Down on the way (it once went out before the
    // kubeconfig's namespace was known, as a cluster-wide list, and got 403).
    for (const QList<QVariant> &h : std::as_const(health))
        QVERIFY2(h.at(0).value<FeedHealth>().state != FeedState::Down, qPrintable(h.at(0).value<FeedHealth>().reason));

    const QJsonArray items = kubectlJson({u"get"_s, u"deploy"_s}).value(u"items"_s).toArray();
    QVERIFY(!items.isEmpty());
    QCOMPARE(ours.size(), items.size());
    for (const QJsonValue &v : items) {
        const QJsonObject meta = v.toObject().value(u"metadata"_s).toObject();
        const QString name = meta.value(u"name"_s).toString();
        const auto it = std::find_if(ours.cbegin(), ours.cend(),
                                     [&](const DeploymentInfo &d) { return d.name == name; });
        QVERIFY2(it != ours.cend(), qPrintable(name));
        QCOMPARE(it->ns, m_ns);
        QCOMPARE(it->desiredReplicas, replicasOf(v.toObject()));
        QCOMPARE(it->generation, generationOf(v.toObject()));
        QCOMPARE(it->labels.value(u"app"_s), meta.value(u"labels"_s).toObject().value(u"app"_s).toString());
        QCOMPARE(it->created, QDateTime::fromString(meta.value(u"creationTimestamp"_s).toString(), Qt::ISODate));
    }
}

void TestKubeClient::restartSetsAnnotationAndBumpsGeneration()
{
    const qint64 before = generationOf(deployment(target));
    QVERIFY(before > 0);
    RunningClient c(settings(u"kubeconfig"_s), false);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    c.start();
    const QString restartedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QMetaObject::invokeMethod(
        c.client, [cl = c.client, restartedAt] { cl->restart(u"r1"_s, target, restartedAt); }, Qt::QueuedConnection);
    const KubeResult r = resultFor(results, u"r1"_s);
    QVERIFY2(r.outcome.done(), qPrintable(r.message));
    checkOutcome(r, RequestOutcome::Kind::Done, false);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(!r.auditId.isEmpty());
    QCOMPARE(r.outcome.serverRequestId, r.auditId);
    QCOMPARE(r.generation, before + 1);
    QVERIFY(r.hasDeployment);
    QCOMPARE(r.deployment.restartedAt, QDateTime::fromString(restartedAt, Qt::ISODate));

    const QJsonObject after = deployment(target);
    QCOMPARE(generationOf(after), before + 1);
    QCOMPARE(restartedAtOf(after), restartedAt);

    // The same intent sent again (a network retry) reuses the value: nothing new to roll out.
    QMetaObject::invokeMethod(
        c.client, [cl = c.client, restartedAt] { cl->restart(u"r2"_s, target, restartedAt); }, Qt::QueuedConnection);
    const KubeResult again = resultFor(results, u"r2"_s);
    QVERIFY2(again.outcome.done(), qPrintable(again.message));
    QCOMPARE(generationOf(deployment(target)), before + 1);
}

void TestKubeClient::scaleSetsReplicas()
{
    RunningClient c(settings(u"kubeconfig"_s), false);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    c.start();
    const int up = m_replicasBefore + 1;
    QMetaObject::invokeMethod(
        c.client, [cl = c.client, up] { cl->scale(u"s1"_s, target, up); }, Qt::QueuedConnection);
    const KubeResult r = resultFor(results, u"s1"_s);
    QVERIFY2(r.outcome.done(), qPrintable(r.message));
    QCOMPARE(r.httpStatus, 200);
    QCOMPARE(r.replicas, up);
    QCOMPARE(replicasOf(deployment(target)), up);

    // Back down with a precondition: GET the Scale, compare, PUT it with its resourceVersion.
    const int down = m_replicasBefore;
    QMetaObject::invokeMethod(
        c.client, [cl = c.client, up, down] { cl->scale(u"s2"_s, target, down, up); }, Qt::QueuedConnection);
    const KubeResult back = resultFor(results, u"s2"_s);
    QVERIFY2(back.outcome.done(), qPrintable(back.message));
    QCOMPARE(back.replicas, down);
    QCOMPARE(replicasOf(deployment(target)), down);
}

void TestKubeClient::preconditionMismatchChangesNothing()
{
    RunningClient c(settings(u"kubeconfig"_s), false);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    c.start();
    const int wrong = m_replicasBefore + 5;
    const qint64 generation = generationOf(deployment(target));
    QMetaObject::invokeMethod(
        c.client, [cl = c.client, wrong] { cl->scale(u"p1"_s, target, 0, wrong); }, Qt::QueuedConnection);
    const KubeResult r = resultFor(results, u"p1"_s);
    QVERIFY(!r.outcome.done());
    checkOutcome(r, RequestOutcome::Kind::Failed, false); // checked here: nothing was sent
    QCOMPARE(r.reason, u"PreconditionFailed"_s);
    QCOMPARE(r.message,
             u"deployment %1 has %2 replicas, not the expected %3; nothing was changed"_s.arg(target)
                 .arg(m_replicasBefore)
                 .arg(wrong));
    QCOMPARE(replicasOf(deployment(target)), m_replicasBefore);
    QCOMPARE(generationOf(deployment(target)), generation);
}

void TestKubeClient::viewerGetsForbiddenSentence()
{
    RunningClient c(settings(u"viewer_kubeconfig"_s), false);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    QueuedSpy listed(c.client, &KubeClient::deploymentsListed);
    c.start();
    QVERIFY(listed.wait(30000)); // the viewer may read
    const qint64 generation = generationOf(deployment(target));
    QMetaObject::invokeMethod(
        c.client,
        [cl = c.client] { cl->restart(u"v1"_s, target, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)); },
        Qt::QueuedConnection);
    const KubeResult r = resultFor(results, u"v1"_s);
    QVERIFY(!r.outcome.done());
    checkOutcome(r, RequestOutcome::Kind::Failed, false);
    QCOMPARE(r.httpStatus, 403);
    QCOMPARE(r.reason, u"Forbidden"_s);
    QCOMPARE(r.message, u"your identity sagadeck-viewer may not patch deployments in namespace %1"_s.arg(m_ns));
    QVERIFY(!r.auditId.isEmpty());
    QCOMPARE(generationOf(deployment(target)), generation);
}

void TestKubeClient::readOnlySendsNothing()
{
    RunningClient c(settings(u"kubeconfig"_s), true);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    QueuedSpy listed(c.client, &KubeClient::deploymentsListed);
    c.start();
    QVERIFY(listed.wait(30000)); // reads still work
    const quint64 sent = GuardedNetworkAccess::mutatingSent();
    const quint64 refused = GuardedNetworkAccess::mutatingRefused();
    const qint64 generation = generationOf(deployment(target));
    QMetaObject::invokeMethod(
        c.client,
        [cl = c.client] {
            cl->restart(u"ro1"_s, target, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            cl->scale(u"ro2"_s, target, 0);
        },
        Qt::QueuedConnection);
    for (const QString &id : {u"ro1"_s, u"ro2"_s}) {
        const KubeResult r = resultFor(results, id);
        QVERIFY(!r.outcome.done());
        QVERIFY(r.httpStatus == 0);
        checkOutcome(r, RequestOutcome::Kind::RefusedBeforeSending, false);
        QVERIFY2(r.message.startsWith(u"read-only profile: PATCH https://"_s), qPrintable(r.message));
        QVERIFY2(r.message.endsWith(u" was refused before it left the console"_s), qPrintable(r.message));
    }
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
    QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refused + 2);
    QCOMPARE(generationOf(deployment(target)), generation);
    QCOMPARE(replicasOf(deployment(target)), m_replicasBefore);
}

void TestKubeClient::unreachableServerIsDown()
{
    // The operator's kubeconfig with the server moved to a port nothing listens on.
    QTemporaryDir dir;
    QFile in(m_stack.string(u"kube"_s, u"kubeconfig"_s));
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray text = in.readAll();
    const QByteArray server = m_stack.string(u"kube"_s, u"server"_s).toUtf8();
    QVERIFY(text.contains(server));
    text.replace(server, "https://127.0.0.1:1");
    QFile out(dir.filePath(u"config"_s));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text);
    out.close();
    KubernetesSettings s;
    s.kubeconfig = out.fileName();
    RunningClient c(s, false);
    QueuedSpy health(c.client, &KubeClient::healthChanged);
    QueuedSpy results(c.client, &KubeClient::resultReady);
    c.start();
    QTRY_VERIFY_WITH_TIMEOUT(!health.isEmpty() && health.last().at(0).value<FeedHealth>().state == FeedState::Down,
                             20000);
    const QString reason = health.last().at(0).value<FeedHealth>().reason;
    QVERIFY2(reason.startsWith(u"cannot reach the API server https://127.0.0.1:1: "_s), qPrintable(reason));
    QVERIFY2(reason.contains(u" — retrying in "_s), qPrintable(reason));
    // A mutation that could not leave: failed, nothing happened, and sending it again may help
    // (once the server is back); the client itself does not send it again.
    QMetaObject::invokeMethod(
        c.client,
        [cl = c.client] { cl->restart(u"u1"_s, target, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)); },
        Qt::QueuedConnection);
    const KubeResult r = resultFor(results, u"u1"_s);
    checkOutcome(r, RequestOutcome::Kind::Failed, true);
    QVERIFY(r.httpStatus == 0);
    QVERIFY2(r.message.startsWith(u"cannot reach the API server https://127.0.0.1:1: "_s), qPrintable(r.message));
    QVERIFY2(!r.message.contains(u"outcome is unknown"_s), qPrintable(r.message));
}

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kube_client.moc"
