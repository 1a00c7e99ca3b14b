#include "ActCommand.h"

#include "ActionTracker.h"
#include "AuditRecord.h"
#include "AuditPublisher.h"
#include "AuditWriter.h"
#include "BackendActionPlanner.h"
#include "BackendSignalWorker.h"
#include "ConsoleIO.h"
#include "DeploymentActionPlanner.h"
#include "KafkaActionPlanner.h"
#include "KafkaAdminClient.h"
#include "KubeClient.h"
#include "OrchestratorClient.h"
#include "ProfileStateStore.h"
#include "ProfileStore.h"
#include "SagaActionPlanner.h"
#include "StatePaths.h"
#include "TeamTrail.h"
#include "TeamTrailReader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <functional>
#include <optional>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Runs the event loop until `done` holds, at most `timeoutMs`; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer deadline, tick;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    deadline.start(timeoutMs);
    tick.start(20);
    if (!done())
        loop.exec();
    return done();
}

// The worker threads of one act run: the audit writer and the client of the action's target.
class Workers
{
public:
    Workers()
        : audit(new AuditWriter(StatePaths().auditLogPath()))
    {
        AuditWriter::registerMetaTypes();
        run(audit, &m_auditThread);
    }
    void startOrchestrator(const Profile &profile, bool readOnly)
    {
        OrchestratorClient::registerMetaTypes();
        orchestrator = new OrchestratorClient(profile.orchestrator, readOnly);
        run(orchestrator, &m_clientThread);
        QMetaObject::invokeMethod(orchestrator, &OrchestratorClient::start, Qt::QueuedConnection);
    }
    void makeKube(const Profile &profile, bool readOnly)
    {
        KubeClient::registerMetaTypes();
        registerDeploymentActionMetaTypes();
        kube = new KubeClient(profile.kubernetes, readOnly);
        kube->setRefreshMs(3600 * 1000); // the CLI reads one deployment; no need to keep listing
        run(kube, &m_clientThread);
    }
    void makeKafkaAdmin(const Profile &profile, bool readOnly)
    {
        KafkaAdminClient::registerMetaTypes();
        registerKafkaActionMetaTypes();
        kafkaAdmin = new KafkaAdminClient(profile.kafka, readOnly);
        run(kafkaAdmin, &m_kafkaThread); // its calls block for up to 10 s: never in front of another client's
    }
    // Cancel / terminate: reads as the console's role, signals as the profile's operator role.
    void makeBackends(const Profile &profile)
    {
        BackendSignalWorker::registerMetaTypes();
        registerBackendActionMetaTypes();
        backends = new BackendSignalWorker(profile.postgres, profile.postgres.operatorSettings());
        run(backends, &m_clientThread);
    }
    // The team trail: this run's records (and any earlier ones still waiting) go to the audit
    // topic from the log, unless a running console of this user publishes them already.
    void startPublisher(const Profile &profile)
    {
        const StatePaths paths;
        publisher = new AuditPublisher(
            profile.kafka, paths.auditLogPath(),
            ProfileStateStore(paths.stateDir(), QStringLiteral("audit-outbox")).pathFor(profile.name), profile.name);
        QObject::connect(publisher, &AuditPublisher::status, &m_publisherStatus,
                         [this](int waiting, const QString &problem) {
                             publishWaiting = waiting;
                             publishProblem = problem;
                         });
        QObject::connect(audit, &AuditWriter::appended, publisher, &AuditPublisher::publishNow);
        run(publisher, &m_publishThread);
        QMetaObject::invokeMethod(publisher, &AuditPublisher::start, Qt::QueuedConnection);
    }
    // The team trail read from the audit topic: whether someone else acts on the same target.
    void startTrailReader(const Profile &profile)
    {
        auto *reader = new TeamTrailReader(profile.kafka);
        QObject::connect(reader, &TeamTrailReader::recordsRead, &trail, &TeamTrail::addEncoded);
        QObject::connect(reader, &TeamTrailReader::problem, &trail, &TeamTrail::setReaderProblem);
        run(reader, &m_trailThread);
        QMetaObject::invokeMethod(reader, &TeamTrailReader::start, Qt::QueuedConnection);
        trailStarted = true;
    }
    // After the planner is connected: the client announces its target once, when it starts.
    void startKube()
    {
        if (kube)
            QMetaObject::invokeMethod(kube, &KubeClient::start, Qt::QueuedConnection);
    }
    ~Workers()
    {
        if (orchestrator)
            QMetaObject::invokeMethod(orchestrator, &OrchestratorClient::stop, Qt::QueuedConnection);
        if (kube)
            QMetaObject::invokeMethod(kube, &KubeClient::stop, Qt::QueuedConnection);
        if (kafkaAdmin)
            QMetaObject::invokeMethod(kafkaAdmin, &KafkaAdminClient::stop, Qt::QueuedConnection);
        if (backends)
            QMetaObject::invokeMethod(backends, &BackendSignalWorker::stop, Qt::QueuedConnection);
        m_clientThread.quit();
        m_kafkaThread.quit();
        m_auditThread.quit(); // queued appends run before the quit
        m_clientThread.wait();
        m_kafkaThread.wait();
        m_auditThread.wait();
        m_publishThread.quit(); // the publisher saves what was acknowledged and lets the lock go
        m_publishThread.wait();
        m_trailThread.quit();
        m_trailThread.wait();
    }
    AuditWriter *audit;
    OrchestratorClient *orchestrator = nullptr;
    KubeClient *kube = nullptr;
    BackendSignalWorker *backends = nullptr;
    KafkaAdminClient *kafkaAdmin = nullptr;
    AuditPublisher *publisher = nullptr;
    int publishWaiting = 1; // as the publisher last said (-1: another process publishes)
    QString publishProblem;
    TeamTrail trail;
    bool trailStarted = false;

private:
    static void run(QObject *worker, QThread *thread)
    {
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        if (!thread->isRunning())
            thread->start();
    }
    QThread m_clientThread;
    QThread m_kafkaThread;
    QThread m_auditThread;
    QThread m_publishThread;
    QThread m_trailThread;
    QObject m_publisherStatus; // receives the publisher's status on this thread
};

