#include "DeploymentActionPlan.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString deploymentActionVerbName(DeploymentActionVerb verb)
{
    return verb == DeploymentActionVerb::Restart ? u"restart"_s : u"scale"_s;
}

void registerDeploymentActionMetaTypes()
{
    qRegisterMetaType<DeploymentActionRequest>();
    qRegisterMetaType<DeploymentActionPlan>();
}

QString DeploymentActionPlan::summary() const
{
    if (request.verb == DeploymentActionVerb::Restart)
        return u"restart %1"_s.arg(request.name);
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
    if (found) {
        if (request.verb == DeploymentActionVerb::Scale) {
            lines << u"Replicas:   %1 → %2 (now %3 ready, %4 up to date)"_s.arg(before.desiredReplicas)
                         .arg(request.replicas)
                         .arg(before.readyReplicas)
                         .arg(before.updatedReplicas);
            if (request.expectedReplicas >= 0)
                lines << u"Only if:    it still has %1 replicas when sent"_s.arg(request.expectedReplicas);
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
