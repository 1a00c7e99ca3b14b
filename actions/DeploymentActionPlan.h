#pragma once

#include "ActionId.h"
#include "ActionTargets.h"
#include "ConfirmationRequirement.h"
#include "DeploymentInfo.h"
#include "RolloutHistory.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sagadeck {

enum class DeploymentActionVerb
{
    Restart,
    Scale,
    Rollback // kubectl rollout undo [--to-revision=N]
};
QString deploymentActionVerbName(DeploymentActionVerb verb); // restart | scale | rollback

// What the operator asked for.
struct DeploymentActionRequest
{
    DeploymentActionVerb verb = DeploymentActionVerb::Restart;
    QString name;              // the deployment
    int replicas = -1;         // scale: the new count
    int expectedReplicas = -1; // scale: precondition on the current count; -1: none
    qint64 toRevision = 0;     // rollback: the revision; 0: the one before the current (undo)
};

// The preview: what exactly will happen, to what, where, and what confirmation it needs.
struct DeploymentActionPlan
{
    DeploymentActionRequest request;
    QString profile;
    bool production = false; // the profile says production: true (a distinct banner)
    // Where it goes, from the KubeClient's target (no secrets).
    QString ns;
    QString context;
    QString cluster;
    QString user; // the kubeconfig user: the identity in the audit log
    QString server;
    bool insecureTls = false; // insecure-skip-tls-verify: a red "TLS not verified" badge
    // Validation. `refusal` non-empty: the action is unavailable, this is why (read-only, no
    // Kubernetes, no such deployment, replicas out of range...). `noOp` non-empty: nothing to do
    // ("already at 3 replicas"); nothing is sent.
    QString refusal;
    QString noOp;
    bool found = false;
    DeploymentInfo before; // the deployment as read when the plan was made
    ConfirmationRequirement confirmation;
    QDateTime preparedAt;

    // Rollback: the revisions as read, the one chosen, and the pod template's diff (current → it).
    RolloutHistory history;
    RevisionInfo target;
    QStringList diff;
    // Scale: what a HorizontalPodAutoscaler of the deployment will do to the count (empty: none).
    QString autoscalerWarning;

    // Scale: the Deployment's consumer group would have more consumers than its topic has
    // partitions (the extra ones sit idle); empty: they fit, or the count is not known.
    QString kafkaCapacityWarning = {};

    static constexpr int kMaxReplicas = 50;

    bool isActionable() const { return refusal.isEmpty() && noOp.isEmpty() && found; }
    // "scale payment-service 2 → 0", "restart saga-orchestrator"
    QString summary() const;
    // What it acts on, as its audit records name it: the deployment in its namespace.
    ActionTargets targets() const;
    // Plain text, several lines: for the CLI and the dialog's details box.
    QString describe() const;
};

// For queued connections and QSignalSpy: the request and plan types.
void registerDeploymentActionMetaTypes();

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::DeploymentActionRequest)
Q_DECLARE_METATYPE(sagadeck::DeploymentActionPlan)
