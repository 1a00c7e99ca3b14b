#include "DeploymentActionRunner.h"

#include "AuditWriter.h"
#include "KubeClient.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

using State = DeploymentActionResult::State;

namespace {

// KubeClient appends this to a mutation's message when the request may have reached the
// server but no answer came back; a request refused before it left (read-only, credentials)
// has no such suffix. Only the former is worth a retry.
bool lostAnswer(const KubeResult &r)
{
    return !r.answered && r.message.contains(u"the outcome is unknown"_s);
}

} // namespace

DeploymentActionRunner::DeploymentActionRunner(const DeploymentActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &DeploymentActionRunner::send);
    m_pollTimer.setInterval(m_ctx.verifyPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &DeploymentActionRunner::poll);
    if (m_ctx.client) {
        connect(m_ctx.client, &KubeClient::targetChanged, this, &DeploymentActionRunner::onTarget);
        connect(m_ctx.client, &KubeClient::resultReady, this, &DeploymentActionRunner::onResult);
    }
    if (m_ctx.audit) {
        connect(m_ctx.audit, &AuditWriter::appended, this, &DeploymentActionRunner::onAudit);
        connect(m_ctx.audit, &AuditWriter::warning, this, &DeploymentActionRunner::auditWarning);
    }
}

void DeploymentActionRunner::onTarget(const KubeTarget &target)
{
    m_ctx.target = target;
}

bool DeploymentActionRunner::start(const DeploymentActionPlan &plan, const QString &typedConfirmation,
                                   const QString &reason)
{
    if (m_started)
        return false;   // the second click of a double click: the first one is running
    m_started = true;
    m_plan = plan;
    m_reason = reason.trimmed();
    m_result.request = plan.request;
    QString why;
    if (m_ctx.readOnly) {
        refuse(m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile) : m_ctx.readOnlyWhy);
        return false;
    }
    if (!plan.refusal.isEmpty()) {
        refuse(plan.refusal);
        return false;
    }
    if (!plan.noOp.isEmpty()) {
        refuse(plan.noOp);
        return false;
    }
    if (!plan.found) {
        refuse(u"the deployment was not read: prepare the plan first"_s);
        return false;
    }
    if (!m_ctx.client || !m_ctx.audit) {
        refuse(u"the Kubernetes client or the audit log is not running"_s);
        return false;
    }
    if (!plan.confirmation.isSatisfiedBy(typedConfirmation, reason, &why)) {
        refuse(u"not confirmed: "_s + why);
        return false;
    }
    // One intent: one ActionId and (restart) one restartedAt, reused by every retry.
    m_result.actionId = ActionId::create();
    if (plan.request.verb == DeploymentActionVerb::Restart)
        m_result.restartedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    m_clock.start();
    m_stage = Stage::Intent;
    const AuditRecord r = record(AuditKind::Intent);
    AuditWriter *audit = m_ctx.audit;
    QMetaObject::invokeMethod(audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
    QTimer::singleShot(0, this, [this] { emit progress(u"writing the intent to the audit log"_s); });
    return true;
}

void DeploymentActionRunner::refuse(const QString &why)
{
    m_finished = true;
    m_stage = Stage::Finished;
    m_result.state = State::Refused;
    m_result.message = u"refused: "_s + why;
    QTimer::singleShot(0, this, [this, r = m_result] { emit finished(r); });
}

AuditRecord DeploymentActionRunner::record(AuditKind kind) const
{
    AuditRecord r;
    r.kind = kind;
    r.actionId = m_result.actionId;
    r.at = QDateTime::currentDateTimeUtc();
    r.osUser = currentOsUser();
    r.profile = m_ctx.profile;
    r.identity = m_ctx.target.userName.isEmpty() ? m_plan.user : m_ctx.target.userName;
    r.verb = deploymentActionVerbName(m_plan.request.verb);
    r.target = {m_ctx.profile, m_plan.ns, u"deployment"_s, m_plan.request.name};
    QJsonObject p{{u"context"_s, m_plan.context},
                  {u"cluster"_s, m_plan.cluster},
                  {u"server"_s, m_plan.server},
                  {u"insecure_tls"_s, m_plan.insecureTls},
                  {u"production"_s, m_plan.production},
                  {u"replicas_before"_s, m_plan.before.desiredReplicas},
                  {u"generation_before"_s, m_plan.before.generation}};
    if (m_plan.request.verb == DeploymentActionVerb::Restart) {
        p.insert(u"restartedAt"_s, m_result.restartedAt);
        if (m_plan.before.restartedAt.isValid())
            p.insert(u"restartedAt_before"_s, m_plan.before.restartedAt.toString(Qt::ISODate));
    } else {
        p.insert(u"replicas"_s, m_plan.request.replicas);
        if (m_plan.request.expectedReplicas >= 0)
            p.insert(u"expected_replicas"_s, m_plan.request.expectedReplicas);
    }
    r.reason = m_reason;
    if (kind == AuditKind::Outcome) {
        p.insert(u"attempts"_s, m_result.attempts);
        p.insert(u"http_status"_s, m_result.httpStatus);
        if (m_result.after) {
            p.insert(u"generation_after"_s, m_result.after->generation);
            p.insert(u"replicas_after"_s, m_result.after->desiredReplicas);
        }
        r.result = m_auditResult;
        r.message = m_result.message;
        r.serverRequestId = m_result.auditId;
        r.durationMs = m_clock.elapsed();
    }
    r.parameters = p;
    return r;
}

