#pragma once

#include "DeploymentInfo.h"

#include <QDateTime>
#include <QHash>
#include <QVector>

namespace sagadeck {

// A restart, scale, image change (a rollout or a rollback), creation or removal of a
// Deployment, found by comparing two lists.
struct DeploymentChange
{
    enum class Kind
    {
        Restart,
        Scale,
        Created,
        Removed,
        Image // the pod template's images changed: a rollout, or a rollback to an older revision
    };

    Kind kind = Kind::Restart;
    QString name;
    QString ns;
    QDateTime at;         // restart: the annotation's time; others: when the list showed it
    int fromReplicas = 0; // scale
    int toReplicas = 0;   // scale; created: its replicas
    // Who, from metadata.managedFields: the manager owning the changed field. Empty: unknown.
    QString manager;
    QString operation;
    QString subresource;
    QDateTime managerTime;
    QStringList fromImages; // image
    QStringList toImages;
    qint64 revision = 0; // image: the Deployment's revision after it
    QString changeCause; // image: kubernetes.io/change-cause after it

    friend bool operator==(const DeploymentChange &a, const DeploymentChange &b)
    {
        return a.kind == b.kind && a.name == b.name && a.ns == b.ns && a.at == b.at && a.fromReplicas == b.fromReplicas
            && a.toReplicas == b.toReplicas && a.manager == b.manager && a.operation == b.operation
            && a.subresource == b.subresource && a.managerTime == b.managerTime && a.fromImages == b.fromImages
            && a.toImages == b.toImages && a.revision == b.revision && a.changeCause == b.changeCause;
    }
};

// Diffs successive Deployment lists (the Kubernetes feed's polls). A changed or new
// `kubectl.kubernetes.io/restartedAt` is a restart at the time the annotation carries — so the
// first list also yields the restarts made before the console started; a changed spec.replicas
// is a scale at the time it was seen (the API keeps no time for it). Pure: no I/O.
class DeploymentChangeDetector
{
public:
    QVector<DeploymentChange> apply(const DeploymentList &current, const QDateTime &seenAt);
    void reset();
    bool hasBaseline() const { return m_baseline; }

    // The managedFields entry that owns the restart annotation / spec.replicas (the newest one
    // when several claim it), or nullptr.
    static const ManagedFieldsEntry *restartOwner(const DeploymentInfo &d);
    static const ManagedFieldsEntry *replicasOwner(const DeploymentInfo &d);
    static const ManagedFieldsEntry *imageOwner(const DeploymentInfo &d);

private:
    QHash<QString, DeploymentInfo> m_previous; // by namespace/name
    bool m_baseline = false;
};

} // namespace sagadeck