// The team trail after the action: published within a few seconds, or said why not (the records
// stay in the log and go out with the next console or act of this user).
void reportPublication(const Workers &workers, const QString &topic, FILE *out, FILE *err)
{
    if (!workers.publisher)
        return;
    constexpr int kPublishWaitMs = 5000;
    waitUntil([&workers] { return workers.publishWaiting <= 0; }, kPublishWaitMs);
    if (workers.publishWaiting == 0)
        printLine(out, u"  audit records published to the team trail (%1)"_s.arg(topic));
    else if (workers.publishWaiting < 0)
        printLine(out, u"  team trail: %1"_s.arg(workers.publishProblem));
    else
        printLine(err,
                  u"sagadeck act: %1 audit records not yet on the team trail %2 (%3); the next sagadeck of "
                  u"this user publishes them"_s.arg(workers.publishWaiting)
                      .arg(topic, workers.publishProblem.isEmpty() ? u"no answer yet"_s : workers.publishProblem));
}

// A plan read and described, whatever its target, with what `act` needs to confirm and run it.
struct Prepared
{
    QString description; // the preview, printed as it is
    QString refusal;     // non-empty: nothing is sent (refused, no-op, nothing actionable)
    ConfirmationRequirement confirmation;
    QString yesPrompt; // when only "yes" is asked: "Type yes to restart x: "
    std::function<ActionPipeline *()> pipeline;
    std::function<QString(const ActionItemResult &)> line; // one printed line per item
    ActionTargets targets;                                 // what it acts on, for the team trail
};