void DeploymentActionRunner::onAudit(const AuditRecord &record, const QString &error)
{
    if (record.actionId != m_result.actionId || m_result.actionId.isNull())
        return;
    if (record.kind == AuditKind::Intent && m_stage == Stage::Intent) {
        if (!error.isEmpty()) {
            // No audit, no action: the request is never sent (and there is no outcome to write).
            m_stage = Stage::Finished;
            m_finished = true;
            m_result.state = State::Failed;
            m_result.message = u"failed: not sent: the intent could not be written to the audit log: "_s + error;
            m_result.durationMs = m_clock.elapsed();
            emit finished(m_result);
            return;
        }
        send();
        return;
    }
    if (record.kind == AuditKind::Outcome && m_stage == Stage::Outcome) {
        if (!error.isEmpty()) {
            m_result.message += u" (the outcome could not be written to the audit log: "_s + error + u')';
            emit auditWarning(error);
        }
        m_stage = Stage::Finished;
        m_finished = true;
        m_result.durationMs = m_clock.elapsed();
        emit finished(m_result);
    }
}

void DeploymentActionRunner::send()
{
    m_stage = Stage::Sending;
    ++m_result.attempts;
    // A fresh request id per attempt, so a late answer to an abandoned attempt is not mixed up.
    m_requestId = u"%1#%2"_s.arg(m_result.actionId.toString()).arg(m_result.attempts);
    emit progress(u"sending %1 (attempt %2 of %3)"_s.arg(m_plan.summary()).arg(m_result.attempts).arg(m_ctx.maxAttempts));
    KubeClient *client = m_ctx.client;
    const DeploymentActionRequest req = m_plan.request;
    const QString id = m_requestId;
    if (req.verb == DeploymentActionVerb::Restart) {
        QMetaObject::invokeMethod(client, [client, id, req, at = m_result.restartedAt] {
            client->restart(id, req.name, at);
        }, Qt::QueuedConnection);
    } else {
        QMetaObject::invokeMethod(client, [client, id, req] {
            client->scale(id, req.name, req.replicas, req.expectedReplicas);
        }, Qt::QueuedConnection);
    }
}

void DeploymentActionRunner::onResult(const KubeResult &result)
{
    if (m_requestId.isEmpty() || result.requestId != m_requestId)
        return;
    m_requestId.clear();
    if (m_stage == Stage::Sending)
        onActionResult(result);
    else if (m_stage == Stage::Verifying)
        onVerifyResult(result);
}

void DeploymentActionRunner::onActionResult(const KubeResult &result)
{
    m_result.httpStatus = result.httpStatus;
    if (!result.auditId.isEmpty())
        m_result.auditId = result.auditId;
    const bool scale = m_plan.request.verb == DeploymentActionVerb::Scale;
    // A retried precondition scale whose first attempt did land: the count is already ours.
    const bool landedBefore = scale && m_maybeSent && result.reason == u"PreconditionFailed"_s
        && result.replicas == m_plan.request.replicas;
    if (result.ok || landedBefore) {
        m_generationAfter = result.generation;
        m_stage = Stage::Verifying;
        m_verifyClock.start();
        m_pollTimer.start();
        poll();
        return;
    }
    if (lostAnswer(result)) {
        m_maybeSent = true;
        if (m_result.attempts < m_ctx.maxAttempts) {
            const int delay = m_ctx.retryBaseMs << (m_result.attempts - 1);
            m_stage = Stage::Backoff;
            emit progress(u"no answer (%1); retrying the same intent in %2 ms"_s.arg(result.message).arg(delay));
            m_retryTimer.start(delay);
            return;
        }
        return conclude(State::Unknown, u"outcome unknown — check before retrying: no answer after %1 attempts: %2"_s
                                            .arg(m_result.attempts)
                                            .arg(result.message));
    }
    if (!result.answered) {
        // Refused before it left the process this time; an earlier attempt may still have landed.
        if (m_maybeSent)
            return conclude(State::Unknown, u"outcome unknown — check before retrying: an earlier attempt got no "
                                            "answer and the retry was not sent: "_s + result.message);
        return conclude(State::Failed, u"failed: not sent: "_s + result.message);
    }
    QString why = result.message;
    if (result.httpStatus != 0 && result.reason != u"PreconditionFailed"_s)
        why = u"HTTP %1: %2"_s.arg(result.httpStatus).arg(result.message);
    conclude(State::Failed, u"failed: "_s + why);
}

