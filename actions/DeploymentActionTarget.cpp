#include "DeploymentActionTarget.h"

#include "AuditRecord.h"
#include "KubeClient.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sagadeck {

DeploymentActionTarget::DeploymentActionTarget(const DeploymentActionPlan &plan, KubeClient *client,
                                               const QString &identity, QObject *parent)
    : ActionTarget(parent)
    , m_plan(plan)
    , m_client(client)
    , m_identity(identity.isEmpty() ? plan.user : identity)
{
    if (plan.request.verb == DeploymentActionVerb::Restart)
        m_restartedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    if (m_client)
        connect(m_client, &KubeClient::resultReady, this, &DeploymentActionTarget::onResult);
}

PipelinePlan DeploymentActionTarget::plan() const
{
    PipelinePlan p;
    p.verb = deploymentActionVerbName(m_plan.request.verb);
    p.refusal = !m_plan.refusal.isEmpty() ? m_plan.refusal
        : !m_plan.noOp.isEmpty()          ? m_plan.noOp
        : !m_plan.found                   ? u"the deployment was not read: prepare the plan first"_s
                                          : QString();
    p.preparedAt = m_plan.preparedAt;
    p.confirmation = m_plan.confirmation;
    p.items.append({m_plan.request.name, QString()});
    return p;
}

QString DeploymentActionTarget::unavailable() const
{
    return m_client ? QString() : u"the Kubernetes client is not running"_s;
}

void DeploymentActionTarget::describe(int, AuditRecord *r) const
{
    r->identity = m_identity;
    const ActionTargets t = m_plan.targets();
    r->target = {r->profile, t.ns, t.kind, t.names.first()};
    QJsonObject p{{u"context"_s, m_plan.context},
                  {u"cluster"_s, m_plan.cluster},
                  {u"server"_s, m_plan.server},
                  {u"insecure_tls"_s, m_plan.insecureTls},
                  {u"production"_s, m_plan.production},
                  {u"replicas_before"_s, m_plan.before.desiredReplicas},
                  {u"generation_before"_s, m_plan.before.generation}};
    if (m_plan.request.verb == DeploymentActionVerb::Rollback) {
        p.insert(u"revision_before"_s, m_plan.before.revision);
        p.insert(u"images_before"_s, QJsonArray::fromStringList(m_plan.before.images));
        p.insert(u"to_revision"_s, m_plan.target.revision);
        p.insert(u"images"_s, QJsonArray::fromStringList(m_plan.target.images));
        p.insert(u"replica_set"_s, m_plan.target.replicaSet);
    } else if (m_plan.request.verb == DeploymentActionVerb::Restart) {
        p.insert(u"restartedAt"_s, m_restartedAt);
        if (m_plan.before.restartedAt.isValid())
            p.insert(u"restartedAt_before"_s, m_plan.before.restartedAt.toString(Qt::ISODate));
    } else {
        p.insert(u"replicas"_s, m_plan.request.replicas);
        if (m_plan.request.expectedReplicas >= 0)
            p.insert(u"expected_replicas"_s, m_plan.request.expectedReplicas);
    }
    r->parameters = p;
}

