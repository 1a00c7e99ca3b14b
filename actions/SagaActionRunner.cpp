#include "SagaActionRunner.h"

#include "AuditWriter.h"
#include "FeedHealth.h"
#include "OrchestratorClient.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

using State = SagaActionItemResult::State;

SagaActionRunner::SagaActionRunner(const ActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &SagaActionRunner::pump);
    m_pollTimer.setInterval(m_ctx.verifyPollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &SagaActionRunner::poll);
    if (m_ctx.client)
        connect(m_ctx.client, &OrchestratorClient::answered, this, &SagaActionRunner::onAnswer);
    if (m_ctx.audit) {
        connect(m_ctx.audit, &AuditWriter::appended, this, &SagaActionRunner::onAudit);
        connect(m_ctx.audit, &AuditWriter::warning, this, &SagaActionRunner::auditWarning);
    }
}

bool SagaActionRunner::start(const SagaActionPlan &plan, const QString &typedConfirmation, const QString &reason)
{
    if (m_started)
        return false;   // the second click of a double click: the first one is running
    m_started = true;
    m_plan = plan;
    m_reason = reason.trimmed();
    QString why;
    if (m_ctx.readOnly) {
        refuse(m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile) : m_ctx.readOnlyWhy);
        return false;
    }
    if (!plan.refusal.isEmpty()) {
        refuse(plan.refusal);
        return false;
    }
    const qint64 ageS = plan.preparedAt.isValid() ? plan.preparedAt.secsTo(QDateTime::currentDateTimeUtc()) : -1;
    if (ageS < 0 || ageS > m_ctx.maxPlanAgeS) {
        refuse(u"the preview is %1 old; prepare it again to act on the sagas' current state"_s.arg(
            ageS < 0 ? u"of unknown age"_s : describeAge(ageS * 1000)));
        return false;
    }
    if (!m_ctx.client || !m_ctx.audit) {
        refuse(u"the orchestrator client or the audit log is not running"_s);
        return false;
    }
    if (plan.actionableCount() == 0) {
        refuse(u"none of the selected sagas can be %1: see the preview for why"_s.arg(
            plan.request.verb == SagaActionVerb::Retry ? u"retried"_s : u"compensated"_s));
        return false;
    }
    if (!plan.confirmation.isSatisfiedBy(typedConfirmation, reason, &why)) {
        refuse(u"not confirmed: "_s + why);
        return false;
    }
    if (plan.actionableCount() > 1)
        m_batchId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (const SagaActionItem &p : plan.items) {
        Item item;
        item.plan = p;
        item.result.sagaId = p.id;
        if (!p.found || !p.availability.available) {
            item.stage = Stage::Finished;
            item.result.state = State::Skipped;
            item.result.message = u"not sent: "_s + p.availability.why;
        } else {
            ++m_total;
        }
        m_items.append(item);
    }
    // Skipped items are reported like the others, after the caller's start() returned.
    QTimer::singleShot(0, this, [this] {
        for (const Item &item : std::as_const(m_items))
            if (item.stage == Stage::Finished)
                emit itemFinished(item.result);
        emit progress(0, m_total);
        pump();
    });
    return true;
}

void SagaActionRunner::refuse(const QString &why)
{
    m_finished = true;
    SagaActionReport report;
    report.refused = why;
    QTimer::singleShot(0, this, [this, report] { emit finished(report); });
}

void SagaActionRunner::cancel()
{
    if (!isRunning() || m_cancelled)
        return;
    m_cancelled = true;
    m_sendTimer.stop();
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).stage != Stage::Waiting)
            continue;
        Item &item = m_items[i];
        item.stage = Stage::Finished;
        item.result.state = State::Cancelled;
        item.result.message = u"cancelled before it was sent"_s;
        ++m_done;
        emit itemFinished(item.result);
        emit progress(m_done, m_total);
    }
    finishIfDone();
}

void SagaActionRunner::pump()
{
    if (m_sending || m_cancelled || m_finished)
        return;
    int next = -1;
    for (int i = 0; i < m_items.size() && next < 0; ++i)
        if (m_items.at(i).stage == Stage::Waiting)
            next = i;
    if (next < 0)
        return;
    const qint64 spacing = m_ctx.ratePerSecond > 0 ? qint64(1000.0 / m_ctx.ratePerSecond) : 0;
    if (m_sinceLastSend.isValid() && m_sinceLastSend.elapsed() < spacing) {
        m_sendTimer.start(int(spacing - m_sinceLastSend.elapsed()));
        return;
    }
    writeIntent(next);
}