ActionContext contextFor(const Profile &profile, const CommandLineOptions::ActOptions &act, ActionTracker *tracker,
                         AuditWriter *audit)
{
    ActionContext ctx;
    ctx.profile = profile.name;
    ctx.production = profile.production;
    ctx.readOnly = profile.readOnly || act.readOnly;
    ctx.readOnlyWhy = act.readOnly
        ? u"--read-only: no mutating request may leave the console"_s
        : u"profile '%1' is read_only: no mutating request may leave the console"_s.arg(profile.name);
    ctx.audit = audit;
    ctx.tracker = tracker;
    ctx.requestedBy = currentOsUser();
    ctx.stuckAfterS = profile.postgres.stuckAfterS;
    if (!profile.orchestrator.enabled())
        ctx.orchestratorDisabled = profile.orchestrator.disabledReason.isEmpty()
            ? u"profile '%1' has no orchestrator url"_s.arg(profile.name)
            : profile.orchestrator.disabledReason;
    ctx.ns = profile.kubernetes.ns;
    if (!profile.kubernetes.enabled())
        ctx.kubernetesDisabled = profile.kubernetes.disabledReason.isEmpty()
            ? u"profile '%1' has no kubernetes section (kubeconfig)"_s.arg(profile.name)
            : profile.kubernetes.disabledReason;
    if (!profile.kafka.enabled())
        ctx.kafkaDisabled = profile.kafka.disabledReason.isEmpty()
            ? u"profile '%1' has no kafka section (bootstrap)"_s.arg(profile.name)
            : profile.kafka.disabledReason;
    ctx.kafkaBootstrap = profile.kafka.bootstrap;
    ctx.kafkaIdentity = profile.kafka.saslUsername;
    ctx.kafkaSagaTopic = profile.kafka.sagaTopic;
    ctx.kafkaDeploymentGroups = profile.kafka.deploymentGroups;
    ctx.operatorConninfo = profile.postgres.operatorConninfo;
    ctx.longQueryAfterS = profile.postgres.longQueryAfterS;
    if (!profile.postgres.enabled())
        ctx.backendsDisabled = profile.postgres.disabledReason.isEmpty()
            ? u"profile '%1' has no postgres section (conninfo)"_s.arg(profile.name)
            : profile.postgres.disabledReason;
    else if (profile.postgres.operatorConninfo.isEmpty())
        ctx.backendsDisabled = u"profile '%1' has no postgres.operator_conninfo (a role with pg_signal_backend); the "
                               u"console's own role is read-only"_s.arg(profile.name);
    return ctx;
}

// Waits (bounded) for the planner's plan of `request`; nothing when it did not come in time.
template <typename Plan, typename Planner, typename Request>
std::optional<Plan> planOf(Planner &planner, const Request &request, int timeoutMs)
{
    std::optional<Plan> plan;
    QObject::connect(&planner, &Planner::planReady, &planner, [&plan](const Plan &p) { plan = p; });
    planner.prepare(request);
    waitUntil([&plan] { return plan.has_value(); }, timeoutMs);
    return plan;
}

// What `act` prints, asks and runs for a planned action of one target.
template <typename Plan>
Prepared preparedFrom(const Plan &plan, std::function<ActionPipeline *()> pipeline)
{
    Prepared p;
    p.description = plan.describe();
    p.refusal = !plan.refusal.isEmpty() ? plan.refusal : plan.noOp;
    p.confirmation = plan.confirmation;
    p.yesPrompt = u"Type yes to %1: "_s.arg(plan.summary());
    p.targets = plan.targets();
    p.pipeline = std::move(pipeline);
    p.line = [summary = plan.summary()](const ActionItemResult &r) {
        return u"%1: %2\naction id %3, %4 attempt(s)"_s.arg(summary, r.message, r.actionId.toString()).arg(r.attempts);
    };
    return p;
}

std::optional<Prepared> prepareSagas(const CommandLineOptions::ActOptions &act, const ActionContext &ctx, FILE *err)
{
    SagaActionRequest request;
    request.verb = act.verb == u"retry"_s ? SagaActionVerb::Retry : SagaActionVerb::Compensate;
    for (const QString &t : act.targets)
        request.sagaIds.append(QUuid::fromString(t));
    SagaActionPlanner planner(ctx);
    std::optional<SagaActionPlan> plan;
    QObject::connect(&planner, &SagaActionPlanner::planReady, &planner, [&plan](const SagaActionPlan &p) { plan = p; });
    planner.prepare(request);
    if (!waitUntil([&plan] { return plan.has_value(); }, 120000)) {
        printLine(err, u"sagadeck act: the sagas' state could not be read in time; nothing was sent"_s);
        return std::nullopt;
    }
    Prepared p;
    p.description = plan->describe();
    p.refusal = !plan->refusal.isEmpty() ? plan->refusal
        : plan->actionableCount() == 0   ? u"none of the sagas can be %1"_s.arg(act.verb)
                                         : QString();
    p.confirmation = plan->confirmation;
    p.yesPrompt = u"Type yes to %1 this saga: "_s.arg(act.verb);
    p.targets = plan->targets();
    p.pipeline = [ctx, plan = *plan, reason = act.reason] { return ctx.sagaPipeline(plan, reason, nullptr); };
    p.line = [](const ActionItemResult &r) { return u"%1  %2  %3"_s.arg(r.target, itemStateName(r.state), r.message); };
    return p;
}

