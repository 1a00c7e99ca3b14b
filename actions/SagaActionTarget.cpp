#include "SagaActionTarget.h"

#include "ActionContext.h"
#include "AuditRecord.h"
#include "OrchestratorClient.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaActionTarget::SagaActionTarget(const SagaActionPlan &plan, OrchestratorClient *client, const QString &requestedBy,
                                   const QString &reason, QObject *parent)
    : ActionTarget(parent)
    , m_plan(plan)
    , m_client(client)
    , m_requestedBy(requestedBy)
    , m_reason(reason.trimmed())
{
    if (m_client)
        connect(m_client, &OrchestratorClient::answered, this, &SagaActionTarget::onAnswer);
}

PipelinePlan SagaActionTarget::plan() const
{
    PipelinePlan p;
    p.verb = sagaActionVerbName(m_plan.request.verb);
    p.refusal = m_plan.refusal;
    p.preparedAt = m_plan.preparedAt;
    p.confirmation = m_plan.confirmation;
    for (const SagaActionItem &item : m_plan.items) {
        PipelineItem pi;
        pi.target = item.id.toString(QUuid::WithoutBraces);
        if (!item.found || !item.availability.available)
            pi.skipped = item.availability.why.isEmpty() ? u"the orchestrator does not know it"_s
                                                         : item.availability.why;
        p.items.append(pi);
    }
    return p;
}

QString SagaActionTarget::unavailable() const
{
    return m_client ? QString() : u"the orchestrator client is not running"_s;
}

void SagaActionTarget::describe(int index, AuditRecord *r) const
{
    const SagaActionItem &item = m_plan.items.at(index);
    r->identity = m_requestedBy;
    r->target = {r->profile, QString(), SagaActionPlan::kSagaTargetKind, item.id.toString(QUuid::WithoutBraces)};
    r->parameters = {{u"idempotency_key"_s, r->actionId.toString()},
                     {u"saga_type"_s, item.saga.type},
                     {u"status_before"_s, item.saga.statusText},
                     {u"attempt_before"_s, item.saga.attempt}};
    if (m_plan.request.verb == SagaActionVerb::Compensate)
        r->parameters.insert(u"steps_to_undo"_s, QJsonArray::fromStringList(item.stepsToUndo));
}

void SagaActionTarget::send(int index, const ActionId &id, int, bool)
{
    OrchestratorRequest r;
    r.id = ActionContext::nextRequestId();
    r.kind = m_plan.request.verb == SagaActionVerb::Retry ? OrchestratorRequest::Kind::Retry
                                                          : OrchestratorRequest::Kind::Compensate;
    r.sagaId = m_plan.items.at(index).id.toString(QUuid::WithoutBraces);
    r.idempotencyKey = id.toString();
    r.reason = m_reason;
    r.requestedBy = m_requestedBy;
    m_pending.insert(r.id, {index, false});
    OrchestratorClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, r] { client->submit(r); }, Qt::QueuedConnection);
}

void SagaActionTarget::readBack(int index)
{
    OrchestratorRequest r;
    r.id = ActionContext::nextRequestId();
    r.kind = OrchestratorRequest::Kind::GetSaga;
    r.sagaId = m_plan.items.at(index).id.toString(QUuid::WithoutBraces);
    m_pending.insert(r.id, {index, true});
    OrchestratorClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, r] { client->submit(r); }, Qt::QueuedConnection);
}

void SagaActionTarget::onAnswer(const OrchestratorAnswer &answer)
{
    const auto it = m_pending.find(answer.request.id);
    if (it == m_pending.end())
        return;
    const Pending p = *it;
    m_pending.erase(it);
    if (p.read)
        emit read(p.index, reading(p.index, answer));
    else
        emit sent(p.index, answer.outcome);
}

EffectReading SagaActionTarget::reading(int index, const OrchestratorAnswer &answer) const
{
    if (!answer.outcome.done())
        return {EffectReading::State::Unreadable, u"reading the saga back failed: "_s + answer.outcome.reason};
    const SagaActionItem &item = m_plan.items.at(index);
    const SagaRow &before = item.saga;
    const SagaRow &after = answer.saga.saga;
    if (m_plan.request.verb == SagaActionVerb::Retry) {
        if (after.attempt <= before.attempt)
            return {EffectReading::State::NotYet, u"still attempt %1, %2"_s.arg(after.attempt).arg(after.statusText)};
        const QString again = after.status == SagaStatus::Failed
            ? u" (it failed again: %1)"_s.arg(after.lastError.isEmpty() ? u"no error text"_s : after.lastError)
            : QString();
        return {EffectReading::State::Shown,
                u"attempt %1 → %2, now %3%4"_s.arg(before.attempt).arg(after.attempt).arg(after.statusText, again)};
    }
    const bool compensating = after.status == SagaStatus::Compensating || after.status == SagaStatus::Compensated;
    bool ranCompensation = false;
    if (item.stepCount >= 0)
        for (const SagaStep &s : answer.saga.steps)
            ranCompensation |= s.action == u"COMPENSATE"_s && s.seq > item.stepCount;
    if (compensating || ranCompensation)
        return {EffectReading::State::Shown, u"%1 → %2"_s.arg(before.statusText, after.statusText)};
    return {EffectReading::State::NotYet, u"still %1"_s.arg(after.statusText)};
}

} // namespace sagadeck
