#include "DeploymentActionPlan.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString deploymentActionVerbName(DeploymentActionVerb verb)
{
    switch (verb) {
    case DeploymentActionVerb::Restart: return u"restart"_s;
    case DeploymentActionVerb::Scale: return u"scale"_s;
    case DeploymentActionVerb::Rollback: return u"rollback"_s;
    }
    return {};
}

void registerDeploymentActionMetaTypes()
{
    qRegisterMetaType<DeploymentActionRequest>();
    qRegisterMetaType<DeploymentActionPlan>();
}

ActionTargets DeploymentActionPlan::targets() const
{
    return {u"deployment"_s, ns, {request.name}};
}

QString DeploymentActionPlan::summary() const
{
    if (request.verb == DeploymentActionVerb::Restart)
        return u"restart %1"_s.arg(request.name);
    if (request.verb == DeploymentActionVerb::Rollback) {
        if (target.revision == 0)
            return request.toRevision > 0 ? u"roll back %1 to revision %2"_s.arg(request.name).arg(request.toRevision)
                                          : u"roll back %1 to the previous revision"_s.arg(request.name);
        return u"roll back %1 to revision %2 (%3)"_s.arg(request.name)
            .arg(target.revision)
            .arg(target.images.join(u", "_s));
    }
    return u"scale %1 %2 → %3"_s.arg(request.name, found ? QString::number(before.desiredReplicas) : u"?"_s)
        .arg(request.replicas);
}

QString DeploymentActionPlan::describe() const
{
    QStringList lines;
    if (production)
        lines << u"*** PRODUCTION profile '%1' ***"_s.arg(profile);
    lines << u"Action:     "_s + summary();
    lines << u"Deployment: %1 in namespace %2"_s.arg(request.name, ns.isEmpty() ? u"?"_s : ns);
    if (!context.isEmpty() || !user.isEmpty())
        lines << u"Where:      context %1, cluster %2, user %3, profile %4"_s.arg(context, cluster, user, profile);
    if (insecureTls)
        lines << u"TLS NOT VERIFIED: the kubeconfig sets insecure-skip-tls-verify for this cluster"_s;
    if (found && request.verb == DeploymentActionVerb::Rollback) {
        lines << u"Now:        revision %1, %2%3"_s.arg(before.revision)
                     .arg(before.images.join(u", "_s))
                     .arg(before.changeCause.isEmpty() ? QString() : u" (" + before.changeCause + u')');
        if (target.revision > 0) {
            lines << u"Back to:    revision %1, %2%3 — ReplicaSet %4, made %5"_s.arg(target.revision)
                         .arg(target.images.join(u", "_s))
                         .arg(target.changeCause.isEmpty() ? QString() : u" (" + target.changeCause + u')')
                         .arg(target.replicaSet, target.created.toString(Qt::ISODate));
            lines
                << u"As:         kubectl rollout undo deployment/%1 --to-revision=%2; only if its generation is still %3"_s
                       .arg(request.name)
                       .arg(target.revision)
                       .arg(before.generation);
            lines << u"Verified:   when the new rollout has completed (%1 replicas ready on that template)"_s.arg(
                before.desiredReplicas);
            if (!diff.isEmpty())
                lines << u"Pod template (- now, + after):"_s << diff;
        }
    } else if (found) {
        if (request.verb == DeploymentActionVerb::Scale) {
            lines << u"Replicas:   %1 → %2 (now %3 ready, %4 up to date)"_s.arg(before.desiredReplicas)
                         .arg(request.replicas)
                         .arg(before.readyReplicas)
                         .arg(before.updatedReplicas);
            if (request.expectedReplicas >= 0)
                lines << u"Only if:    it still has %1 replicas when sent"_s.arg(request.expectedReplicas);
            if (!autoscalerWarning.isEmpty())
                lines << u"AUTOSCALER: "_s + autoscalerWarning;
            if (!kafkaCapacityWarning.isEmpty())
                lines << u"KAFKA: "_s + kafkaCapacityWarning;
        } else {
            lines << u"Last restart: %1"_s.arg(before.restartedAt.isValid() ? before.restartedAt.toString(Qt::ISODate)
                                                                            : u"never (no restartedAt annotation)"_s);
            lines << u"Generation: %1 (observed %2); %3 of %4 replicas ready; a new rollout replaces every pod"_s
                         .arg(before.generation)
                         .arg(before.observedGeneration)
                         .arg(before.readyReplicas)
                         .arg(before.desiredReplicas);
        }
    }
    if (!refusal.isEmpty())
        lines << u"Unavailable: "_s + refusal;
    else if (!noOp.isEmpty())
        lines << u"Nothing to do: "_s + noOp + u"; nothing will be sent"_s;
    else
        lines << u"Confirm:    "_s + confirmation.prompt;
    return lines.join(u'\n');
}

} // namespace sagadeck
