// The deployment action pipeline (DeploymentActionPlanner, ActionPipeline with DeploymentActionTarget, AuditWriter,
// KubeClient) against the stack's real kube-apiserver; kubectl with the admin identity is the
// independent witness. Also `sagadeck act restart` as a child process. (A lost answer retried
// with the same intent: unit/tst_deployment_action_retry.) Every test leaves replicas and the
// saga-sim scenario as it found them.
#include "DeploymentJson.h"
#include "QueuedSpy.h"
#include "SimHarness.h"
#include "WorkerThread.h"

#include "AuditLogReader.h"
#include "ActionContext.h"
#include "AuditWriter.h"
#include "DeploymentActionPlanner.h"
#include "DeploymentActionTarget.h"
#include "GuardedNetworkAccess.h"
#include "KubeClient.h"
#include "KubeTestKit.h"
#include "StatePaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace deploymentjson;
using namespace sagadeck;
using State = ActionItemResult::State;

namespace {

// The deployment the in-process mutations use: not saga-orchestrator, which saga-sim follows.
const QString target = u"notification-service"_s;
const QString orchestrator = u"saga-orchestrator"_s;

} // namespace

class TestDeploymentActions : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_state;
    QString m_ns;
    QString m_scenarioBefore;
    QMap<QString, int> m_replicasBefore;
    WorkerThread m_auditWorker, m_operatorWorker, m_viewerWorker, m_readOnlyWorker;
    AuditWriter *m_audit = nullptr;
    KubeClient *m_operator = nullptr;
    KubeClient *m_viewer = nullptr;
    KubeClient *m_readOnly = nullptr;
    QHash<KubeClient *, KubeTarget> m_targets;

    const StackInfo &stack() const { return m_sim->stack(); }
    QString auditPath() const { return StatePaths().auditLogPath(); }

    KubeClient *startClient(WorkerThread &w, const QString &kubeconfigKey, bool readOnly)
    {
        KubernetesSettings s;
        s.kubeconfig = stack().string(u"kube"_s, kubeconfigKey);
        s.ns = m_ns;
        auto *client = new KubeClient(s, readOnly);
        client->setRefreshMs(3600 * 1000);
        // As the console's session does: keep the target the client announces once, for the
        // planners and runners made later.
        QueuedSpy announced(client, &KubeClient::targetChanged);
        w.run(client);
        QMetaObject::invokeMethod(client, &KubeClient::start, Qt::QueuedConnection);
        if (announced.wait(30000))
            m_targets.insert(client, announced.first().first().value<KubeTarget>());
        return client;
    }

    ActionContext context(KubeClient *client, bool readOnly = false) const
    {
        ActionContext c;
        c.profile = u"local"_s;
        c.ns = m_ns;
        c.readOnly = readOnly;
        c.readOnlyWhy = u"profile 'local' is read_only: no mutating request may leave the console"_s;
        c.kube = client;
        c.kubeContext = m_targets.value(client).info();
        c.audit = m_audit;
        return c;
    }

    static DeploymentActionRequest restart(const QString &name)
    {
        DeploymentActionRequest r;
        r.verb = DeploymentActionVerb::Restart;
        r.name = name;
        return r;
    }
    static DeploymentActionRequest scale(const QString &name, int replicas, int expected = -1)
    {
        DeploymentActionRequest r;
        r.verb = DeploymentActionVerb::Scale;
        r.name = name;
        r.replicas = replicas;
        r.expectedReplicas = expected;
        return r;
    }

    static DeploymentActionRequest rollback(const QString &name, qint64 toRevision = 0)
    {
        DeploymentActionRequest r;
        r.verb = DeploymentActionVerb::Rollback;
        r.name = name;
        r.toRevision = toRevision;
        return r;
    }
    QString imageOf(const QString &name) const
    {
        return deployment(name)[u"spec"_s][u"template"_s][u"spec"_s][u"containers"_s][0][u"image"_s].toString();
    }
    // kubectl set image, with its change-cause, and waits for the rollout (kubectl rollout status).
    bool rollOut(const QString &name, const QString &image, const QString &cause)
    {
        kubectl({u"annotate"_s, u"deployment"_s, name, u"kubernetes.io/change-cause="_s + cause, u"--overwrite"_s},
                false);
        kubectl({u"set"_s, u"image"_s, u"deployment/"_s + name, name + u'=' + image}, false);
        return kubectlText({u"rollout"_s, u"status"_s, u"deployment/"_s + name, u"--timeout=90s"_s})
            .contains(u"successfully rolled out"_s);
    }
    QString kubectlText(const QStringList &args) const
    {
        return kubetest::kubectlText(stack().string(u"kube"_s, u"admin_kubeconfig"_s), m_ns, args);
    }

    static DeploymentActionPlan plan(const ActionContext &ctx, const DeploymentActionRequest &r)
    {
        DeploymentActionPlanner planner(ctx);
        QSignalSpy ready(&planner, &DeploymentActionPlanner::planReady);
        planner.prepare(r);
        if (ready.isEmpty() && !ready.wait(30000))
            return {};
        return ready.first().first().value<DeploymentActionPlan>();
    }

    // One deployment action through the pipeline, as the Services page runs it.
    struct RunResult
    {
        bool started = false;
        QString refused;       // non-empty: nothing was sent or audited
        ActionItemResult item; // the deployment's result
        QString restartedAt;   // restart: the one value the intent sent
    };
    static RunResult run(const ActionContext &ctx, const DeploymentActionPlan &p, const QString &typed,
                         std::unique_ptr<ActionPipeline> *keep = nullptr)
    {
        std::unique_ptr<ActionPipeline> pipeline(ctx.deploymentPipeline(p, nullptr));
        QSignalSpy finished(pipeline.get(), &ActionPipeline::finished);
        RunResult out;
        out.started = pipeline->start(typed, u"integration test"_s);
        out.restartedAt = static_cast<DeploymentActionTarget *>(pipeline->target())->restartedAt();
        if (finished.isEmpty() && !finished.wait(90000))
            return out;
        const ActionReport report = finished.first().first().value<ActionReport>();
        out.refused = report.refused;
        out.item = report.results.value(0);
        if (keep)
            *keep = std::move(pipeline);
        return out;
    }

    QList<AuditRecord> auditOf(const ActionId &id) const
    {
        QList<AuditRecord> out;
        for (const AuditRecord &rec : AuditLogReader::read(auditPath()).records)
            if (rec.actionId == id)
                out << rec;
        return out;
    }
    int auditLines() const { return AuditLogReader::read(auditPath()).lines; }

    // kubectl's own reading, with the admin identity so the check does not depend on ours.
    QJsonObject kubectl(const QStringList &args, bool json = true) const
    {
        if (!json) {
            kubectlText(args);
            return {};
        }
        return kubetest::kubectlJson(stack().string(u"kube"_s, u"admin_kubeconfig"_s), m_ns, args);
    }
    QJsonObject deployment(const QString &name) const { return kubectl({u"get"_s, u"deployment"_s, name}); }

    // Puts back what the tests may have changed: replica counts, the target's image and saga-sim's scenario.
    void restoreAll()
    {
        const QString image = u"sagadeck.local/%1:1.0"_s.arg(target);
        if (m_sim && imageOf(target) != image)
            rollOut(target, image, u"integration test: restored"_s);
        for (auto it = m_replicasBefore.cbegin(); it != m_replicasBefore.cend(); ++it)
            if (replicasOf(deployment(it.key())) != it.value())
                kubectl({u"scale"_s, u"deployment"_s, it.key(), u"--replicas=%1"_s.arg(it.value())}, false);
        if (m_sim && !m_scenarioBefore.isEmpty()
            && m_sim->get(u"/sim/scenario"_s).body.value(u"scenario"_s).toString() != m_scenarioBefore)
            m_sim->setScenario(m_scenarioBefore);
    }

    QString writeProfile(const QTemporaryDir &dir, const QString &kubeconfig) const
    {
        const QString path = dir.filePath(u"profiles.yaml"_s);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write("current: kube\nprofiles:\n  kube:\n    kubernetes:\n      kubeconfig: \"" + kubeconfig.toUtf8()
                + "\"\n      namespace: \"" + m_ns.toUtf8() + "\"\n");
        return path;
    }

    // `sagadeck act ...` with the test's own audit log; `stdinText` answers the prompt.
    int runCli(const QStringList &args, const QByteArray &stdinText, QByteArray *output) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_STATE_HOME"_s, m_state.path());
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("SAGADECK_BIN"), QStringList{u"act"_s} + args);
        if (!p.waitForStarted(10000))
            return -1;
        p.write(stdinText);
        p.closeWriteChannel();
        const bool finished = p.waitForFinished(120000);
        *output = p.readAllStandardOutput() + p.readAllStandardError();
        if (!finished) {
            p.kill();
            p.waitForFinished(5000);
            return -2;
        }
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
    }