bool DeploymentActionRunner::effectVisible(const DeploymentInfo &d, QString *note) const
{
    const DeploymentInfo &before = m_plan.before;
    const bool observed = d.observedGeneration >= d.generation;
    if (m_plan.request.verb == DeploymentActionVerb::Restart) {
        const QDateTime ours = QDateTime::fromString(m_result.restartedAt, Qt::ISODate);
        if (d.restartedAt != ours) {
            *note = u"restartedAt is %1, not ours (%2)"_s.arg(
                d.restartedAt.isValid() ? d.restartedAt.toString(Qt::ISODate) : u"unset"_s, m_result.restartedAt);
            return false;
        }
        if (d.generation <= before.generation) {
            *note = u"generation still %1"_s.arg(d.generation);
            return false;
        }
        if (!observed) {
            *note = u"generation %1 → %2, the controller has not started the rollout yet (observed %3)"_s
                        .arg(before.generation)
                        .arg(d.generation)
                        .arg(d.observedGeneration);
            return false;
        }
        *note = u"restartedAt %1, generation %2 → %3, new rollout started (%4 of %5 updated, %6 ready)"_s
                    .arg(m_result.restartedAt)
                    .arg(before.generation)
                    .arg(d.generation)
                    .arg(d.updatedReplicas)
                    .arg(d.desiredReplicas)
                    .arg(d.readyReplicas);
        return true;
    }
    const int n = m_plan.request.replicas;
    if (d.desiredReplicas != n) {
        *note = u"spec.replicas is %1, not %2"_s.arg(d.desiredReplicas).arg(n);
        return false;
    }
    if (!observed || d.readyReplicas != n) {
        *note = u"spec.replicas is %1; %2 ready so far"_s.arg(n).arg(d.readyReplicas);
        return false;
    }
    *note = u"replicas %1 → %2, %3 ready"_s.arg(before.desiredReplicas).arg(n).arg(d.readyReplicas);
    return true;
}

void DeploymentActionRunner::poll()
{
    if (m_stage != Stage::Verifying) {
        m_pollTimer.stop();
        return;
    }
    if (!m_requestId.isEmpty())
        return;   // the previous read is still out
    if (m_verifyClock.elapsed() > m_ctx.verifyTimeoutMs) {
        m_pollTimer.stop();
        const int s = m_ctx.verifyTimeoutMs / 1000;
        // Scale: the spec took (that is what was asked) but the pods did not all follow in time.
        if (m_plan.request.verb == DeploymentActionVerb::Scale && m_result.after
            && m_result.after->desiredReplicas == m_plan.request.replicas)
            return conclude(State::Done, u"done: replicas %1 → %2 (spec); only %3 ready after %4 s"_s
                                             .arg(m_plan.before.desiredReplicas)
                                             .arg(m_plan.request.replicas)
                                             .arg(m_result.after->readyReplicas)
                                             .arg(s));
        return conclude(State::Unknown, u"outcome unknown — the API server accepted it (HTTP %1) but the effect "
                                        "did not show within %2 s (%3); check before retrying"_s
                                            .arg(m_result.httpStatus)
                                            .arg(s)
                                            .arg(m_lastNote.isEmpty() ? u"the deployment could not be read"_s : m_lastNote));
    }
    m_requestId = u"%1#verify"_s.arg(m_result.actionId.toString());
    KubeClient *client = m_ctx.client;
    QMetaObject::invokeMethod(client, [client, id = m_requestId, name = m_plan.request.name] {
        client->getDeployment(id, name);
    }, Qt::QueuedConnection);
}

void DeploymentActionRunner::onVerifyResult(const KubeResult &result)
{
    if (!result.ok || !result.hasDeployment) {
        m_lastNote = u"reading it back failed: "_s + result.message;
        return;   // read again on the next tick, until the verification deadline
    }
    m_result.after = result.deployment;
    QString note;
    if (effectVisible(result.deployment, &note)) {
        m_pollTimer.stop();
        return conclude(State::Done, u"done: "_s + note);
    }
    if (note != m_lastNote)
        emit progress(u"verifying: "_s + note);
    m_lastNote = note;
}

void DeploymentActionRunner::conclude(State state, const QString &message)
{
    m_pollTimer.stop();
    m_retryTimer.stop();
    m_result.state = state;
    m_result.message = message;
    m_auditResult = state == State::Done ? AuditResult::Done
        : state == State::Failed         ? AuditResult::Failed
                                         : AuditResult::Unknown;
    m_stage = Stage::Outcome;
    emit progress(u"writing the outcome to the audit log"_s);
    const AuditRecord r = record(AuditKind::Outcome);
    AuditWriter *audit = m_ctx.audit;
    QMetaObject::invokeMethod(audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
}

} // namespace sagadeck
