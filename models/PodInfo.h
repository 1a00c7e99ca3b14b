#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sagadeck {

// How a container last ended (status.containerStatuses[].lastState.terminated, or its current
// state when it is terminated now).
struct ContainerTermination
{
    QString reason; // OOMKilled, Error, Completed, ...; empty: never terminated
    int exitCode = 0;
    QDateTime finishedAt; // invalid when the server sent none

    bool happened() const { return !reason.isEmpty() || finishedAt.isValid(); }
    friend bool operator==(const ContainerTermination &a, const ContainerTermination &b)
    {
        return a.reason == b.reason && a.exitCode == b.exitCode && a.finishedAt == b.finishedAt;
    }
};

// One container of a pod, as `kubectl get pods` and `describe` show it.
struct ContainerInfo
{
    QString name;
    QString image;
    bool ready = false;
    int restarts = 0;
    QString state;         // running | waiting | terminated | unknown (no status yet)
    QString waitingReason; // CrashLoopBackOff, ImagePullBackOff, ContainerCreating, ...
    ContainerTermination lastTermination;
    QString memoryLimit; // spec resources.limits.memory as written ("512Mi"); empty: none
    QString cpuLimit;

    friend bool operator==(const ContainerInfo &a, const ContainerInfo &b)
    {
        return a.name == b.name && a.image == b.image && a.ready == b.ready && a.restarts == b.restarts
            && a.state == b.state && a.waitingReason == b.waitingReason && a.lastTermination == b.lastTermination
            && a.memoryLimit == b.memoryLimit && a.cpuLimit == b.cpuLimit;
    }
};

// One pod of the namespace: a value read from the API server's JSON.
struct PodInfo
{
    QString name;
    QString ns;
    QString phase; // Pending | Running | Succeeded | Failed | Unknown
    QString node;
    QDateTime created;
    QString ownerKind;  // ReplicaSet, StatefulSet, Job, ...; empty: none
    QString ownerName;  // the ReplicaSet's name
    QString deployment; // the Deployment behind the ReplicaSet (name minus -<pod-template-hash>)
    QMap<QString, QString> labels;
    bool terminating = false; // metadata.deletionTimestamp is set
    QList<ContainerInfo> containers;
    QString resourceVersion;

    bool sameKey(const PodInfo &o) const { return name == o.name && ns == o.ns; }
    int readyContainers() const
    {
        int n = 0;
        for (const ContainerInfo &c : containers)
            n += c.ready ? 1 : 0;
        return n;
    }
    int restarts() const
    {
        int n = 0;
        for (const ContainerInfo &c : containers)
            n += c.restarts;
        return n;
    }
    // What `kubectl get pods` prints in STATUS: a waiting reason first (CrashLoopBackOff), then a
    // terminated container's reason, Terminating, else the phase.
    QString status() const;
    // The newest termination of any container (the one a restart count points at).
    ContainerTermination lastTermination() const;

    friend bool operator==(const PodInfo &a, const PodInfo &b)
    {
        return a.name == b.name && a.ns == b.ns && a.phase == b.phase && a.node == b.node && a.created == b.created
            && a.ownerKind == b.ownerKind && a.ownerName == b.ownerName && a.deployment == b.deployment
            && a.labels == b.labels && a.terminating == b.terminating && a.containers == b.containers
            && a.resourceVersion == b.resourceVersion;
    }
};

using PodList = QList<PodInfo>;

// A Kubernetes quantity ("512Mi", "1Gi", "500m", "2", "1.5", "1e3") as a number (bytes, cores);
// nullopt when it is not one.
std::optional<double> parseQuantity(const QString &quantity);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::PodInfo)
Q_DECLARE_METATYPE(sagadeck::PodList)
