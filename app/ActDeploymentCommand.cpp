#include "ActDeploymentCommand.h"

#include "ConsoleIO.h"
#include "ActCommand.h"
#include "AuditRecord.h"
#include "AuditWriter.h"
#include "DeploymentActionPlanner.h"
#include "DeploymentActionRunner.h"
#include "KubeClient.h"
#include "StatePaths.h"

#include <QEventLoop>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Runs the event loop until `done` is true, at most `timeoutMs`; false on timeout.
bool waitUntil(const bool &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer deadline, tick;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done)
            loop.quit();
    });
    deadline.start(timeoutMs);
    tick.start(20);
    if (!done)
        loop.exec();
    return done;
}

// The worker threads of one run: the Kubernetes client and the audit writer.
class Workers
{
public:
    Workers(const Profile &profile, bool readOnly, bool withClient)
        : audit(new AuditWriter(StatePaths().auditLogPath()))
    {
        KubeClient::registerMetaTypes();
        AuditWriter::registerMetaTypes();
        registerDeploymentActionMetaTypes();
        run(audit, &m_auditThread);
        if (withClient) {
            client = new KubeClient(profile.kubernetes, readOnly);
            client->setRefreshMs(3600 * 1000);   // the CLI reads one deployment; no need to keep listing
            run(client, &m_clientThread);
        }
    }
    // After the planner is connected: the client announces its target once, when it starts.
    void startClient()
    {
        if (client)
            QMetaObject::invokeMethod(client, &KubeClient::start, Qt::QueuedConnection);
    }
    ~Workers()
    {
        if (client)
            QMetaObject::invokeMethod(client, &KubeClient::stop, Qt::QueuedConnection);
        m_clientThread.quit();
        m_auditThread.quit();   // queued appends run before the quit
        m_clientThread.wait();
        m_auditThread.wait();
    }
    KubeClient *client = nullptr;
    AuditWriter *audit;

private:
    static void run(QObject *worker, QThread *thread)
    {
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
    }
    QThread m_clientThread;
    QThread m_auditThread;
};

} // namespace

int runDeploymentActCommand(const Profile &profile, const CommandLineOptions::ActOptions &act, FILE *out,
                            FILE *err, FILE *in)
{
    const bool readOnly = profile.readOnly || act.readOnly;
    DeploymentActionContext ctx;
    ctx.profile = profile.name;
    ctx.production = profile.production;
    ctx.readOnly = readOnly;
    ctx.readOnlyWhy = act.readOnly ? u"--read-only: no mutating request may leave the console"_s
                                   : u"profile '%1' is read_only: no mutating request may leave the console"_s.arg(profile.name);
    ctx.ns = profile.kubernetes.ns;
    if (!profile.kubernetes.enabled())
        ctx.kubernetesDisabled = profile.kubernetes.disabledReason.isEmpty()
            ? u"profile '%1' has no kubernetes section (kubeconfig)"_s.arg(profile.name)
            : profile.kubernetes.disabledReason;
    Workers workers(profile, readOnly, ctx.kubernetesDisabled.isEmpty());
    ctx.client = workers.client;
    ctx.audit = workers.audit;

    DeploymentActionRequest request;
    request.verb = act.verb == u"restart"_s ? DeploymentActionVerb::Restart : DeploymentActionVerb::Scale;
    request.name = act.targets.value(0);
    request.replicas = act.replicas;
    request.expectedReplicas = act.expectReplicas;

    DeploymentActionPlanner planner(ctx);
    DeploymentActionPlan plan;
    bool planned = false;
    QObject::connect(&planner, &DeploymentActionPlanner::planReady, &planner, [&](const DeploymentActionPlan &p) {
        plan = p;
        planned = true;
    });
    workers.startClient();
    planner.prepare(request);
    if (!waitUntil(planned, 60000)) {
        printLine(err, u"sagadeck act: deployment %1 could not be read in time; nothing was sent"_s.arg(request.name));
        return ExitFailure;
    }
    printLine(out, plan.describe());
    if (!plan.refusal.isEmpty()) {
        printLine(err, u"sagadeck act: refused: %1; nothing was sent"_s.arg(plan.refusal));
        return ActExitRefused;
    }
    if (!plan.noOp.isEmpty()) {
        printLine(err, u"sagadeck act: %1; nothing was sent"_s.arg(plan.noOp));
        return ActExitRefused;
    }

    QString typed = plan.confirmation.expected;
    if (!act.yes) {
        const QString prompt = plan.confirmation.needsTyping() ? plan.confirmation.prompt + u": "_s
                                                               : u"Type yes to %1: "_s.arg(plan.summary());
        std::fputs(prompt.toLocal8Bit().constData(), out);
        std::fflush(out);
        typed = readLineFrom(in);
        if (!plan.confirmation.needsTyping()) {
            if (typed != u"yes"_s) {
                printLine(err, u"sagadeck act: not confirmed; nothing was sent"_s);
                return ActExitRefused;
            }
            typed.clear();
        }
    }

    DeploymentActionRunner runner(ctx);
    DeploymentActionResult result;
    bool done = false;
    QObject::connect(&runner, &DeploymentActionRunner::progress, &runner,
                     [out](const QString &text) { printLine(out, u"  … "_s + text); });
    QObject::connect(&runner, &DeploymentActionRunner::auditWarning, &runner,
                     [err](const QString &w) { printLine(err, u"sagadeck act: audit: "_s + w); });
    QObject::connect(&runner, &DeploymentActionRunner::finished, &runner, [&](const DeploymentActionResult &r) {
        result = r;
        done = true;
    });
    runner.start(plan, typed, act.reason);
    // Bounded by the client's deadline per attempt, the retry waits and the verification.
    const int budgetMs = ctx.maxAttempts * (20000 + ctx.retryBaseMs * 4) + ctx.verifyTimeoutMs + 10000;
    if (!waitUntil(done, budgetMs)) {
        printLine(err, u"sagadeck act: no result within %1 s; outcome unknown — check before retrying"_s.arg(budgetMs / 1000));
        return ActExitUnknown;
    }
    using S = DeploymentActionResult::State;
    if (result.state == S::Refused) {
        printLine(err, u"sagadeck act: %1; nothing was sent"_s.arg(result.message));
        return ActExitRefused;
    }
    printLine(out, u"%1: %2"_s.arg(plan.summary(), result.message));
    printLine(out, u"action id %1, API server audit id %2, %3 attempt(s)"_s.arg(
                   result.actionId.toString(), result.auditId.isEmpty() ? u"(none)"_s : result.auditId)
                   .arg(result.attempts));
    switch (result.state) {
    case S::Done: return ExitOk;
    case S::Unknown: return ActExitUnknown;
    case S::Failed:
    case S::Refused: break;
    }
    return ExitFailure;
}

} // namespace sagadeck