private slots:
    void initTestCase();
    void cleanupTestCase() { restoreAll(); }
    void cleanup() { restoreAll(); }
    void restartSetsAnnotationAndBumpsGeneration();
    void scaleSetsReplicasAndRestores();
    void scaleToCurrentCountIsANoOp();
    void scaleToZeroNeedsTheName();
    void viewerGetsForbiddenSentence();
    void readOnlyProfileRefuses();
    void unknownDeploymentIsRefused();
    void cliRestartExitsZero();
    void cliWrongNameSendsNothing();
    void rollbackIsKubectlsUndo();
    void scaleUnderAnAutoscalerWarns();
    void rollbackOfAChangedDeploymentChangesNothing();
};

void TestDeploymentActions::initTestCase()
{
    QVERIFY(m_state.isValid());
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_state.path()));
    SimHarness::open(m_sim);
    // Not a skip: without the API server this test has nothing to show, and says so.
    QVERIFY2(!stack().section(u"kube"_s).isEmpty(),
             "stack.json has no kube section: the stack runs without Kubernetes");
    m_ns = stack().string(u"kube"_s, u"namespace"_s);
    QVERIFY(!m_ns.isEmpty());
    for (const QString &name : {target, orchestrator}) {
        const int n = replicasOf(deployment(name));
        QVERIFY2(n >= 0, qPrintable(u"kubectl could not read deployment "_s + name));
        m_replicasBefore.insert(name, n);
    }
    m_scenarioBefore = m_sim->get(u"/sim/scenario"_s).body.value(u"scenario"_s).toString();
    QVERIFY(!m_scenarioBefore.isEmpty());

    KubeClient::registerMetaTypes();
    AuditWriter::registerMetaTypes();
    registerDeploymentActionMetaTypes();
    m_audit = m_auditWorker.run(new AuditWriter(auditPath()));
    m_operator = startClient(m_operatorWorker, u"kubeconfig"_s, false);
    m_viewer = startClient(m_viewerWorker, u"viewer_kubeconfig"_s, false);
    m_readOnly = startClient(m_readOnlyWorker, u"kubeconfig"_s, true);
}

