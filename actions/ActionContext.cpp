#include "ActionContext.h"

#include "ActionTracker.h"
#include "BackendActionTarget.h"
#include "DeploymentActionTarget.h"
#include "KafkaActionTarget.h"
#include "SagaActionTarget.h"

namespace sagadeck {

namespace {

ActionPipeline *adopted(ActionPipeline *pipeline, ActionTracker *tracker)
{
    if (tracker)
        tracker->adopt(pipeline);
    return pipeline;
}

} // namespace

ActionPipeline *ActionContext::sagaPipeline(const SagaActionPlan &plan, const QString &reason, QObject *parent) const
{
    auto *target = new SagaActionTarget(plan, orchestrator, requestedBy, reason);
    return adopted(new ActionPipeline(pipeline(sagaTuning), target, parent), tracker);
}

ActionPipeline *ActionContext::deploymentPipeline(const DeploymentActionPlan &plan, QObject *parent) const
{
    auto *target = new DeploymentActionTarget(plan, kube, kubeContext.user);
    return adopted(new ActionPipeline(pipeline(deploymentTuning), target, parent), tracker);
}

ActionPipeline *ActionContext::kafkaPipeline(const KafkaActionPlan &plan, QObject *parent) const
{
    auto *target = new KafkaActionTarget(plan, kafkaAdmin);
    return adopted(new ActionPipeline(pipeline(kafkaTuning), target, parent), tracker);
}

ActionPipeline *ActionContext::backendPipeline(const BackendActionPlan &plan, QObject *parent) const
{
    auto *target = new BackendActionTarget(plan, backends);
    return adopted(new ActionPipeline(pipeline(backendTuning), target, parent), tracker);
}

} // namespace sagadeck