std::optional<Prepared> prepareDeployment(const CommandLineOptions::ActOptions &act, ActionContext &ctx,
                                          Workers &workers, FILE *err)
{
    DeploymentActionRequest request;
    request.verb = act.verb == u"restart"_s ? DeploymentActionVerb::Restart
        : act.verb == u"rollback"_s         ? DeploymentActionVerb::Rollback
                                            : DeploymentActionVerb::Scale;
    request.toRevision = act.toRevision;
    request.name = act.targets.value(0);
    request.replicas = act.replicas;
    request.expectedReplicas = act.expectReplicas;
    DeploymentActionPlanner planner(ctx);
    QObject::connect(ctx.kube, &KubeClient::targetChanged, &planner,
                     [&ctx](const KubeTarget &t) { ctx.kubeContext = t.info(); });
    workers.startKube();
    const std::optional<DeploymentActionPlan> plan = planOf<DeploymentActionPlan>(planner, request, 60000);
    if (!plan) {
        printLine(err, u"sagadeck act: deployment %1 could not be read in time; nothing was sent"_s.arg(request.name));
        return std::nullopt;
    }
    Prepared p = preparedFrom(*plan, [ctx, plan = *plan] { return ctx.deploymentPipeline(plan, nullptr); });
    p.line = [summary = plan->summary()](const ActionItemResult &r) {
        return u"%1: %2\naction id %3, server request id %4, %5 attempt(s)"_s
            .arg(summary, r.message, r.actionId.toString(),
                 r.serverRequestId.isEmpty() ? u"(none)"_s : r.serverRequestId)
            .arg(r.attempts);
    };
    return p;
}

std::optional<Prepared> prepareKafka(const CommandLineOptions::ActOptions &act, const ActionContext &ctx, FILE *err)
{
    KafkaActionRequest request;
    if (act.verb == u"add-partitions"_s) {
        request.verb = KafkaActionVerb::AddPartitions;
        request.topic = act.targets.value(0);
        request.partitions = act.partitions;
    } else {
        request.verb = KafkaActionVerb::ResetOffsets;
        request.group = act.targets.value(0);
        request.topic = act.topic;
        request.partition = act.partition;
        request.to = act.resetTo == u"earliest"_s ? OffsetResetTo::Earliest
            : act.resetTo == u"datetime"_s        ? OffsetResetTo::Datetime
            : act.resetTo == u"offset"_s          ? OffsetResetTo::Offset
                                                  : OffsetResetTo::Latest;
        request.at = act.resetAt;
        request.offset = act.resetOffset;
    }
    KafkaActionPlanner planner(ctx);
    const std::optional<KafkaActionPlan> plan = planOf<KafkaActionPlan>(planner, request, 60000);
    if (!plan) {
        printLine(err, u"sagadeck act: Kafka could not be read in time; nothing was sent"_s);
        return std::nullopt;
    }
    return preparedFrom(*plan, [ctx, plan = *plan] { return ctx.kafkaPipeline(plan, nullptr); });
}

std::optional<Prepared> prepareBackend(const CommandLineOptions::ActOptions &act, const ActionContext &ctx, FILE *err)
{
    BackendActionRequest request;
    request.verb = act.verb == u"terminate-backend"_s ? BackendActionVerb::Terminate : BackendActionVerb::Cancel;
    request.pid = act.targets.value(0).toInt();
    BackendActionPlanner planner(ctx);
    const std::optional<BackendActionPlan> plan = planOf<BackendActionPlan>(planner, request, 30000);
    if (!plan) {
        printLine(err, u"sagadeck act: backend %1 could not be read in time; nothing was sent"_s.arg(request.pid));
        return std::nullopt;
    }
    return preparedFrom(*plan, [ctx, plan = *plan] { return ctx.backendPipeline(plan, nullptr); });
}