AuditRecord SagaActionRunner::record(const Item &item, AuditKind kind) const
{
    AuditRecord r;
    r.kind = kind;
    r.actionId = item.result.actionId;
    r.batchId = m_batchId;
    r.at = QDateTime::currentDateTimeUtc();
    r.osUser = currentOsUser();
    r.profile = m_ctx.profile;
    r.identity = m_ctx.requestedBy;
    r.verb = sagaActionVerbName(m_plan.request.verb);
    r.target = {m_ctx.profile, QString(), u"saga"_s, item.plan.id.toString(QUuid::WithoutBraces)};
    r.parameters = {{u"idempotency_key"_s, item.result.actionId.toString()},
                    {u"saga_type"_s, item.plan.saga.type},
                    {u"status_before"_s, item.plan.saga.statusText},
                    {u"attempt_before"_s, item.plan.saga.attempt}};
    if (m_plan.request.verb == SagaActionVerb::Compensate)
        r.parameters.insert(u"steps_to_undo"_s, QJsonArray::fromStringList(item.plan.stepsToUndo));
    r.reason = m_reason;
    if (kind == AuditKind::Outcome) {
        r.result = item.auditResult;
        r.message = item.result.message;
        r.serverRequestId = item.result.serverRequestId;
        r.durationMs = item.clock.elapsed();
    }
    return r;
}

void SagaActionRunner::writeIntent(int index)
{
    Item &item = m_items[index];
    m_sending = true;
    item.stage = Stage::Intent;
    item.result.actionId = ActionId::create();
    item.clock.start();
    const AuditRecord r = record(item, AuditKind::Intent);
    AuditWriter *audit = m_ctx.audit;
    QMetaObject::invokeMethod(audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
}

int SagaActionRunner::indexOf(const ActionId &id) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).result.actionId == id)
            return i;
    return -1;
}

void SagaActionRunner::onAudit(const AuditRecord &record, const QString &error)
{
    const int index = indexOf(record.actionId);
    if (index < 0)
        return;
    Item &item = m_items[index];
    if (record.kind == AuditKind::Intent && item.stage == Stage::Intent) {
        if (!error.isEmpty()) {
            // No audit, no action: the request is never sent.
            item.result.state = State::Failed;
            item.result.message = u"not sent: the intent could not be written to the audit log: "_s + error;
            m_sending = false;
            itemDone(index);
            m_sendTimer.start(0);
            return;
        }
        item.stage = Stage::Sending;
        OrchestratorRequest r;
        r.id = ActionContext::nextRequestId();
        r.kind = m_plan.request.verb == SagaActionVerb::Retry ? OrchestratorRequest::Kind::Retry
                                                              : OrchestratorRequest::Kind::Compensate;
        r.sagaId = item.plan.id.toString(QUuid::WithoutBraces);
        r.idempotencyKey = item.result.actionId.toString();
        r.reason = m_reason;
        r.requestedBy = m_ctx.requestedBy;
        item.result.requestId = r.id;
        m_sinceLastSend.start();
        OrchestratorClient *client = m_ctx.client;
        QMetaObject::invokeMethod(client, [client, r] { client->submit(r); }, Qt::QueuedConnection);
        return;
    }
    if (record.kind == AuditKind::Outcome && item.stage == Stage::Outcome) {
        if (!error.isEmpty()) {
            item.result.message += u" (the outcome could not be written to the audit log: "_s + error + u')';
            emit auditWarning(error);
        }
        itemDone(index);
    }
}

void SagaActionRunner::onAnswer(const OrchestratorAnswer &answer)
{
    for (int i = 0; i < m_items.size(); ++i) {
        const Item &item = m_items.at(i);
        if (item.stage == Stage::Sending && item.result.requestId == answer.request.id)
            return onActionAnswer(i, answer);
        if (item.stage == Stage::Verifying && item.verifyRequest == answer.request.id)
            return onVerifyAnswer(i, answer);
    }
}

