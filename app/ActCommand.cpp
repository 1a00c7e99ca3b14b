#include "ActCommand.h"

#include "ConsoleIO.h"
#include "ActDeploymentCommand.h"
#include "AuditRecord.h"
#include "AuditWriter.h"
#include "OrchestratorClient.h"
#include "ProfileStore.h"
#include "SagaActionPlanner.h"
#include "SagaActionRunner.h"
#include "StatePaths.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Waits for `signal` of `sender` (bounded); false on timeout.
template<typename Sender, typename Signal>
bool waitFor(Sender *sender, Signal signal, int timeoutMs)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool fired = false;
    QObject::connect(sender, signal, &loop, [&] { fired = true; loop.quit(); });
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    return fired;
}

// The worker threads of one act run: the orchestrator client and the audit writer.
class Workers
{
public:
    Workers(const Profile &profile, bool readOnly)
        : client(new OrchestratorClient(profile.orchestrator, readOnly))
        , audit(new AuditWriter(StatePaths().auditLogPath()))
    {
        OrchestratorClient::registerMetaTypes();
        AuditWriter::registerMetaTypes();
        qRegisterMetaType<SagaActionPlan>();
        qRegisterMetaType<SagaActionItemResult>();
        qRegisterMetaType<SagaActionReport>();
        run(client, &m_clientThread);
        run(audit, &m_auditThread);
        QMetaObject::invokeMethod(client, &OrchestratorClient::start, Qt::QueuedConnection);
    }
    ~Workers()
    {
        QMetaObject::invokeMethod(client, &OrchestratorClient::stop, Qt::QueuedConnection);
        m_clientThread.quit();
        m_auditThread.quit();   // queued appends run before the quit
        m_clientThread.wait();
        m_auditThread.wait();
    }
    OrchestratorClient *client;
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
    const QCommandLineOption readOnly(u"read-only"_s, u"Refuse every mutating request, whatever the profile says."_s);
    const QCommandLineOption replicas(u"replicas"_s, u"scale: the replica count."_s, u"n"_s);
    const QCommandLineOption expectReplicas(u"expect-replicas"_s, u"scale: only if it still has M replicas."_s, u"m"_s);
    for (const auto &o : {config, profile, reason, yes, readOnly, replicas, expectReplicas})
        parser.addOption(o);
    parser.addPositionalArgument(u"act"_s, u"The act command."_s);
    parser.addPositionalArgument(u"verb"_s, u"retry, compensate, restart or scale."_s);
    parser.addPositionalArgument(u"targets"_s, u"Saga ids (retry, compensate) or one deployment."_s, u"TARGET..."_s);

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
        return fail(u"which action? retry, compensate, restart or scale"_s);
    CommandLineOptions::ActOptions &act = result.act;
    act.verb = positional.first();
    act.targets = positional.mid(1);
    act.reason = parser.value(reason).trimmed();
    act.yes = parser.isSet(yes);
    act.readOnly = parser.isSet(readOnly);
    const QStringList verbs{u"retry"_s, u"compensate"_s, u"restart"_s, u"scale"_s};
    if (!verbs.contains(act.verb))
        return fail(u"unknown action '%1' (retry, compensate, restart, scale)"_s.arg(act.verb));
    if (act.targets.isEmpty())
        return fail(u"%1 needs at least one target"_s.arg(act.verb));
    const bool saga = act.verb == u"retry"_s || act.verb == u"compensate"_s;
    if (saga) {
        for (const QString &t : std::as_const(act.targets))
            if (QUuid::fromString(t).isNull())
                return fail(u"'%1' is not a saga id (expected a UUID)"_s.arg(t));
    } else if (act.targets.size() != 1) {
        return fail(u"%1 takes exactly one deployment"_s.arg(act.verb));
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
    if (act.verb == u"restart"_s || act.verb == u"scale"_s)
        return runDeploymentActCommand(*profile, act, out, err, in);

    const bool readOnly = profile->readOnly || act.readOnly;
    Workers workers(*profile, readOnly);
    ActionContext ctx;
    ctx.profile = profile->name;
    ctx.production = profile->production;
    ctx.readOnly = readOnly;
    ctx.readOnlyWhy = act.readOnly ? u"--read-only: no mutating request may leave the console"_s
                                   : u"profile '%1' is read_only: no mutating request may leave the console"_s.arg(profile->name);
    if (!profile->orchestrator.enabled())
        ctx.orchestratorDisabled = profile->orchestrator.disabledReason.isEmpty()
            ? u"profile '%1' has no orchestrator url"_s.arg(profile->name)
            : profile->orchestrator.disabledReason;
    ctx.requestedBy = currentOsUser();
    ctx.stuckAfterS = profile->postgres.stuckAfterS;
    ctx.client = workers.client;
    ctx.audit = workers.audit;

    SagaActionRequest request;
    request.verb = act.verb == u"retry"_s ? SagaActionVerb::Retry : SagaActionVerb::Compensate;
    for (const QString &t : act.targets)
        request.sagaIds.append(QUuid::fromString(t));

    SagaActionPlanner planner(ctx);
    SagaActionPlan plan;
    QObject::connect(&planner, &SagaActionPlanner::planReady, &planner, [&plan](const SagaActionPlan &p) { plan = p; });
    planner.prepare(request);
    if (planner.isBusy() && !waitFor(&planner, &SagaActionPlanner::planReady, 120000)) {
        printLine(err, u"sagadeck act: the sagas' state could not be read in time"_s);
        return ExitFailure;
    }
    printLine(out, plan.describe());
    if (!plan.refusal.isEmpty() || plan.actionableCount() == 0)
        return ActExitRefused;

    QString typed = plan.confirmation.expected;
    if (!act.yes) {
        const QString prompt = plan.confirmation.needsTyping() ? plan.confirmation.prompt + u": "_s
                                                               : u"Type yes to %1 this saga: "_s.arg(act.verb);
        std::fputs(prompt.toLocal8Bit().constData(), out);
        std::fflush(out);
        typed = readLineFrom(in);
        if (!::isatty(::fileno(in)))
            printLine(out, QString());   // piped answers are not echoed: end the prompt's line
        if (!plan.confirmation.needsTyping() && typed != u"yes"_s) {
            printLine(err, u"sagadeck act: not confirmed; nothing was sent"_s);
            return ActExitRefused;
        }
        if (!plan.confirmation.needsTyping())
            typed.clear();
    }

    SagaActionRunner runner(ctx);
    SagaActionReport report;
    bool done = false;
    QObject::connect(&runner, &SagaActionRunner::itemFinished, &runner, [out](const SagaActionItemResult &r) {
        printLine(out, u"%1  %2  %3"_s.arg(r.sagaId.toString(QUuid::WithoutBraces), itemStateName(r.state), r.message));
    });
    QObject::connect(&runner, &SagaActionRunner::auditWarning, &runner,
                     [err](const QString &w) { printLine(err, u"sagadeck act: audit: "_s + w); });
    QObject::connect(&runner, &SagaActionRunner::finished, &runner, [&](const SagaActionReport &r) {
        report = r;
        done = true;
    });
    runner.start(plan, typed, act.reason);
    // Bounded by the client's deadlines and the verification wait of every saga.
    const int budgetMs = int(plan.items.size()) * (20000 + ctx.verifyTimeoutMs + 1000) + 10000;
    if (!done && !waitFor(&runner, &SagaActionRunner::finished, budgetMs)) {
        printLine(err, u"sagadeck act: no result within %1 s; outcome unknown — check before retrying"_s.arg(budgetMs / 1000));
        return ActExitUnknown;
    }
    if (!report.refused.isEmpty()) {
        printLine(err, u"sagadeck act: refused: "_s + report.refused);
        return ActExitRefused;
    }
    using S = SagaActionItemResult::State;
    printLine(out, u"%1 done, %2 failed, %3 unknown, %4 not sent"_s.arg(report.count(S::Done))
                   .arg(report.count(S::Failed))
                   .arg(report.count(S::Unknown))
                   .arg(report.count(S::Skipped) + report.count(S::Cancelled)));
    if (report.allDone())
        return ExitOk;
    if (report.count(S::Unknown) > 0)
        return ActExitUnknown;
    return ExitFailure;
}

} // namespace sagadeck