// Someone else's action on the same target with no outcome yet, as the team trail has it: act
// stops unless --anyway, as the dialog's "Do it anyway" does. A trail that cannot be read in a
// few seconds is said and does not stop an action (it may be what Kafka's outage needs).
bool clearOfOthers(Workers &workers, const Prepared &p, const CommandLineOptions::ActOptions &act, FILE *err)
{
    if (!workers.trailStarted)
        return true;
    constexpr int kTrailWaitMs = 5000;
    if (!waitUntil([&workers] { return workers.trail.readerLive(); }, kTrailWaitMs)) {
        printLine(err,
                  u"sagadeck act: team trail not read (%1): whether someone else acts on this target is not "
                  u"known"_s.arg(workers.trail.readerProblem()));
        return true;
    }
    const QString conflict = workers.trail.conflictFor(p.targets, QDateTime::currentDateTimeUtc());
    if (conflict.isEmpty())
        return true;
    if (act.anyway) {
        printLine(err,
                  u"sagadeck act: someone is already acting on this target (--anyway: acting anyway). "_s + conflict);
        return true;
    }
    printLine(err,
              u"sagadeck act: refused: someone is already acting on this target. %1 Add --anyway to act "
              u"anyway; nothing was sent"_s.arg(conflict));
    return false;
}

// The confirmation as the dialog asks it: the typed count, id or name, or "yes".
std::optional<QString> confirm(const Prepared &p, const CommandLineOptions::ActOptions &act, FILE *in, FILE *out,
                               FILE *err)
{
    if (act.yes)
        return p.confirmation.expected;
    const QString prompt = p.confirmation.needsTyping() ? p.confirmation.prompt + u": "_s : p.yesPrompt;
    std::fputs(prompt.toLocal8Bit().constData(), out);
    std::fflush(out);
    const QString typed = readLineFrom(in);
    if (!::isatty(::fileno(in)))
        printLine(out, QString()); // piped answers are not echoed: end the prompt's line
    if (p.confirmation.needsTyping())
        return typed; // the pipeline checks it, and refuses a wrong one
    if (typed != u"yes"_s) {
        printLine(err, u"sagadeck act: not confirmed; nothing was sent"_s);
        return std::nullopt;
    }
    return QString();
}

} // namespace

