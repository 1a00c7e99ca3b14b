// The rules of the action pipeline, written once and held for every kind of target: the same
// test code runs each rule against sagas (saga-sim's orchestrator API) and deployments (the
// kube-apiserver), the real servers of the stack, reached through fault proxies that can lose
// an action's answer. The servers themselves are the witnesses: Postgres (a saga's attempt,
// the orchestrator's idempotency keys) and kubectl (a deployment's generation and restartedAt).
//   - a preview too old is refused, before anything is sent or audited;
//   - a lost answer is sent again under the same ActionId, and the server applies it once;
//   - answers lost every time: "outcome unknown", never resent under a new key;
//   - a refusal before sending (read-only profile, read-only transport) sends nothing.
#include "ActionContext.h"
#include "AuditLogReader.h"
#include "AuditWriter.h"
#include "DeploymentActionPlanner.h"
#include "DeploymentJson.h"
#include "FaultHarness.h"
#include "GuardedNetworkAccess.h"
#include "KubeClient.h"
#include "OrchestratorClient.h"
#include "ProfileStore.h"
#include "ProxiedStack.h"
#include "QueuedSpy.h"
#include "SagaActionPlanner.h"
#include "SimHarness.h"
#include "StatePaths.h"
#include "WorkerThread.h"

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

// What a rule needs of a kind of target: a fresh plan through the kind's own planner, what to
// type to confirm it, and the server's own account of what happened.
class TargetUnderTest
{
public:
    virtual ~TargetUnderTest() = default;
    virtual QString proxyFeed() const = 0; // the ProxiedStack feed its client goes through
    // The proxy command that loses the action's answer: by method where the proxy can read the
    // request (plain HTTP), every answer where it cannot (TLS).
    virtual QString loseAnswers() const = 0;
    // A pipeline on a freshly read plan; `ageS` makes the preview that much older.
    virtual std::unique_ptr<ActionPipeline> prepare(const ActionContext &ctx, int ageS, QString *typed) = 0;
    // Remembers the server's state before an action.
    virtual void snapshot() = 0;
    // How many times the server applied an action since snapshot() (0 or 1 is right).
    virtual int timesApplied() = 0;
    // Distinct idempotency values the server saw since snapshot() (the ActionId, or restartedAt).
    virtual int distinctKeys() = 0;
};

template <typename Planner, typename Plan, typename Request>
std::optional<Plan> planWith(const ActionContext &ctx, const Request &request)
{
    Planner planner(ctx);
    QSignalSpy ready(&planner, &Planner::planReady);
    planner.prepare(request);
    if (ready.isEmpty() && !ready.wait(30000))
        return std::nullopt;
    return ready.first().first().template value<Plan>();
}

// A FAILED saga, retried: applied = its attempt went up; keys = the orchestrator's stored keys.
class SagaUnderTest : public TargetUnderTest
{
public:
    explicit SagaUnderTest(SimHarness *sim)
        : m_sim(sim)
    {}
    QString proxyFeed() const override { return u"orchestrator"_s; }
    QString loseAnswers() const override { return u"drop-answers-to POST"_s; }

    std::unique_ptr<ActionPipeline> prepare(const ActionContext &ctx, int ageS, QString *typed) override
    {
        // A FAILED saga of its own, as a payment outage leaves it (written by the sim's role).
        m_id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString error;
        if (!m_sim->sqlExecAsSim(
                u"INSERT INTO saga_instances (id, saga_type, status, current_step, last_error, created_at, updated_at) "
                "VALUES ('%1', 'order-fulfillment', 'FAILED', 'charge-payment', 'payment-service: HTTP 503', "
                "now() - interval '1 min', now() - interval '1 min');"
                "INSERT INTO saga_steps (saga_id, seq, step, action, service, outcome, error, started_at, finished_at) VALUES "
                "('%1', 1, 'reserve-inventory', 'EXECUTE', 'inventory-service', 'SUCCEEDED', NULL, now() - interval '1 min', now() - interval '1 min'),"
                "('%1', 2, 'charge-payment', 'EXECUTE', 'payment-service', 'FAILED', 'HTTP 503', now() - interval '1 min', now() - interval '1 min')"_s
                    .arg(m_id),
                &error)) {
            qWarning("cannot write a FAILED saga: %s", qPrintable(error));
            return nullptr;
        }
        SagaActionRequest request;
        request.verb = SagaActionVerb::Retry;
        request.sagaIds = {QUuid::fromString(m_id)};
        std::optional<SagaActionPlan> plan = planWith<SagaActionPlanner, SagaActionPlan>(ctx, request);
        if (!plan)
            return nullptr;
        plan->preparedAt = plan->preparedAt.addSecs(-ageS);
        *typed = plan->confirmation.expected;
        return std::unique_ptr<ActionPipeline>(ctx.sagaPipeline(*plan, u"pipeline rule test"_s, nullptr));
    }
    void snapshot() override { m_attemptBefore = attempt(); }
    int timesApplied() override { return attempt() - m_attemptBefore; }
    int distinctKeys() override
    {
        return m_sim
            ->sqlValue(u"SELECT count(DISTINCT key) FROM saga_api_idempotency WHERE path LIKE '%%1%'"_s.arg(m_id))
            .toInt();
    }

private:
    int attempt() { return m_sim->sqlValue(u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(m_id)).toInt(); }
    SimHarness *m_sim;
    QString m_id;
    int m_attemptBefore = 0;
};

