#pragma once

#include "DeploymentInfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace sagadeck {

// One revision of a Deployment: a ReplicaSet it owns, as `kubectl rollout history` lists it.
struct RevisionInfo
{
    qint64 revision = 0; // annotation deployment.kubernetes.io/revision
    QString replicaSet;
    QStringList images;
    QString changeCause; // annotation kubernetes.io/change-cause
    QDateTime created;
    int replicas = 0; // spec.replicas of the ReplicaSet: 0 for an old one
    int readyReplicas = 0;
    // The pod template without the pod-template-hash label, as indented JSON with sorted keys:
    // what a rollback writes back into the Deployment, and what the preview's diff compares.
    QByteArray templateJson;
    QMap<QString, QString> annotations; // the ReplicaSet's (a rollback copies some back)
    bool current = false;               // the revision the Deployment runs now

    bool sameKey(const RevisionInfo &o) const { return replicaSet == o.replicaSet; }
    friend bool operator==(const RevisionInfo &a, const RevisionInfo &b)
    {
        return a.revision == b.revision && a.replicaSet == b.replicaSet && a.images == b.images
            && a.changeCause == b.changeCause && a.created == b.created && a.replicas == b.replicas
            && a.readyReplicas == b.readyReplicas && a.templateJson == b.templateJson && a.annotations == b.annotations
            && a.current == b.current;
    }
};

// A Deployment with its revisions, newest first, read in one go for the history view and a
// rollback's plan. `error` non-empty: it could not be read, and why.
struct RolloutHistory
{
    QString requestId;
    QString name;
    QString error;
    DeploymentInfo deployment;
    QByteArray templateJson; // the Deployment's own pod template, as RevisionInfo::templateJson
    QList<RevisionInfo> revisions;

    const RevisionInfo *revision(qint64 number) const;
    // What `kubectl rollout undo` without --to-revision goes back to: the newest revision
    // older than the current one.
    const RevisionInfo *previous() const;
    const RevisionInfo *currentRevision() const;
};

// A line diff of two JSON texts: "  same", "- removed", "+ added", with `context` unchanged
// lines around each change and "  …" for what is left out. Empty when they are equal.
QStringList templateDiff(const QByteArray &from, const QByteArray &to, int context = 2);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::RevisionInfo)
Q_DECLARE_METATYPE(sagadeck::RolloutHistory)