CommandLineOptions parseActCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Retry or compensate sagas through the orchestrator, the same way the console's dialogs do: "
        u"the current state is checked, the preview printed, the confirmation asked (type the count or "
        u"the saga id; --yes confirms on the command line), an intent and an outcome are written to "
        u"the audit log and the effect is verified.\n\n"
        u"Exit codes: 0 verified success, 1 failed, 2 bad command line, 4 refused before sending, "
        u"5 outcome unknown (check before retrying)."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption config(u"config"_s, u"Profiles file (default: ~/.config/sagadeck/profiles.yaml)."_s,
                                    u"file"_s);
    const QCommandLineOption profile(u"profile"_s, u"Connection profile (default: the file's current one)."_s,
                                     u"name"_s);
    const QCommandLineOption reason(u"reason"_s, u"Why (required; goes into the audit log)."_s, u"text"_s);
    const QCommandLineOption yes(u"yes"_s, u"Confirmed: do not ask on stdin."_s);
    const QCommandLineOption anyway(u"anyway"_s,
                                    u"Act although someone else's action on the same target has no "
                                    u"outcome yet on the team trail (refused without it)."_s);
    const QCommandLineOption readOnly(u"read-only"_s, u"Refuse every mutating request, whatever the profile says."_s);
    const QCommandLineOption replicas(u"replicas"_s, u"scale: the replica count."_s, u"n"_s);
    const QCommandLineOption expectReplicas(u"expect-replicas"_s, u"scale: only if it still has M replicas."_s, u"m"_s);
    const QCommandLineOption toRevision(u"to-revision"_s,
                                        u"rollback: the revision to go back to (default: the previous one)."_s, u"n"_s);
    const QCommandLineOption topic(u"topic"_s, u"reset-offsets: the topic."_s, u"name"_s);
    const QCommandLineOption partition(u"partition"_s, u"reset-offsets: one partition (default: all)."_s, u"p"_s);
    const QCommandLineOption toEarliest(u"to-earliest"_s, u"reset-offsets: to the log start."_s);
    const QCommandLineOption toLatest(u"to-latest"_s, u"reset-offsets: to the log end."_s);
    const QCommandLineOption toDatetime(
        u"to-datetime"_s,
        u"reset-offsets: to the first message at or after a time (ISO 8601, e.g. 2026-12-06T00:30:00Z)."_s, u"time"_s);
    const QCommandLineOption toOffset(u"to-offset"_s, u"reset-offsets: to an offset (clamped to the log)."_s, u"n"_s);
    const QCommandLineOption partitions(u"partitions"_s, u"add-partitions: the new total."_s, u"n"_s);
    for (const auto &o : {config, profile, reason, yes, anyway, readOnly, replicas, expectReplicas, toRevision, topic,
                          partition, toEarliest, toLatest, toDatetime, toOffset, partitions})
        parser.addOption(o);
    parser.addPositionalArgument(u"act"_s, u"The act command."_s);
    parser.addPositionalArgument(u"verb"_s,
                                 u"retry, compensate, restart, scale, rollback, reset-offsets, "
                                 u"add-partitions, cancel-query or terminate-backend."_s);
    parser.addPositionalArgument(u"targets"_s,
                                 u"Saga ids (retry, compensate), one deployment, one consumer group "
                                 u"(reset-offsets), one topic (add-partitions) or one backend pid."_s,
                                 u"TARGET..."_s);

    CommandLineOptions result;
    auto fail = [&result](const QString &why) {
        result = CommandLineOptions{};
        result.mode = CommandLineOptions::Mode::Error;
        result.message = u"sagadeck act: "_s + why + u"\nTry 'sagadeck act --help' for more information."_s;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        result.mode = CommandLineOptions::Mode::Help;
        result.message = parser.helpText();
        return result;
    }
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.isEmpty())
        return fail(u"which action? retry, compensate, restart, scale or rollback"_s);
    CommandLineOptions::ActOptions &act = result.act;
    act.verb = positional.first();
    act.targets = positional.mid(1);
    act.reason = parser.value(reason).trimmed();
    act.yes = parser.isSet(yes);
    act.anyway = parser.isSet(anyway);
    act.readOnly = parser.isSet(readOnly);
    const QStringList verbs{u"retry"_s,    u"compensate"_s,    u"restart"_s,       u"scale"_s,
                            u"rollback"_s, u"reset-offsets"_s, u"add-partitions"_s};
    const bool backendVerb = act.verb == u"cancel-query"_s || act.verb == u"terminate-backend"_s;
    if (!verbs.contains(act.verb) && !backendVerb)
        return fail(u"unknown action '%1' (retry, compensate, restart, scale, rollback, reset-offsets, "
                    u"add-partitions, cancel-query, terminate-backend)"_s.arg(act.verb));
    const bool reset = act.verb == u"reset-offsets"_s;
    const bool addPartitions = act.verb == u"add-partitions"_s;
    if ((parser.isSet(topic) || parser.isSet(partition)) && !reset)
        return fail(u"--topic and --partition go with reset-offsets"_s);
    if (reset) {
        act.topic = parser.value(topic);
        if (act.topic.isEmpty())
            return fail(u"reset-offsets needs --topic T"_s);
        if (parser.isSet(partition)) {
            bool ok = false;
            act.partition = parser.value(partition).toInt(&ok);
            if (!ok || act.partition < 0)
                return fail(u"--partition takes a partition number >= 0"_s);
        }
        int targets = 0;
        if (parser.isSet(toEarliest))
            act.resetTo = u"earliest"_s, ++targets;
        if (parser.isSet(toLatest))
            act.resetTo = u"latest"_s, ++targets;
        if (parser.isSet(toDatetime)) {
            act.resetTo = u"datetime"_s, ++targets;
            act.resetAt = QDateTime::fromString(parser.value(toDatetime), Qt::ISODateWithMs);
            if (!act.resetAt.isValid())
                return fail(u"--to-datetime takes an ISO 8601 time like 2026-12-06T00:30:00Z"_s);
        }
        if (parser.isSet(toOffset)) {
            act.resetTo = u"offset"_s, ++targets;
            bool ok = false;
            act.resetOffset = parser.value(toOffset).toLongLong(&ok);
            if (!ok || act.resetOffset < 0)
                return fail(u"--to-offset takes an offset >= 0"_s);
        }
        if (targets != 1)
            return fail(u"reset-offsets needs exactly one of --to-earliest, --to-latest, --to-datetime, --to-offset"_s);
    } else if (parser.isSet(toEarliest) || parser.isSet(toLatest) || parser.isSet(toDatetime)
               || parser.isSet(toOffset)) {
        return fail(u"--to-… options go with reset-offsets"_s);
    }
    if (addPartitions) {
        bool ok = false;
        act.partitions = parser.value(partitions).toInt(&ok);
        if (!parser.isSet(partitions) || !ok || act.partitions < 1)
            return fail(u"add-partitions needs --partitions N (the new total)"_s);
    } else if (parser.isSet(partitions)) {
        return fail(u"--partitions goes with add-partitions"_s);
    }
    if (act.targets.isEmpty())
        return fail(u"%1 needs at least one target"_s.arg(act.verb));
    if (backendVerb && (act.targets.size() != 1 || act.targets.first().toInt() <= 0))
        return fail(u"%1 takes exactly one backend pid (a whole number > 0, from the Database page or "
                    u"pg_stat_activity)"_s.arg(act.verb));
    const bool saga = act.verb == u"retry"_s || act.verb == u"compensate"_s;
    if (saga) {
        for (const QString &t : std::as_const(act.targets))
            if (QUuid::fromString(t).isNull())
                return fail(u"'%1' is not a saga id (expected a UUID)"_s.arg(t));
    } else if (act.targets.size() != 1) {
        return fail(reset               ? u"reset-offsets takes exactly one consumer group"_s
                        : addPartitions ? u"add-partitions takes exactly one topic"_s
                                        : u"%1 takes exactly one deployment"_s.arg(act.verb));
    }
    if (parser.isSet(replicas)) {
        bool ok = false;
        act.replicas = parser.value(replicas).toInt(&ok);
        if (!ok || act.replicas < 0 || act.verb != u"scale"_s)
            return fail(u"--replicas takes a whole number >= 0, and only with scale"_s);
    } else if (act.verb == u"scale"_s) {
        return fail(u"scale needs --replicas N"_s);
    }
    if (parser.isSet(expectReplicas)) {
        bool ok = false;
        act.expectReplicas = parser.value(expectReplicas).toInt(&ok);
        if (!ok || act.expectReplicas < 0 || act.verb != u"scale"_s)
            return fail(u"--expect-replicas takes a whole number >= 0, and only with scale"_s);
    }
    if (parser.isSet(toRevision)) {
        bool ok = false;
        act.toRevision = parser.value(toRevision).toLongLong(&ok);
        if (!ok || act.toRevision < 1 || act.verb != u"rollback"_s)
            return fail(u"--to-revision takes a revision number >= 1, and only with rollback"_s);
    }
    if (act.reason.isEmpty())
        return fail(u"--reason is required: it goes into the audit log"_s);
    result.mode = CommandLineOptions::Mode::Act;
    result.configPath = parser.value(config);
    result.profile = parser.value(profile);
    return result;
}