// A Deployment, restarted: applied = its generation went up; keys = restartedAt values set.
class DeploymentUnderTest : public TargetUnderTest
{
public:
    explicit DeploymentUnderTest(const StackInfo &stack)
        : m_stack(stack)
    {}
    QString proxyFeed() const override { return u"kubernetes"_s; }
    QString loseAnswers() const override { return u"drop-responses"_s; }

    std::unique_ptr<ActionPipeline> prepare(const ActionContext &ctx, int ageS, QString *typed) override
    {
        DeploymentActionRequest request;
        request.verb = DeploymentActionVerb::Restart;
        request.name = name();
        std::optional<DeploymentActionPlan> plan = planWith<DeploymentActionPlanner, DeploymentActionPlan>(ctx,
                                                                                                           request);
        if (!plan)
            return nullptr;
        plan->preparedAt = plan->preparedAt.addSecs(-ageS);
        *typed = plan->confirmation.expected;
        return std::unique_ptr<ActionPipeline>(ctx.deploymentPipeline(*plan, nullptr));
    }
    void snapshot() override
    {
        const QJsonObject d = deployment();
        m_generationBefore = generationOf(d);
        m_restartedAtBefore = restartedAtOf(d);
    }
    int timesApplied() override { return int(generationOf(deployment()) - m_generationBefore); }
    int distinctKeys() override { return restartedAtOf(deployment()) != m_restartedAtBefore ? 1 : 0; }

private:
    static QString name() { return u"notification-service"_s; }
    // kubectl's own reading, as the admin, not through any proxy.
    QJsonObject deployment() const
    {
        QProcess p;
        p.start(u"kubectl"_s,
                {u"--kubeconfig"_s, m_stack.string(u"kube"_s, u"admin_kubeconfig"_s), u"-n"_s,
                 m_stack.string(u"kube"_s, u"namespace"_s), u"get"_s, u"deployment"_s, name(), u"-o"_s, u"json"_s});
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            return {};
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    }
    StackInfo m_stack;
    qint64 m_generationBefore = -1;
    QString m_restartedAtBefore;
};

} // namespace