void TestDeploymentActions::restartSetsAnnotationAndBumpsGeneration()
{
    const qint64 before = generationOf(deployment(target));
    QVERIFY(before > 0);
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, restart(target));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QCOMPARE(p.user, u"sagadeck-operator"_s);
    QCOMPARE(p.context, stack().string(u"kube"_s, u"context"_s));
    QCOMPARE(p.ns, m_ns);
    QVERIFY(!p.insecureTls);
    QCOMPARE(p.before.generation, before);
    QCOMPARE(p.confirmation.kind, ConfirmationRequirement::Kind::TypeTarget);
    QCOMPARE(p.confirmation.expected, target);

    const quint64 sent = GuardedNetworkAccess::mutatingSent();
    std::unique_ptr<ActionPipeline> pipeline;
    const RunResult run1 = run(ctx, p, target, &pipeline);
    const ActionItemResult &r = run1.item;
    QVERIFY(run1.started);
    QVERIFY(!pipeline->start(target, u"again"_s)); // a second click is ignored
    QCOMPARE(r.state, State::Done);
    QVERIFY2(r.message.startsWith(u"done: restartedAt "_s), qPrintable(r.message));
    QCOMPARE(r.attempts, 1);
    QCOMPARE(r.httpStatus, 200);
    QVERIFY(!r.serverRequestId.isEmpty()); // the API server's Audit-Id
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent + 1);

    const QJsonObject after = deployment(target);
    QCOMPARE(generationOf(after), before + 1);
    QCOMPARE(restartedAtOf(after), run1.restartedAt);

    const QList<AuditRecord> recs = auditOf(r.actionId);
    QCOMPARE(recs.size(), 2);
    QCOMPARE(recs.at(0).kind, AuditKind::Intent);
    QCOMPARE(recs.at(1).kind, AuditKind::Outcome);
    QCOMPARE(recs.at(1).result, AuditResult::Done);
    for (const AuditRecord &rec : recs) {
        QCOMPARE(rec.identity, u"sagadeck-operator"_s);
        QCOMPARE(rec.verb, u"restart"_s);
        QCOMPARE(rec.target.kind, u"deployment"_s);
        QCOMPARE(rec.target.name, target);
        QCOMPARE(rec.target.ns, m_ns);
        QCOMPARE(rec.reason, u"integration test"_s);
        QCOMPARE(rec.parameters.value(u"restartedAt"_s).toString(), run1.restartedAt);
    }
    QCOMPARE(recs.at(1).serverRequestId, r.serverRequestId);
    QVERIFY(recs.at(0).at <= recs.at(1).at);
}

