// A lost answer (the API server read the PATCH and never answered) is retried with the same
// intent: the same ActionId, the same restartedAt (an identical PATCH body), one intent and one
// outcome record. Against a local fake API server over plain HTTP: the real one cannot be made
// to lose an answer on purpose.
#include "AuditLogReader.h"
#include "AuditWriter.h"
#include "DeploymentActionPlanner.h"
#include "DeploymentActionRunner.h"
#include "KubeClient.h"
#include "StatePaths.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using State = DeploymentActionResult::State;

namespace {

struct Worker
{
    QThread thread;
    template<typename T> T *run(T *object)
    {
        object->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, object, &QObject::deleteLater);
        thread.start();
        return object;
    }
    ~Worker()
    {
        thread.quit();
        thread.wait();
    }
};

DeploymentActionRequest restart(const QString &name)
{
    DeploymentActionRequest r;
    r.verb = DeploymentActionVerb::Restart;
    r.name = name;
    return r;
}

} // namespace

class TestDeploymentActionRetry : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_state;
    const QString m_ns = u"microservices"_s;
    Worker m_auditWorker;
    AuditWriter *m_audit = nullptr;

    static DeploymentActionPlan plan(const DeploymentActionContext &ctx, const DeploymentActionRequest &r)
    {
        DeploymentActionPlanner planner(ctx);
        QSignalSpy ready(&planner, &DeploymentActionPlanner::planReady);
        planner.prepare(r);
        if (ready.isEmpty() && !ready.wait(30000))
            return {};
        return ready.first().first().value<DeploymentActionPlan>();
    }
    static DeploymentActionResult run(DeploymentActionRunner &runner, const DeploymentActionPlan &p, const QString &typed)
    {
        QSignalSpy finished(&runner, &DeploymentActionRunner::finished);
        runner.start(p, typed, u"unit test"_s);
        if (finished.isEmpty() && !finished.wait(60000))
            return {};
        return finished.first().first().value<DeploymentActionResult>();
    }
    QList<AuditRecord> auditOf(const ActionId &id) const
    {
        QList<AuditRecord> out;
        for (const AuditRecord &rec : AuditLogReader::read(StatePaths().auditLogPath()).records)
            if (rec.actionId == id)
                out << rec;
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_state.isValid());
        qputenv("XDG_STATE_HOME", QFile::encodeName(m_state.path()));
        KubeClient::registerMetaTypes();
        AuditWriter::registerMetaTypes();
        registerDeploymentActionMetaTypes();
        m_audit = m_auditWorker.run(new AuditWriter(StatePaths().auditLogPath()));
    }
    void lostAnswerIsRetriedWithTheSameIntent();
};

