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
    if (request.verb == DeploymentActionVerb::Rollback && request.toRevision < 0)
        return u"a revision is a number >= 1 (0: the previous one), not %1"_s.arg(request.toRevision);
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

QString DeploymentActionRules::chooseRevision(const DeploymentActionRequest &request, const RolloutHistory &history,
                                              RevisionInfo *target, QString *noOp)
{
    noOp->clear();
    const QString name = request.name;
    if (history.deployment.paused)
        return u"deployment %1 is paused: a rollback would not roll out; resume it first"_s.arg(name);
    QStringList known;
    for (const RevisionInfo &r : history.revisions)
        known << QString::number(r.revision);
    const RevisionInfo *chosen = request.toRevision > 0 ? history.revision(request.toRevision) : history.previous();
    if (!chosen)
        return request.toRevision > 0
            ? u"deployment %1 has no revision %2 (it keeps %3)"_s.arg(name)
                  .arg(request.toRevision)
                  .arg(known.isEmpty() ? u"none"_s : known.join(u", "_s))
            : u"deployment %1 has no revision before the current one to go back to"_s.arg(name);
    *target = *chosen;
    if (chosen->templateJson == history.templateJson)
        *noOp = u"revision %1 is what %2 runs now"_s.arg(chosen->revision).arg(name);
    return {};
}

ConfirmationRequirement DeploymentActionRules::confirmationFor(const DeploymentActionRequest &request,
                                                               int currentReplicas, bool production)
{
    ConfirmationRequirement c;
    if (request.verb == DeploymentActionVerb::Rollback) {
        c.kind = ConfirmationRequirement::Kind::TypeTarget;
        c.expected = request.name;
        c.prompt = u"Type the deployment name %1 to roll it back (a new rollout replaces every pod)"_s.arg(
            request.name);
        return c;
    }
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
