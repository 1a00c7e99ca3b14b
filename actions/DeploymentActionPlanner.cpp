#include "DeploymentActionPlanner.h"

#include "DeploymentActionRules.h"
#include "KafkaAdminClient.h"
#include "KafkaCapacity.h"
#include "KubeClient.h"

#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

DeploymentActionPlanner::DeploymentActionPlanner(const ActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    if (m_ctx.kube) {
        connect(m_ctx.kube, &KubeClient::targetChanged, this, &DeploymentActionPlanner::onTarget);
        connect(m_ctx.kube, &KubeClient::resultReady, this, &DeploymentActionPlanner::onResult);
        connect(m_ctx.kube, &KubeClient::rolloutRead, this, &DeploymentActionPlanner::onHistory);
        connect(m_ctx.kube, &KubeClient::autoscalersRead, this, &DeploymentActionPlanner::onAutoscalers);
    }
    if (m_ctx.kafkaAdmin)
        connect(m_ctx.kafkaAdmin, &KafkaAdminClient::groupRead, this, &DeploymentActionPlanner::onKafkaRead);
}

void DeploymentActionPlanner::onTarget(const KubeTarget &target)
{
    m_ctx.kubeContext = target.info();
}

void DeploymentActionPlanner::fillTarget()
{
    const KubeContextInfo &t = m_ctx.kubeContext;
    m_plan.ns = t.ns.isEmpty() ? m_ctx.ns : t.ns;
    m_plan.context = t.context;
    m_plan.cluster = t.cluster;
    m_plan.user = t.user;
    m_plan.server = t.server;
    m_plan.insecureTls = t.insecureSkipTlsVerify;
}

void DeploymentActionPlanner::prepare(const DeploymentActionRequest &request)
{
    m_pendingId.clear(); // an answer to an older prepare() is dropped
    m_plan = DeploymentActionPlan{};
    m_plan.request = request;
    m_plan.profile = m_ctx.profile;
    m_plan.production = m_ctx.production;
    m_plan.preparedAt = QDateTime::currentDateTimeUtc();
    fillTarget();
    QString refusal;
    if (!m_ctx.kubernetesDisabled.isEmpty())
        refusal = m_ctx.kubernetesDisabled;
    else if (m_ctx.readOnly)
        refusal = m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile) : m_ctx.readOnlyWhy;
    else if (!m_ctx.kube)
        refusal = u"the Kubernetes client is not running"_s;
    else
        refusal = DeploymentActionRules::checkRequest(request);
    if (!refusal.isEmpty()) {
        m_plan.refusal = refusal;
        QTimer::singleShot(0, this, [this, plan = m_plan] { emit planReady(plan); });
        return;
    }
    m_pendingId = u"plan-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    KubeClient *client = m_ctx.kube;
    if (request.verb == DeploymentActionVerb::Rollback)
        QMetaObject::invokeMethod(
            client, [client, id = m_pendingId, name = request.name] { client->readRollout(id, name); },
            Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(
            client, [client, id = m_pendingId, name = request.name] { client->getDeployment(id, name); },
            Qt::QueuedConnection);
}

void DeploymentActionPlanner::onResult(const KubeResult &result)
{
    if (m_pendingId.isEmpty() || result.requestId != m_pendingId)
        return;
    m_pendingId.clear();
    fillTarget(); // targetChanged() arrives before the first answer
    if (!result.outcome.done()) {
        m_plan.refusal = result.httpStatus == 404
            ? u"deployment %1 does not exist in namespace %2"_s.arg(m_plan.request.name, m_plan.ns)
            : u"could not read deployment %1: %2"_s.arg(m_plan.request.name, result.message);
        return finish();
    }
    m_plan.found = true;
    m_plan.before = result.deployment;
    m_plan.refusal = DeploymentActionRules::checkAgainst(m_plan.request, m_plan.before, &m_plan.noOp);
    m_plan.confirmation = DeploymentActionRules::confirmationFor(m_plan.request, m_plan.before.desiredReplicas,
                                                                 m_plan.production);
    if (m_plan.request.verb != DeploymentActionVerb::Scale || !m_plan.isActionable())
        return finish();
    // A scale an autoscaler will undo is worth saying before it is sent.
    m_pendingId = u"plan-hpa-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    KubeClient *client = m_ctx.kube;
    QMetaObject::invokeMethod(
        client, [client, id = m_pendingId] { client->readAutoscalers(id); }, Qt::QueuedConnection);
}

void DeploymentActionPlanner::onAutoscalers(const QString &requestId, const AutoscalerList &autoscalers,
                                            const QString &error)
{
    if (m_pendingId.isEmpty() || requestId != m_pendingId)
        return;
    m_pendingId.clear();
    if (!error.isEmpty())
        m_plan.autoscalerWarning = u"could not tell whether an autoscaler manages it: "_s + error;
    for (const AutoscalerInfo &a : autoscalers)
        if (a.scales(m_plan.request.name))
            m_plan.autoscalerWarning = a.overrideWarning(m_plan.request.replicas);
    checkKafkaCapacity();
}

void DeploymentActionPlanner::checkKafkaCapacity()
{
    if (!m_ctx.kafkaAdmin || m_ctx.kafkaSagaTopic.isEmpty() || m_plan.request.replicas <= 0)
        return finish();
    m_pendingId = u"plan-kafka-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    KafkaAdminClient *client = m_ctx.kafkaAdmin;
    QMetaObject::invokeMethod(
        client,
        [client, id = m_pendingId, group = m_ctx.groupOfDeployment(m_plan.request.name), topic = m_ctx.kafkaSagaTopic] {
            client->readGroup(id, group, topic, -1);
        },
        Qt::QueuedConnection);
}

void DeploymentActionPlanner::onKafkaRead(const KafkaGroupRead &read)
{
    if (m_pendingId.isEmpty() || read.requestId != m_pendingId)
        return;
    m_pendingId.clear();
    // Of the partitions the group's members are assigned, the topic's count decides how many
    // consumers can have one. A read that failed is said, not guessed.
    if (!read.error.isEmpty())
        m_plan.kafkaCapacityWarning = u"could not tell whether %1's consumer group %2 has partitions for %3 "
                                      u"consumers: %4"_s.arg(m_plan.request.name, read.group)
                                          .arg(m_plan.request.replicas)
                                          .arg(read.error);
    else if (read.topicExists)
        m_plan.kafkaCapacityWarning = scaleCapacityWarning(m_plan.request.name, read.group, read.topic,
                                                           read.topicPartitions, m_plan.request.replicas);
    finish();
}

void DeploymentActionPlanner::onHistory(const RolloutHistory &history)
{
    if (m_pendingId.isEmpty() || history.requestId != m_pendingId)
        return;
    m_pendingId.clear();
    fillTarget();
    if (!history.error.isEmpty()) {
        m_plan.refusal = u"could not read deployment %1 and its revisions: %2"_s.arg(m_plan.request.name,
                                                                                     history.error);
        return finish();
    }
    m_plan.found = true;
    m_plan.before = history.deployment;
    m_plan.history = history;
    m_plan.refusal = DeploymentActionRules::chooseRevision(m_plan.request, history, &m_plan.target, &m_plan.noOp);
    if (m_plan.target.revision > 0)
        m_plan.diff = templateDiff(history.templateJson, m_plan.target.templateJson);
    m_plan.confirmation = DeploymentActionRules::confirmationFor(m_plan.request, m_plan.before.desiredReplicas,
                                                                 m_plan.production);
    finish();
}

void DeploymentActionPlanner::finish()
{
    emit planReady(m_plan);
}

} // namespace sagadeck
