#pragma once

#include "ConfirmationRequirement.h"
#include "DeploymentActionPlan.h"

namespace sagadeck {

// Pure rules of the deployment actions (no I/O): when an action is refused or a no-op, and
// what confirmation it needs. The planner applies them to the state it read.
class DeploymentActionRules
{
public:
    // Before any read: the request itself. Empty when fine, else why not.
    static QString checkRequest(const DeploymentActionRequest &request);
    // Against the deployment as read. Returns the refusal (empty: none); sets `noOp` when there
    // is nothing to do (scale to the current count).
    static QString checkAgainst(const DeploymentActionRequest &request, const DeploymentInfo &current, QString *noOp);
    // Rollback, against the revisions as read: the revision to go back to (undo: the newest
    // older than the current), refused when there is none or the Deployment is paused, a no-op
    // when it is what runs now. Returns the refusal.
    static QString chooseRevision(const DeploymentActionRequest &request, const RolloutHistory &history,
                                  RevisionInfo *target, QString *noOp);
    // Restart and scale to zero: type the deployment's name (so does anything on a production
    // profile); any other scale: the reason alone. A reason is always required.
    static ConfirmationRequirement confirmationFor(const DeploymentActionRequest &request, int currentReplicas,
                                                   bool production);
};

} // namespace sagadeck
