#include "AutoscalerInfo.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString AutoscalerInfo::summary() const
{
    QString text = u"%1–%2 replicas"_s.arg(minReplicas).arg(maxReplicas);
    if (!targets.isEmpty())
        text += u" at "_s + targets;
    text += u" (now %1"_s.arg(currentReplicas);
    if (!current.isEmpty())
        text += u", "_s + current;
    text += u')';
    if (!conditions.isEmpty())
        text += u"; "_s + conditions;
    return text;
}

QString AutoscalerInfo::overrideWarning(int replicas) const
{
    const QString who = u"HorizontalPodAutoscaler %1 (%2–%3 replicas)"_s.arg(name).arg(minReplicas).arg(maxReplicas);
    if (replicas == 0)
        return u"%1 manages this deployment; scaling it to 0 turns the autoscaler off until it is scaled up again"_s
            .arg(who);
    if (replicas < minReplicas)
        return u"%1 will set it back to %2 within its sync period (~15 s): the scale will not hold"_s.arg(who).arg(
            minReplicas);
    if (replicas > maxReplicas)
        return u"%1 will set it back to %2 within its sync period (~15 s): the scale will not hold"_s.arg(who).arg(
            maxReplicas);
    return u"%1 manages this deployment: it may change the count again at its next sync"_s.arg(who);
}

} // namespace sagadeck