class TestActionPipeline : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    std::unique_ptr<ProxiedStack> m_stack;
    Profile m_profile;
    QTemporaryDir m_state;
    WorkerThread m_auditWorker, m_orchestratorWorker, m_kubeWorker, m_readOnlyOrchestratorWorker, m_readOnlyKubeWorker;
    AuditWriter *m_audit = nullptr;
    OrchestratorClient *m_orchestrator = nullptr, *m_readOnlyOrchestrator = nullptr;
    KubeClient *m_kube = nullptr, *m_readOnlyKube = nullptr;
    KubeTarget m_kubeTarget;

    // Each client's answer to a lost request comes after this; the tests stay short.
    static constexpr int kTransferMs = 2000;

    ActionContext context(bool readOnlyClients = false) const
    {
        ActionContext c;
        c.profile = m_profile.name;
        c.audit = m_audit;
        c.requestedBy = u"tst_action_pipeline"_s;
        c.orchestrator = readOnlyClients ? m_readOnlyOrchestrator : m_orchestrator;
        c.kube = readOnlyClients ? m_readOnlyKube : m_kube;
        c.kubeContext = m_kubeTarget.info();
        c.ns = m_profile.kubernetes.ns;
        for (PipelineSettings *t : {&c.sagaTuning, &c.deploymentTuning}) {
            t->maxAttempts = 3;
            t->retryBaseMs = 200;
            t->verifyTimeoutMs = 20000;
        }
        return c;
    }

    std::unique_ptr<TargetUnderTest> target(const QString &kind) const
    {
        if (kind == u"saga"_s)
            return std::make_unique<SagaUnderTest>(m_sim.get());
        return std::make_unique<DeploymentUnderTest>(m_sim->stack());
    }

    QVector<AuditRecord> audit() const { return AuditLogReader::read(StatePaths().auditLogPath()).records; }

    static void rows()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("saga") << u"saga"_s;
        QTest::newRow("deployment") << u"deployment"_s;
    }

    // Starts the pipeline and waits for its report.
    static ActionReport runToEnd(ActionPipeline *p, const QString &typed, bool *started = nullptr)
    {
        QSignalSpy finished(p, &ActionPipeline::finished);
        const bool ok = p->start(typed, u"pipeline rule test"_s);
        if (started)
            *started = ok;
        if (finished.isEmpty() && !finished.wait(120000))
            return {};
        return finished.first().first().value<ActionReport>();
    }

    // Runs `p` and checks that it was refused before anything left: never started, no mutating
    // request, no audit record, the target unchanged. `report` gets the refusal to check its words.
    void runRefusedBeforeSending(TargetUnderTest *t, ActionPipeline *p, const QString &typed, ActionReport *report)
    {
        t->snapshot();
        const quint64 sent = GuardedNetworkAccess::mutatingSent();
        const int records = int(audit().size());
        bool started = true;
        *report = runToEnd(p, typed, &started);
        QVERIFY(!started);
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
        QCOMPARE(int(audit().size()), records);
        QCOMPARE(t->timesApplied(), 0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_state.isValid());
        qputenv("XDG_STATE_HOME", QFile::encodeName(m_state.path()));
        SimHarness::open(m_sim);
        m_stack = std::make_unique<ProxiedStack>();
        QVERIFY2(m_stack->error().isEmpty(), qPrintable(m_stack->error()));
        const ProfileLoadResult loaded = ProfileStore::load(m_stack->profilePath());
        QString error;
        const std::optional<Profile> profile = ProfileStore::select(loaded, QString(), &error);
        QVERIFY2(profile, qPrintable(error + loaded.errors.join(u'\n')));
        m_profile = *profile;
        OrchestratorClient::registerMetaTypes();
        KubeClient::registerMetaTypes();
        AuditWriter::registerMetaTypes();
        registerDeploymentActionMetaTypes();
        m_audit = m_auditWorker.run(new AuditWriter(StatePaths().auditLogPath()));
        auto orchestrator = [&](WorkerThread &w, bool readOnly) {
            auto *c = new OrchestratorClient(m_profile.orchestrator, readOnly);
            c->setTimeouts(kTransferMs, 2 * kTransferMs);
            w.run(c);
            QMetaObject::invokeMethod(c, &OrchestratorClient::start, Qt::QueuedConnection);
            return c;
        };
        auto kube = [&](WorkerThread &w, bool readOnly) {
            auto *c = new KubeClient(m_profile.kubernetes, readOnly);
            c->setTimeouts(kTransferMs, 2 * kTransferMs);
            c->setRefreshMs(3600 * 1000);
            QueuedSpy announced(c, &KubeClient::targetChanged);
            w.run(c);
            QMetaObject::invokeMethod(c, &KubeClient::start, Qt::QueuedConnection);
            if (announced.wait(30000))
                m_kubeTarget = announced.first().first().value<KubeTarget>();
            return c;
        };
        m_orchestrator = orchestrator(m_orchestratorWorker, false);
        m_readOnlyOrchestrator = orchestrator(m_readOnlyOrchestratorWorker, true);
        m_kube = kube(m_kubeWorker, false);
        m_readOnlyKube = kube(m_readOnlyKubeWorker, true);
        QVERIFY2(m_kubeTarget.isValid(), "the Kubernetes client never named its target");
    }

    void cleanup()
    {
        for (const QString &feed : m_stack->proxiedFeeds())
            m_stack->proxy(feed)->set(u"pass"_s);
    }

    void cleanupTestCase()
    {
        for (KubeClient *c : {m_kube, m_readOnlyKube})
            if (c)
                QMetaObject::invokeMethod(c, &KubeClient::stop, Qt::QueuedConnection);
        for (OrchestratorClient *c : {m_orchestrator, m_readOnlyOrchestrator})
            if (c)
                QMetaObject::invokeMethod(c, &OrchestratorClient::stop, Qt::QueuedConnection);
    }

    void stalePreviewIsRefused_data() { rows(); }
    void stalePreviewIsRefused()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<TargetUnderTest> t = target(kind);
        const ActionContext ctx = context();
        QString typed;
        const std::unique_ptr<ActionPipeline> p = t->prepare(ctx, ctx.sagaTuning.maxPlanAgeS + 60, &typed);
        QVERIFY(p);
        ActionReport r;
        runRefusedBeforeSending(t.get(), p.get(), typed, &r);
        QVERIFY2(r.refused.startsWith(u"the preview is 11 min"_s), qPrintable(r.refused));
        QVERIFY(r.results.isEmpty());
    }

    void lostAnswerIsSentAgainUnderTheSameKey_data() { rows(); }
    void lostAnswerIsSentAgainUnderTheSameKey()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<TargetUnderTest> t = target(kind);
        QString typed;
        const std::unique_ptr<ActionPipeline> p = t->prepare(context(), 0, &typed);
        QVERIFY(p);
        t->snapshot();
        FaultProxy *proxy = m_stack->proxy(t->proxyFeed());
        // The first answer is lost; once the pipeline says it will send again, answers flow.
        QVERIFY(proxy->set(t->loseAnswers()));
        connect(p.get(), &ActionPipeline::stage, this, [proxy](int, const QString &text) {
            if (text.contains(u"sending the same intent again"_s))
                proxy->set(u"pass"_s);
        });
        const ActionReport r = runToEnd(p.get(), typed);
        QVERIFY2(r.refused.isEmpty(), qPrintable(r.refused));
        QCOMPARE(r.results.size(), 1);
        const ActionItemResult item = r.results.first();
        QVERIFY2(item.state == State::Done, qPrintable(item.message));
        QCOMPARE(item.attempts, 2);
        // The server applied it once, under one key.
        QCOMPARE(t->timesApplied(), 1);
        QCOMPARE(t->distinctKeys(), 1);
        // One intent and one outcome, under the one ActionId both attempts carried.
        QVector<AuditRecord> mine;
        for (const AuditRecord &rec : audit())
            if (rec.actionId == item.actionId)
                mine << rec;
        QCOMPARE(mine.size(), 2);
        QCOMPARE(mine.at(0).kind, AuditKind::Intent);
        QCOMPARE(mine.at(1).result, AuditResult::Done);
    }

    void answersLostEveryTimeAreUnknown_data() { rows(); }
    void answersLostEveryTimeAreUnknown()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<TargetUnderTest> t = target(kind);
        const ActionContext ctx = context();
        QString typed;
        const std::unique_ptr<ActionPipeline> p = t->prepare(ctx, 0, &typed);
        QVERIFY(p);
        t->snapshot();
        QVERIFY(m_stack->proxy(t->proxyFeed())->set(t->loseAnswers()));
        const ActionReport r = runToEnd(p.get(), typed);
        QCOMPARE(r.results.size(), 1);
        const ActionItemResult item = r.results.first();
        QVERIFY2(item.state == State::Unknown, qPrintable(item.message));
        QVERIFY2(item.message.startsWith(u"outcome unknown — check before retrying"_s), qPrintable(item.message));
        QCOMPARE(item.attempts, ctx.sagaTuning.maxAttempts);
        // Sent three times, applied at most once, and only ever under one key.
        QVERIFY2(t->timesApplied() <= 1, qPrintable(u"applied %1 times"_s.arg(t->timesApplied())));
        QVERIFY(t->distinctKeys() <= 1);
        QVector<AuditRecord> mine;
        for (const AuditRecord &rec : audit())
            if (rec.actionId == item.actionId)
                mine << rec;
        QCOMPARE(mine.size(), 2);
        QCOMPARE(mine.at(1).result, AuditResult::Unknown);
    }

    void readOnlyProfileSendsNothing_data() { rows(); }
    void readOnlyProfileSendsNothing()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<TargetUnderTest> t = target(kind);
        ActionContext ctx = context();
        QString typed;
        // The preview was made before the profile turned read-only (a switch to the war-room).
        const std::unique_ptr<ActionPipeline> fresh = t->prepare(ctx, 0, &typed);
        QVERIFY(fresh);
        ctx.readOnly = true;
        ctx.readOnlyWhy = u"the war-room display is read-only"_s;
        const std::unique_ptr<ActionPipeline> p(
            new ActionPipeline(ctx.pipeline(ctx.sagaTuning), fresh->target(), nullptr));
        ActionReport r;
        runRefusedBeforeSending(t.get(), p.get(), typed, &r);
        QCOMPARE(r.refused, ctx.readOnlyWhy);
    }

    void readOnlyTransportSendsNothing_data() { rows(); }
    void readOnlyTransportSendsNothing()
    {
        QFETCH(QString, kind);
        const std::unique_ptr<TargetUnderTest> t = target(kind);
        // The clients refuse every mutating request, whatever the pipeline was told.
        QString typed;
        const std::unique_ptr<ActionPipeline> p = t->prepare(context(true), 0, &typed);
        QVERIFY(p);
        t->snapshot();
        const quint64 sent = GuardedNetworkAccess::mutatingSent();
        const quint64 refused = GuardedNetworkAccess::mutatingRefused();
        const ActionReport r = runToEnd(p.get(), typed);
        QCOMPARE(r.results.size(), 1);
        const ActionItemResult item = r.results.first();
        QCOMPARE(item.state, State::Failed);
        QVERIFY2(item.message.startsWith(u"failed: not sent: read-only profile: "_s), qPrintable(item.message));
        QCOMPARE(item.attempts, 1); // a refusal is not repeated
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), sent);
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refused + 1);
        QCOMPARE(t->timesApplied(), 0);
    }
};

QTEST_GUILESS_MAIN(TestActionPipeline)
#include "tst_action_pipeline.moc"
