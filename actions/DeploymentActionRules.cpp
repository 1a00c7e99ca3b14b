#include "DeploymentActionRules.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString DeploymentActionRules::checkRequest(const DeploymentActionRequest &request)
{
    static const QRegularExpression dns1123(u"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s);
    if (request.name.isEmpty())
        return u"no deployment named"_s;
    if (request.name.size() > 253 || !dns1123.match(request.name).hasMatch())
        return u"'%1' is not a Kubernetes object name"_s.arg(request.name);
    if (request.verb == DeploymentActionVerb::Scale) {
        if (request.replicas < 0 || request.replicas > DeploymentActionPlan::kMaxReplicas)
            return u"replicas must be between 0 and %1, not %2"_s.arg(DeploymentActionPlan::kMaxReplicas)
                .arg(request.replicas);
        if (request.expectedReplicas < -1)
            return u"the expected replica count must be >= 0"_s;
    }
    return {};
}

QString DeploymentActionRules::checkAgainst(const DeploymentActionRequest &request, const DeploymentInfo &current,
                                            QString *noOp)
{
    noOp->clear();
    if (request.verb != DeploymentActionVerb::Scale)
        return {};
    if (request.expectedReplicas >= 0 && current.desiredReplicas != request.expectedReplicas)
        return u"deployment %1 has %2 replicas, not the expected %3"_s.arg(request.name)
            .arg(current.desiredReplicas)
            .arg(request.expectedReplicas);
    if (current.desiredReplicas == request.replicas)
        *noOp = u"already at %1 replicas"_s.arg(request.replicas);
    return {};
}

ConfirmationRequirement DeploymentActionRules::confirmationFor(const DeploymentActionRequest &request,
                                                               int currentReplicas, bool production)
{
    ConfirmationRequirement c;
    const bool restart = request.verb == DeploymentActionVerb::Restart;
    const bool toZero = !restart && request.replicas == 0;
    if (restart || toZero || production) {
        c.kind = ConfirmationRequirement::Kind::TypeTarget;
        c.expected = request.name;
        c.prompt = restart ? u"Type the deployment name %1 to restart it"_s.arg(request.name)
            : toZero       ? u"Type the deployment name %1 to scale it to zero (it stops serving)"_s.arg(request.name)
                           : u"Type the deployment name %1 to scale it from %2 to %3"_s.arg(request.name)
                           .arg(currentReplicas)
                           .arg(request.replicas);
    } else {
        c.prompt =
            u"Give a reason to scale %1 from %2 to %3"_s.arg(request.name).arg(currentReplicas).arg(request.replicas);
    }
    return c;
}

} // namespace sagadeck