void SagaActionRunner::onActionAnswer(int index, const OrchestratorAnswer &answer)
{
    Item &item = m_items[index];
    item.result.httpStatus = answer.httpStatus;
    item.result.serverRequestId = answer.serverRequestId;
    item.result.attempts = answer.attempts;
    m_sending = false;
    m_sendTimer.start(0);   // the next saga may go (pump() keeps the rate)
    switch (answer.outcome) {
    case OrchestratorOutcome::Ok:
        item.stage = Stage::Verifying;
        item.verifyClock.start();
        if (!m_pollTimer.isActive())
            m_pollTimer.start();
        return;
    case OrchestratorOutcome::Rejected:
        return conclude(index, State::Failed, u"failed: HTTP %1: %2"_s.arg(answer.httpStatus).arg(answer.message));
    case OrchestratorOutcome::Failed:
        return conclude(index, State::Failed, u"failed: not sent: "_s + answer.message);
    case OrchestratorOutcome::Unknown:
        return conclude(index, State::Unknown, u"outcome unknown — check the saga before retrying: "_s + answer.message);
    }
}

void SagaActionRunner::poll()
{
    bool any = false;
    for (int i = 0; i < m_items.size(); ++i) {
        Item &item = m_items[i];
        if (item.stage != Stage::Verifying)
            continue;
        any = true;
        if (item.verifyRequest != 0)
            continue;   // the previous read is still out
        if (item.verifyClock.elapsed() > m_ctx.verifyTimeoutMs) {
            conclude(i, State::Unknown,
                     u"outcome unknown — the orchestrator accepted it (HTTP %1) but the saga did not move on "
                     "within %2 s; check it before retrying"_s.arg(item.result.httpStatus).arg(m_ctx.verifyTimeoutMs / 1000));
            continue;
        }
        OrchestratorRequest r;
        r.id = ActionContext::nextRequestId();
        r.kind = OrchestratorRequest::Kind::GetSaga;
        r.sagaId = item.plan.id.toString(QUuid::WithoutBraces);
        item.verifyRequest = r.id;
        OrchestratorClient *client = m_ctx.client;
        QMetaObject::invokeMethod(client, [client, r] { client->submit(r); }, Qt::QueuedConnection);
    }
    if (!any)
        m_pollTimer.stop();
}

void SagaActionRunner::onVerifyAnswer(int index, const OrchestratorAnswer &answer)
{
    Item &item = m_items[index];
    item.verifyRequest = 0;
    if (!answer.ok())
        return;   // read again on the next tick, until the verification deadline
    const SagaRow &before = item.plan.saga;
    const SagaRow &after = answer.saga.saga;
    item.result.after = after;
    if (m_plan.request.verb == SagaActionVerb::Retry) {
        if (after.attempt > before.attempt) {
            const QString again = after.status == SagaStatus::Failed
                ? u" (it failed again: %1)"_s.arg(after.lastError.isEmpty() ? u"no error text"_s : after.lastError)
                : QString();
            conclude(index, State::Done, u"done: attempt %1 → %2, now %3%4"_s.arg(before.attempt)
                                             .arg(after.attempt)
                                             .arg(after.statusText, again));
        }
        return;
    }
    const bool compensating = after.status == SagaStatus::Compensating || after.status == SagaStatus::Compensated;
    bool ranCompensation = false;
    if (item.plan.stepCount >= 0) {
        for (const SagaStep &s : answer.saga.steps)
            ranCompensation |= s.action == u"COMPENSATE"_s && s.seq > item.plan.stepCount;
    }
    if (compensating || ranCompensation)
        conclude(index, State::Done, u"done: %1 → %2"_s.arg(before.statusText, after.statusText));
}

void SagaActionRunner::conclude(int index, State state, const QString &message)
{
    Item &item = m_items[index];
    item.result.state = state;
    item.result.message = message;
    item.result.durationMs = item.clock.elapsed();
    item.auditResult = state == State::Done ? AuditResult::Done
        : state == State::Failed            ? AuditResult::Failed
                                            : AuditResult::Unknown;
    item.stage = Stage::Outcome;
    const AuditRecord r = record(item, AuditKind::Outcome);
    AuditWriter *audit = m_ctx.audit;
    QMetaObject::invokeMethod(audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
}

void SagaActionRunner::itemDone(int index)
{
    Item &item = m_items[index];
    item.stage = Stage::Finished;
    ++m_done;
    emit itemFinished(item.result);
    emit progress(m_done, m_total);
    finishIfDone();
}

void SagaActionRunner::finishIfDone()
{
    if (m_finished)
        return;
    for (const Item &item : std::as_const(m_items))
        if (item.stage != Stage::Finished)
            return;
    m_finished = true;
    m_pollTimer.stop();
    SagaActionReport report;
    report.cancelled = m_cancelled;
    report.batchId = m_batchId;
    for (const Item &item : std::as_const(m_items))
        report.results.append(item.result);
    emit finished(report);
}

} // namespace sagadeck