void TestDeploymentActions::scaleSetsReplicasAndRestores()
{
    const int before = m_replicasBefore.value(target);
    const int up = before + 1;
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, scale(target, up));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QCOMPARE(p.before.desiredReplicas, before);
    QCOMPARE(p.confirmation.kind, ConfirmationRequirement::Kind::ReasonOnly);
    {
        const ActionItemResult r = run(ctx, p, {}).item;
        QCOMPARE(r.state, State::Done);
        QVERIFY2(r.message.startsWith(u"done: replicas %1 → %2, %2 ready"_s.arg(before).arg(up)),
                 qPrintable(r.message));
        const QJsonObject now = deployment(target); // kubectl, independently
        QCOMPARE(replicasOf(now), up);
        QCOMPARE(now.value(u"status"_s).toObject().value(u"readyReplicas"_s).toInt(), up); // kwok makes the pods Ready
        const QList<AuditRecord> recs = auditOf(r.actionId);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs.at(0).parameters.value(u"replicas"_s).toInt(), up);
        QCOMPARE(recs.at(0).parameters.value(u"replicas_before"_s).toInt(), before);
        QCOMPARE(recs.at(1).result, AuditResult::Done);
        QCOMPARE(recs.at(1).serverRequestId, r.serverRequestId);
    }
    // Back down, with the precondition "it still has `up`" (GET + PUT with resourceVersion).
    const DeploymentActionPlan back = plan(ctx, scale(target, before, up));
    QVERIFY2(back.isActionable(), qPrintable(back.describe()));
    const ActionItemResult r = run(ctx, back, before == 0 ? target : QString()).item;
    QCOMPARE(r.state, State::Done);
    QCOMPARE(replicasOf(deployment(target)), before);

    // A precondition that no longer holds is refused when planned, before anything is sent.
    const DeploymentActionPlan stale = plan(ctx, scale(target, before + 2, before + 5));
    QCOMPARE(stale.refusal,
             u"deployment %1 has %2 replicas, not the expected %3"_s.arg(target).arg(before).arg(before + 5));
}

void TestDeploymentActions::scaleToCurrentCountIsANoOp()
{
    const int current = replicasOf(deployment(target));
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, scale(target, current));
    QCOMPARE(p.noOp, u"already at %1 replicas"_s.arg(current));
    QVERIFY(!p.isActionable());
    const quint64 sent = GuardedNetworkAccess::mutatingSent();
    const int lines = auditLines();
    const RunResult r = run(ctx, p, target);
    QVERIFY(!r.started);
    QCOMPARE(r.refused, u"already at %1 replicas"_s.arg(current));
    QVERIFY(r.item.actionId.isNull());
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
    QCOMPARE(auditLines(), lines);
}

void TestDeploymentActions::scaleToZeroNeedsTheName()
{
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, scale(target, 0));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QCOMPARE(p.confirmation.kind, ConfirmationRequirement::Kind::TypeTarget);
    QCOMPARE(p.confirmation.expected, target);
    const quint64 sent = GuardedNetworkAccess::mutatingSent();
    const int lines = auditLines();
    const RunResult r = run(ctx, p, u"payment-service"_s);
    QVERIFY(!r.started);
    QCOMPARE(r.refused, u"not confirmed: typed 'payment-service' but the confirmation needs '%1'"_s.arg(target));
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
    QCOMPARE(auditLines(), lines);
    QCOMPARE(replicasOf(deployment(target)), m_replicasBefore.value(target));
}