void DeploymentActionTarget::send(int, const ActionId &id, int attempt, bool earlierMayHaveLanded)
{
    // A request id per attempt, so a late answer to an abandoned attempt is not mixed up.
    const QString requestId = u"%1#%2"_s.arg(id.toString()).arg(attempt);
    m_pending.insert(requestId, {false, earlierMayHaveLanded});
    KubeClient *client = m_client;
    const DeploymentActionRequest req = m_plan.request;
    if (req.verb == DeploymentActionVerb::Rollback)
        QMetaObject::invokeMethod(
            client,
            [client, requestId, name = req.name, target = m_plan.target, before = m_plan.before] {
                client->rollback(requestId, name, target, before);
            },
            Qt::QueuedConnection);
    else if (req.verb == DeploymentActionVerb::Restart)
        QMetaObject::invokeMethod(
            client, [client, requestId, req, at = m_restartedAt] { client->restart(requestId, req.name, at); },
            Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(
            client,
            [client, requestId, req] { client->scale(requestId, req.name, req.replicas, req.expectedReplicas); },
            Qt::QueuedConnection);
}

void DeploymentActionTarget::readBack(int)
{
    const QString requestId = u"%1#read%2"_s.arg(m_plan.request.name).arg(++m_reads);
    m_pending.insert(requestId, {true, false});
    KubeClient *client = m_client;
    QMetaObject::invokeMethod(
        client, [client, requestId, name = m_plan.request.name] { client->getDeployment(requestId, name); },
        Qt::QueuedConnection);
}

void DeploymentActionTarget::onResult(const KubeResult &result)
{
    const auto it = m_pending.find(result.requestId);
    if (it == m_pending.end())
        return;
    const Pending p = *it;
    m_pending.erase(it);
    if (p.read)
        emit read(0, reading(result));
    else
        emit sent(0, sendOutcome(result, p.earlierMayHaveLanded));
}

RequestOutcome DeploymentActionTarget::sendOutcome(const KubeResult &result, bool earlierMayHaveLanded) const
{
    // A repeated precondition scale whose earlier attempt did land: the count is already ours,
    // so the precondition (the old count) fails now. That is the effect asked for.
    const bool landedBefore = m_plan.request.verb == DeploymentActionVerb::Scale && earlierMayHaveLanded
        && result.reason == u"PreconditionFailed"_s && result.replicas == m_plan.request.replicas;
    if (landedBefore)
        return RequestOutcome::accepted(result.httpStatus, result.auditId);
    // A repeated rollback whose earlier attempt landed finds a new generation: its test fails.
    // Whether the template is ours is for the read-back to say, not this refusal.
    if (m_plan.request.verb == DeploymentActionVerb::Rollback && earlierMayHaveLanded && result.reason == u"Conflict"_s)
        return RequestOutcome::accepted(result.httpStatus, result.auditId);
    RequestOutcome outcome = result.outcome;
    if (!result.auditId.isEmpty())
        outcome.serverRequestId = result.auditId;
    return outcome;
}

EffectReading DeploymentActionTarget::reading(const KubeResult &result) const
{
    if (!result.outcome.done() || !result.hasDeployment)
        return {EffectReading::State::Unreadable, u"reading it back failed: "_s + result.message};
    const DeploymentInfo &d = result.deployment;
    const DeploymentInfo &before = m_plan.before;
    const bool observed = d.observedGeneration >= d.generation;
    using S = EffectReading::State;
    if (m_plan.request.verb == DeploymentActionVerb::Restart) {
        const QDateTime ours = QDateTime::fromString(m_restartedAt, Qt::ISODate);
        if (d.restartedAt != ours)
            return {S::NotYet,
                    u"restartedAt is %1, not ours (%2)"_s.arg(
                        d.restartedAt.isValid() ? d.restartedAt.toString(Qt::ISODate) : u"unset"_s, m_restartedAt)};
        if (d.generation <= before.generation)
            return {S::NotYet, u"generation still %1"_s.arg(d.generation)};
        if (!observed)
            return {S::NotYet,
                    u"generation %1 → %2, the controller has not started the rollout yet (observed %3)"_s
                        .arg(before.generation)
                        .arg(d.generation)
                        .arg(d.observedGeneration)};
        return {
            S::Shown,
            u"restartedAt %1, generation %2 → %3, new rollout started (%4 of %5 updated, %6 ready)"_s.arg(m_restartedAt)
                .arg(before.generation)
                .arg(d.generation)
                .arg(d.updatedReplicas)
                .arg(d.desiredReplicas)
                .arg(d.readyReplicas)};
    }
    if (m_plan.request.verb == DeploymentActionVerb::Rollback) {
        const QString images = m_plan.target.images.join(u", "_s);
        if (d.images != m_plan.target.images || d.generation <= before.generation)
            return {S::NotYet,
                    u"the template still runs %1 (generation %2)"_s.arg(d.images.join(u", "_s)).arg(d.generation)};
        if (!observed || !d.rolledOut())
            return {S::Partial,
                    u"template back to revision %1 (%2), generation %3 → %4; rolling out: %5 of %6 "
                    u"updated, %7 ready"_s.arg(m_plan.target.revision)
                        .arg(images)
                        .arg(before.generation)
                        .arg(d.generation)
                        .arg(d.updatedReplicas)
                        .arg(d.desiredReplicas)
                        .arg(d.readyReplicas)};
        return {S::Shown,
                u"rolled back to %1 (now revision %2), generation %3 → %4, rollout complete: %5 of %6 "
                u"ready"_s.arg(images)
                    .arg(d.revision)
                    .arg(before.generation)
                    .arg(d.generation)
                    .arg(d.readyReplicas)
                    .arg(d.desiredReplicas)};
    }
    const int n = m_plan.request.replicas;
    if (d.desiredReplicas != n)
        return {S::NotYet, u"spec.replicas is %1, not %2"_s.arg(d.desiredReplicas).arg(n)};
    if (!observed || d.readyReplicas != n)
        return {S::Partial,
                u"replicas %1 → %2 (spec); %3 ready so far"_s.arg(before.desiredReplicas).arg(n).arg(d.readyReplicas)};
    return {S::Shown, u"replicas %1 → %2, %3 ready"_s.arg(before.desiredReplicas).arg(n).arg(d.readyReplicas)};
}

} // namespace sagadeck
