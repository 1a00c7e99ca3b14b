#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace sagadeck {

// One HorizontalPodAutoscaler (autoscaling/v2), as `kubectl get hpa` shows it.
struct AutoscalerInfo
{
    QString name;
    QString ns;
    QString targetKind; // scaleTargetRef: Deployment, ...
    QString targetName;
    int minReplicas = 1; // the API's default when absent
    int maxReplicas = 0;
    int currentReplicas = 0;
    int desiredReplicas = 0;
    QString targets; // "cpu 70 %", "memory 512Mi", each metric's target
    QString current; // "cpu 45 %", "cpu <unknown>"
    QString
        conditions; // the conditions that are not True, with reason: "ScalingActive=False (FailedGetResourceMetric)"
    QDateTime lastScale;

    bool scales(const QString &deployment) const
    {
        return targetKind == QLatin1String("Deployment") && targetName == deployment;
    }
    // "2–5 replicas at cpu 70 % (now 2, cpu <unknown>)"
    QString summary() const;
    // What it will do to a replica count set by hand: set it back into [min, max], or change it
    // again at its next sync when it scales on metrics. Empty when no HPA could interfere.
    QString overrideWarning(int replicas) const;

    friend bool operator==(const AutoscalerInfo &a, const AutoscalerInfo &b)
    {
        return a.name == b.name && a.ns == b.ns && a.targetKind == b.targetKind && a.targetName == b.targetName
            && a.minReplicas == b.minReplicas && a.maxReplicas == b.maxReplicas
            && a.currentReplicas == b.currentReplicas && a.desiredReplicas == b.desiredReplicas
            && a.targets == b.targets && a.current == b.current && a.conditions == b.conditions
            && a.lastScale == b.lastScale;
    }
};

using AutoscalerList = QList<AutoscalerInfo>;

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::AutoscalerInfo)
Q_DECLARE_METATYPE(sagadeck::AutoscalerList)