void TestDeploymentActionRetry::lostAnswerIsRetriedWithTheSameIntent()
{
    // A fake API server over plain HTTP: it serves the Deployment, never answers the first PATCH
    // (a lost answer: the client's deadline gives up on it) and applies and answers the second.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QByteArray> patches;
    qint64 generation = 3;
    QString restartedAt;
    auto deploymentJson = [&] {
        QJsonObject annotations;
        if (!restartedAt.isEmpty())
            annotations.insert(u"kubectl.kubernetes.io/restartedAt"_s, restartedAt);
        const QJsonObject d{
            {u"kind"_s, u"Deployment"_s},
            {u"metadata"_s, QJsonObject{{u"name"_s, u"fake"_s}, {u"namespace"_s, m_ns}, {u"generation"_s, generation}}},
            {u"spec"_s, QJsonObject{{u"replicas"_s, 1},
                                    {u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, annotations}}}}}}},
            {u"status"_s, QJsonObject{{u"observedGeneration"_s, generation}, {u"replicas"_s, 1},
                                      {u"readyReplicas"_s, 1}, {u"updatedReplicas"_s, 1}}}};
        return QJsonDocument(d).toJson(QJsonDocument::Compact);
    };
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [&, s] {
                const QByteArray req = s->peek(65536);
                const qsizetype headerEnd = req.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    return;
                const QByteArray lengthKey = "content-length:";
                const qsizetype at = req.toLower().indexOf(lengthKey);
                const int length = at < 0 ? 0 : req.mid(at + lengthKey.size(), req.indexOf("\r\n", at) - at - lengthKey.size()).trimmed().toInt();
                if (req.size() < headerEnd + 4 + length)
                    return;
                s->readAll();
                if (req.startsWith("PATCH")) {
                    const QByteArray body = req.mid(headerEnd + 4, length);
                    patches << body;
                    if (patches.size() == 1)
                        return;   // read, maybe applied, never answered: the client's deadline ends it
                    restartedAt = QJsonDocument::fromJson(body).object().value(u"spec"_s).toObject()
                        .value(u"template"_s).toObject().value(u"metadata"_s).toObject().value(u"annotations"_s)
                        .toObject().value(u"kubectl.kubernetes.io/restartedAt"_s).toString();
                    ++generation;
                }
                const QByteArray out = deploymentJson();
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAudit-Id: fake-audit-"
                         + QByteArray::number(patches.size()) + "\r\nContent-Length: " + QByteArray::number(out.size())
                         + "\r\n\r\n" + out);
            });
        }
    });
    QTemporaryDir dir;
    QFile kc(dir.filePath(u"kubeconfig"_s));
    QVERIFY(kc.open(QIODevice::WriteOnly));
    kc.write("apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters:\n- name: fake-cluster\n  cluster:\n"
             "    server: http://127.0.0.1:" + QByteArray::number(server.serverPort())
             + "\ncontexts:\n- name: fake\n  context:\n    cluster: fake-cluster\n    user: fake-user\n    namespace: "
             + m_ns.toUtf8() + "\nusers:\n- name: fake-user\n  user:\n    token: not-a-secret\n");
    kc.close();
    KubernetesSettings s;
    s.kubeconfig = kc.fileName();
    s.ns = m_ns;
    Worker w;
    auto *client = new KubeClient(s, false);
    client->setRefreshMs(3600 * 1000);
    client->setTimeouts(1000, 1500);
    QSignalSpy announced(client, &KubeClient::targetChanged);
    w.run(client);
    QMetaObject::invokeMethod(client, &KubeClient::start, Qt::QueuedConnection);
    QVERIFY(announced.wait(10000));

    DeploymentActionContext ctx;
    ctx.profile = u"fake"_s;
    ctx.ns = m_ns;
    ctx.client = client;
    ctx.audit = m_audit;
    ctx.target = announced.first().first().value<KubeTarget>();
    ctx.retryBaseMs = 50;
    const DeploymentActionPlan p = plan(ctx, restart(u"fake"_s));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QCOMPARE(p.user, u"fake-user"_s);
    DeploymentActionRunner runner(ctx);
    const DeploymentActionResult r = run(runner, p, u"fake"_s);
    QMetaObject::invokeMethod(client, &KubeClient::stop, Qt::QueuedConnection);
    QCOMPARE(r.state, State::Done);
    QCOMPARE(r.attempts, 2);
    QCOMPARE(patches.size(), 2);
    QCOMPARE(patches.at(0), patches.at(1));   // the same restartedAt on the retry
    QCOMPARE(restartedAt, r.restartedAt);
    QCOMPARE(r.auditId, u"fake-audit-2"_s);
    const QList<AuditRecord> recs = auditOf(r.actionId);
    QCOMPARE(recs.size(), 2);   // one intent, one outcome for both attempts
    QCOMPARE(recs.at(0).kind, AuditKind::Intent);
    QCOMPARE(recs.at(1).result, AuditResult::Done);
    QCOMPARE(recs.at(1).parameters.value(u"attempts"_s).toInt(), 2);
    QCOMPARE(recs.at(0).identity, u"fake-user"_s);
}

QTEST_GUILESS_MAIN(TestDeploymentActionRetry)
#include "tst_deployment_action_retry.moc"
