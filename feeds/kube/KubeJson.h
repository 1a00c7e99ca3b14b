#pragma once

#include "AutoscalerInfo.h"
#include "DeploymentInfo.h"
#include "PodInfo.h"
#include "RolloutHistory.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Pure translation between the Kubernetes API's JSON and sagadeck's values: no I/O, unit-tested.
namespace sagadeck::kubejson {

DeploymentInfo parseDeployment(const QJsonObject &deployment);
// A DeploymentList body; `error` set (plain text) when it is not one.
DeploymentList parseDeploymentList(const QByteArray &body, QString *error);

PodInfo parsePod(const QJsonObject &pod);
AutoscalerInfo parseAutoscaler(const QJsonObject &hpa); // autoscaling/v2

// One page of a list (PodList, DeploymentList...): its items, the list's resourceVersion (where
// a watch starts) and the continue token of the next page (empty: the last page). `error` set
// (plain text) when the body is not a list of `kind`.
struct ListPage
{
    QJsonArray items;
    QString resourceVersion;
    QString continueToken;
};
ListPage parseListPage(const QByteArray &body, const QString &kind, QString *error);

// A pod template (spec.template) as RevisionInfo::templateJson: without pod-template-hash.
QByteArray podTemplateJson(const QJsonObject &podTemplate);
// A ReplicaSet as a revision of its Deployment (`current` is left to the caller).
RevisionInfo parseReplicaSet(const QJsonObject &replicaSet);
// Does the ReplicaSet belong to the Deployment (its controller owner reference has this uid)?
bool ownedBy(const QJsonObject &replicaSet, const QString &deploymentUid);

// `kubectl rollout undo`'s change, as a JSON patch: the revision's pod template and the
// annotations kubectl carries over (the Deployment's own revision bookkeeping kept, the
// ReplicaSet's others copied), preceded by a test of metadata.generation, so a Deployment that
// someone else changed since the preview is refused (422) rather than overwritten.
QByteArray rollbackPatch(const RevisionInfo &target, const DeploymentInfo &before);

// The bodies kubectl sends.
QByteArray restartPatch(const QString &restartedAtRfc3339); // strategic merge patch
QByteArray scalePatch(int replicas);                        // merge patch of /scale

// What went wrong, from an error answer's Status object, in words for the operator.
struct ApiError
{
    QString message;
    QString reason; // Status.reason (Forbidden, NotFound, Conflict, Invalid, ...)
};
// `verb` is the API verb (get, list, patch, update), `resource` e.g. "deployments" or
// "deployments/scale", `userName` the kubeconfig user (replaced by the user the Status names).
ApiError describeError(int httpStatus, const QByteArray &body, const QString &verb, const QString &resource,
                       const QString &name, const QString &ns, const QString &userName);

} // namespace sagadeck::kubejson