void TestDeploymentActions::viewerGetsForbiddenSentence()
{
    const qint64 generation = generationOf(deployment(target));
    const ActionContext ctx = context(m_viewer);
    const DeploymentActionPlan p = plan(ctx, restart(target)); // the viewer may read
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    const ActionItemResult r = run(ctx, p, target).item;
    QCOMPARE(r.state, State::Failed);
    QCOMPARE(r.httpStatus, 403);
    QCOMPARE(r.message,
             u"failed: HTTP 403: your identity sagadeck-viewer may not patch deployments in namespace %1"_s.arg(m_ns));
    QCOMPARE(r.attempts, 1); // an answer is not retried
    QCOMPARE(generationOf(deployment(target)), generation);
    const QList<AuditRecord> recs = auditOf(r.actionId);
    QCOMPARE(recs.size(), 2);
    QCOMPARE(recs.at(1).kind, AuditKind::Outcome);
    QCOMPARE(recs.at(1).result, AuditResult::Failed);
    QCOMPARE(recs.at(1).message, r.message);
    QVERIFY(!recs.at(1).serverRequestId.isEmpty());
}

void TestDeploymentActions::readOnlyProfileRefuses()
{
    const quint64 sent = GuardedNetworkAccess::mutatingSent();
    const int lines = auditLines();
    const ActionContext ctx = context(m_readOnly, true);
    for (const DeploymentActionRequest &req : {restart(target), scale(target, 0)}) {
        const DeploymentActionPlan p = plan(ctx, req);
        QCOMPARE(p.refusal, ctx.readOnlyWhy);
        const RunResult r = run(ctx, p, target);
        QVERIFY(!r.started);
        QCOMPARE(r.refused, ctx.readOnlyWhy);
    }
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
    QCOMPARE(auditLines(), lines);
}

void TestDeploymentActions::unknownDeploymentIsRefused()
{
    const DeploymentActionPlan p = plan(context(m_operator), restart(u"no-such-service"_s));
    QCOMPARE(p.refusal, u"deployment no-such-service does not exist in namespace %1"_s.arg(m_ns));
    const DeploymentActionPlan tooMany = plan(context(m_operator), scale(target, 51));
    QCOMPARE(tooMany.refusal, u"replicas must be between 0 and 50, not 51"_s);
}

void TestDeploymentActions::cliRestartExitsZero()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("SAGADECK_BIN")), "SAGADECK_BIN does not name the sagadeck binary");
    const QJsonObject before = deployment(orchestrator);
    QTemporaryDir dir;
    const QString config = writeProfile(dir, stack().string(u"kube"_s, u"kubeconfig"_s));
    const int lines = auditLines();
    QByteArray output;
    const int code = runCli({u"restart"_s, orchestrator, u"--reason"_s, u"x"_s, u"--yes"_s, u"--config"_s, config}, {},
                            &output);
    QVERIFY2(code == 0, qPrintable(u"exit %1: %2"_s.arg(code).arg(QString::fromUtf8(output))));
    const QJsonObject after = deployment(orchestrator);
    QVERIFY(generationOf(after) > generationOf(before));
    const QString restartedAt = restartedAtOf(after);
    QVERIFY(restartedAt != restartedAtOf(before));
    QVERIFY(QDateTime::fromString(restartedAt, Qt::ISODate).secsTo(QDateTime::currentDateTimeUtc()) < 300);
    QVERIFY2(
        output.contains(QByteArray("restart " + orchestrator.toUtf8() + ": done: restartedAt " + restartedAt.toUtf8())),
        output.constData());
    const QVector<AuditRecord> records = AuditLogReader::read(auditPath()).records;
    QCOMPARE(records.size(), lines + 2);
    QCOMPARE(records.at(lines).kind, AuditKind::Intent);
    QCOMPARE(records.at(lines + 1).kind, AuditKind::Outcome);
    QCOMPARE(records.at(lines).actionId, records.at(lines + 1).actionId);
    QCOMPARE(records.at(lines + 1).result, AuditResult::Done);
    QCOMPARE(records.at(lines).parameters.value(u"restartedAt"_s).toString(), restartedAt);
    QCOMPARE(records.at(lines).identity, u"sagadeck-operator"_s);
}

