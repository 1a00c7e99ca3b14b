#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace sagadeck {

// One metadata.managedFields entry, reduced to what says who changed what: the field manager
// (kubectl, kubectl-rollout, sagadeck...), its operation, subresource and time, and whether it
// owns the two fields the timeline reports (the restart annotation, spec.replicas).
struct ManagedFieldsEntry
{
    QString manager;
    QString operation;              // Update | Apply
    QString subresource;            // "scale", "status", or empty
    QDateTime time;                 // invalid when the server sent none
    bool ownsRestartedAt = false;   // f:spec.f:template.f:metadata.f:annotations.f:kubectl.kubernetes.io/restartedAt
    bool ownsReplicas = false;      // f:spec.f:replicas
    bool ownsTemplateImage = false; // f:spec.f:template.f:spec.f:containers (the image: a rollout, an undo)

    friend bool operator==(const ManagedFieldsEntry &a, const ManagedFieldsEntry &b)
    {
        return a.manager == b.manager && a.operation == b.operation && a.subresource == b.subresource
            && a.time == b.time && a.ownsRestartedAt == b.ownsRestartedAt && a.ownsReplicas == b.ownsReplicas
            && a.ownsTemplateImage == b.ownsTemplateImage;
    }
};

// One Deployment as the Services page needs it: a value read from the API server's JSON.
struct DeploymentInfo
{
    QString name;
    QString ns;
    QMap<QString, QString> labels;
    int desiredReplicas = 0; // spec.replicas (the API's default 1 when absent)
    int readyReplicas = 0;
    int updatedReplicas = 0;
    int availableReplicas = 0;
    qint64 generation = 0;         // metadata.generation
    qint64 observedGeneration = 0; // status.observedGeneration
    QDateTime restartedAt;         // spec.template annotation kubectl.kubernetes.io/restartedAt; invalid: never
    QDateTime created;             // metadata.creationTimestamp
    QString conditions;            // "Available=True, Progressing=True (NewReplicaSetAvailable)"
    QString progressingReason;     // status.conditions[type=Progressing].reason
    QString resourceVersion;
    QList<ManagedFieldsEntry> managedFields;
    QString uid;
    QMap<QString, QString> annotations;
    QMap<QString, QString> selector; // spec.selector.matchLabels
    QStringList images;              // the pod template's containers' images, in order
    qint64 revision = 0;             // annotation deployment.kubernetes.io/revision; 0: none yet
    QString changeCause;             // annotation kubernetes.io/change-cause
    bool paused = false;             // spec.paused: no rollout, no rollback

    bool sameKey(const DeploymentInfo &o) const { return name == o.name && ns == o.ns; }
    // The controller has seen the newest spec and every replica runs it.
    bool rolledOut() const
    {
        return observedGeneration >= generation && updatedReplicas == desiredReplicas
            && readyReplicas == desiredReplicas;
    }
    friend bool operator==(const DeploymentInfo &a, const DeploymentInfo &b)
    {
        return a.name == b.name && a.ns == b.ns && a.labels == b.labels && a.desiredReplicas == b.desiredReplicas
            && a.readyReplicas == b.readyReplicas && a.updatedReplicas == b.updatedReplicas
            && a.availableReplicas == b.availableReplicas && a.generation == b.generation
            && a.observedGeneration == b.observedGeneration && a.restartedAt == b.restartedAt && a.created == b.created
            && a.conditions == b.conditions && a.progressingReason == b.progressingReason
            && a.resourceVersion == b.resourceVersion && a.managedFields == b.managedFields && a.uid == b.uid
            && a.annotations == b.annotations && a.selector == b.selector && a.images == b.images
            && a.revision == b.revision && a.changeCause == b.changeCause && a.paused == b.paused;
    }
};

using DeploymentList = QList<DeploymentInfo>;

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::DeploymentInfo)
Q_DECLARE_METATYPE(sagadeck::DeploymentList)