int runActCommand(const CommandLineOptions &options, FILE *in, FILE *out, FILE *err)
{
    const CommandLineOptions::ActOptions &act = options.act;
    const QString path = options.configPath.isEmpty() ? ProfileStore::defaultPath() : options.configPath;
    const ProfileLoadResult loaded = ProfileStore::load(path);
    QString selectError;
    const std::optional<Profile> profile = ProfileStore::select(loaded, options.profile, &selectError);
    if (!profile) {
        printLine(err, u"sagadeck act: "_s + (selectError.isEmpty() ? loaded.errors.join(u'\n') : selectError));
        return ExitFailure;
    }
    const bool deployment = act.verb == u"restart"_s || act.verb == u"scale"_s || act.verb == u"rollback"_s;
    const bool kafka = act.verb == u"reset-offsets"_s || act.verb == u"add-partitions"_s;
    const bool backend = act.verb == u"cancel-query"_s || act.verb == u"terminate-backend"_s;
    ActionTracker tracker;
    Workers workers;
    ActionContext ctx = contextFor(*profile, act, &tracker, workers.audit);
    if (deployment && ctx.kubernetesDisabled.isEmpty())
        workers.makeKube(*profile, ctx.readOnly);
    else if (!deployment && !kafka && !backend && ctx.orchestratorDisabled.isEmpty())
        workers.startOrchestrator(*profile, ctx.readOnly);
    // Kafka: the repairs' client, and for a scale the capacity check of its preview.
    if ((kafka || act.verb == u"scale"_s) && ctx.kafkaDisabled.isEmpty())
        workers.makeKafkaAdmin(*profile, ctx.readOnly);
    ctx.orchestrator = workers.orchestrator;
    ctx.kube = workers.kube;
    ctx.kafkaAdmin = workers.kafkaAdmin;
    if (backend && ctx.backendsDisabled.isEmpty())
        workers.makeBackends(*profile);
    ctx.backends = workers.backends;
    if (!ctx.readOnly && profile->kafka.enabled()) {
        workers.startPublisher(*profile);
        workers.startTrailReader(*profile);
    }

    const std::optional<Prepared> prepared = deployment ? prepareDeployment(act, ctx, workers, err)
        : kafka                                         ? prepareKafka(act, ctx, err)
        : backend                                       ? prepareBackend(act, ctx, err)
                                                        : prepareSagas(act, ctx, err);
    if (!prepared)
        return ExitFailure;
    printLine(out, prepared->description);
    if (!prepared->refusal.isEmpty()) {
        printLine(err, u"sagadeck act: refused: %1; nothing was sent"_s.arg(prepared->refusal));
        return ActExitRefused;
    }
    if (!clearOfOthers(workers, *prepared, act, err))
        return ActExitRefused;
    const std::optional<QString> typed = confirm(*prepared, act, in, out, err);
    if (!typed)
        return ActExitRefused;

    ActionPipeline *pipeline = prepared->pipeline();
    std::optional<ActionReport> report;
    QObject::connect(pipeline, &ActionPipeline::stage, pipeline,
                     [out](int, const QString &text) { printLine(out, u"  … "_s + text); });
    QObject::connect(pipeline, &ActionPipeline::itemFinished, pipeline,
                     [out, line = prepared->line](const ActionItemResult &r) { printLine(out, line(r)); });
    QObject::connect(pipeline, &ActionPipeline::auditWarning, pipeline,
                     [err](const QString &w) { printLine(err, u"sagadeck act: audit: "_s + w); });
    QObject::connect(pipeline, &ActionPipeline::finished, pipeline, [&report](const ActionReport &r) { report = r; });
    pipeline->start(*typed, act.reason);
    // Bounded by every attempt's deadline and backoff and the verification of every item.
    const PipelineSettings s = deployment ? ctx.deploymentTuning
        : kafka                           ? ctx.kafkaTuning
        : backend                         ? ctx.backendTuning
                                          : ctx.sagaTuning;
    const int perItemMs = s.maxAttempts * (20000 + (s.retryBaseMs << s.maxAttempts)) + s.verifyTimeoutMs + 1000;
    const int budgetMs = int(act.targets.size()) * perItemMs + 10000;
    if (!waitUntil([&report] { return report.has_value(); }, budgetMs)) {
        // Out of time: what has an intent gets its outcome ("unknown") before the exit.
        tracker.abandonAll(u"sagadeck act ran out of its %1 s"_s.arg(budgetMs / 1000));
        printLine(
            err,
            u"sagadeck act: no result within %1 s; outcome unknown — check before retrying"_s.arg(budgetMs / 1000));
        return ActExitUnknown;
    }
    reportPublication(workers, profile->kafka.auditTopic, out, err);
    if (!report->refused.isEmpty()) {
        printLine(err, u"sagadeck act: refused: %1; nothing was sent"_s.arg(report->refused));
        return ActExitRefused;
    }
    if (!deployment && !kafka && !backend)
        printLine(out, report->summary());
    using S = ActionItemResult::State;
    if (report->allDone())
        return ExitOk;
    if (report->count(S::Unknown) > 0)
        return ActExitUnknown;
    return ExitFailure;
}

} // namespace sagadeck