void TestDeploymentActions::cliWrongNameSendsNothing()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("SAGADECK_BIN")), "SAGADECK_BIN does not name the sagadeck binary");
    const QJsonObject before = deployment(orchestrator);
    QTemporaryDir dir;
    const QString config = writeProfile(dir, stack().string(u"kube"_s, u"kubeconfig"_s));
    const int lines = auditLines();
    QByteArray output;
    const int code = runCli({u"restart"_s, orchestrator, u"--reason"_s, u"x"_s, u"--config"_s, config},
                            "payment-service\n", &output);
    // 4: refused before sending
    QVERIFY2(code == 4, qPrintable(u"exit %1: %2"_s.arg(code).arg(QString::fromUtf8(output))));
    QVERIFY2(output.contains(QByteArray("Type the deployment name " + orchestrator.toUtf8() + " to restart it: ")),
             output.constData());
    QVERIFY2(output.contains("not confirmed"), output.constData());
    const QJsonObject after = deployment(orchestrator);
    QCOMPARE(generationOf(after), generationOf(before));
    QCOMPARE(restartedAtOf(after), restartedAtOf(before));
    QCOMPARE(auditLines(), lines);
}

// `kubectl rollout undo` through the pipeline: the preview names both revisions and diffs the
// template; the new rollout is what verifies it; kubectl rollout history then shows a new
// revision with the old image; the audit log has the intent and the verified outcome.
void TestDeploymentActions::rollbackIsKubectlsUndo()
{
    const QString good = u"sagadeck.local/%1:1.0"_s.arg(target);
    const QString other = u"sagadeck.local/%1:1.0-rollback-test"_s.arg(target);
    QCOMPARE(imageOf(target), good);
    QVERIFY(rollOut(target, other, u"integration test: a new image"_s));
    const QJsonObject rolled = deployment(target);
    const qint64 revisionRolled =
        rolled[u"metadata"_s][u"annotations"_s][u"deployment.kubernetes.io/revision"_s].toString().toLongLong();

    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, rollback(target));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QCOMPARE(p.before.images, QStringList{other});
    QCOMPARE(p.before.revision, revisionRolled);
    QCOMPARE(p.target.images, QStringList{good});
    QVERIFY(p.target.revision < revisionRolled);
    QCOMPARE(p.confirmation.kind, ConfirmationRequirement::Kind::TypeTarget);
    auto diffHas = [&p](QChar sign, const QString &image) {
        for (const QString &line : p.diff)
            if (line.startsWith(sign) && line.contains(u"\"image\": \"%1\""_s.arg(image)))
                return true;
        return false;
    };
    QVERIFY2(diffHas(u'-', other), qPrintable(p.diff.join(u'\n')));
    QVERIFY2(diffHas(u'+', good), qPrintable(p.diff.join(u'\n')));
    QVERIFY2(p.describe().contains(u"--to-revision=%1"_s.arg(p.target.revision)), qPrintable(p.describe()));

    const RunResult r = run(ctx, p, target);
    QVERIFY(r.started);
    QCOMPARE(r.item.state, State::Done);
    QVERIFY2(r.item.message.contains(u"rollout complete"_s), qPrintable(r.item.message));
    QCOMPARE(imageOf(target), good);

    // kubectl's history: a new revision, newest of all, with the old image.
    const QString history = kubectlText({u"rollout"_s, u"history"_s, u"deployment/"_s + target});
    const qint64 newest = deployment(target)[u"metadata"_s][u"annotations"_s][u"deployment.kubernetes.io/revision"_s]
                              .toString()
                              .toLongLong();
    QVERIFY2(newest > revisionRolled, qPrintable(history));
    QVERIFY2(history.contains(QString::number(newest)), qPrintable(history));
    const QString newestText = kubectlText(
        {u"rollout"_s, u"history"_s, u"deployment/"_s + target, u"--revision=%1"_s.arg(newest)});
    QVERIFY2(newestText.contains(u"Image:\t"_s + good) || newestText.contains(u"Image: "_s + good)
                 || newestText.contains(good),
             qPrintable(newestText));
    QVERIFY2(!newestText.contains(other), qPrintable(newestText));

    const QList<AuditRecord> recs = auditOf(r.item.actionId);
    QCOMPARE(recs.size(), 2);
    QCOMPARE(recs.at(0).kind, AuditKind::Intent);
    QCOMPARE(recs.at(0).verb, u"rollback"_s);
    QCOMPARE(recs.at(0).parameters.value(u"to_revision"_s).toInteger(), p.target.revision);
    QCOMPARE(recs.at(0).parameters.value(u"images"_s).toArray().first().toString(), good);
    QCOMPARE(recs.at(0).parameters.value(u"images_before"_s).toArray().first().toString(), other);
    QCOMPARE(recs.at(1).result, AuditResult::Done);

    // To the revision it runs: nothing to do; to one it does not keep: refused, in the console
    // and on the command line alike.
    const DeploymentActionPlan same = plan(ctx, rollback(target, newest));
    QVERIFY2(!same.noOp.isEmpty(), qPrintable(same.describe()));
    const DeploymentActionPlan none = plan(ctx, rollback(target, 999));
    QVERIFY2(none.refusal.startsWith(u"deployment %1 has no revision 999 (it keeps "_s.arg(target)),
             qPrintable(none.refusal));
    QTemporaryDir dir;
    const QString config = writeProfile(dir, stack().string(u"kube"_s, u"kubeconfig"_s));
    const int lines = auditLines();
    QByteArray output;
    const int code = runCli(
        {u"rollback"_s, target, u"--to-revision"_s, u"999"_s, u"--reason"_s, u"x"_s, u"--yes"_s, u"--config"_s, config},
        {}, &output);
    QVERIFY2(code == 4, qPrintable(u"exit %1: %2"_s.arg(code).arg(QString::fromUtf8(output))));
    QVERIFY2(output.contains("has no revision 999"), output.constData());
    QCOMPARE(auditLines(), lines);
    QCOMPARE(imageOf(target), good);
}

// Two SREs at once: the preview was made, then someone else rolled out; the rollback must not
// overwrite that. Nothing changes, and it says why.
void TestDeploymentActions::rollbackOfAChangedDeploymentChangesNothing()
{
    const QString good = u"sagadeck.local/%1:1.0"_s.arg(target);
    const QString first = u"sagadeck.local/%1:1.0-first"_s.arg(target);
    const QString second = u"sagadeck.local/%1:1.0-second"_s.arg(target);
    QVERIFY(rollOut(target, first, u"integration test: first"_s));
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan p = plan(ctx, rollback(target));
    QVERIFY2(p.isActionable(), qPrintable(p.describe()));
    QVERIFY(rollOut(target, second, u"integration test: a colleague's rollout"_s));
    const RunResult r = run(ctx, p, target);
    QCOMPARE(r.item.state, State::Failed);
    QVERIFY2(r.item.message.contains(u"changed since the preview"_s), qPrintable(r.item.message));
    QCOMPARE(imageOf(target), second);
    QVERIFY(rollOut(target, good, u"integration test: restored"_s));
}

// inventory-service has the stack's HorizontalPodAutoscaler (2–5): a scale below its minimum is
// said to be undone, one inside its range that the autoscaler may change it; nothing is sent.
void TestDeploymentActions::scaleUnderAnAutoscalerWarns()
{
    const ActionContext ctx = context(m_operator);
    const DeploymentActionPlan below = plan(ctx, scale(u"inventory-service"_s, 1));
    QVERIFY2(below.isActionable(), qPrintable(below.describe()));
    QVERIFY2(below.autoscalerWarning.contains(u"will set it back to 2"_s), qPrintable(below.describe()));
    QVERIFY2(below.describe().contains(u"AUTOSCALER: HorizontalPodAutoscaler inventory-service (2–5 replicas)"_s),
             qPrintable(below.describe()));
    const DeploymentActionPlan inside = plan(ctx, scale(u"inventory-service"_s, 4));
    QVERIFY2(inside.autoscalerWarning.contains(u"may change the count again"_s), qPrintable(inside.describe()));
    // No autoscaler: no warning.
    const DeploymentActionPlan none = plan(ctx, scale(target, 3));
    QVERIFY2(none.autoscalerWarning.isEmpty(), qPrintable(none.describe()));
}

QTEST_GUILESS_MAIN(TestDeploymentActions)
#include "tst_deployment_actions.moc"
