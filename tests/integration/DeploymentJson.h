#pragma once

#include <QJsonObject>
#include <QString>

#include <initializer_list>

// What the tests read back from a Deployment as kubectl prints it (`kubectl get -o json`), the
// witness beside the console's own KubeClient.
namespace deploymentjson {

// The object at a path of keys ({} where a step is missing).
inline QJsonObject objectAt(QJsonObject o, std::initializer_list<const char *> path)
{
    for (const char *key : path)
        o = o.value(QLatin1String(key)).toObject();
    return o;
}

inline qint64 generationOf(const QJsonObject &d)
{
    return objectAt(d, {"metadata"}).value(QLatin1String("generation")).toInteger(-1);
}

inline int replicasOf(const QJsonObject &d)
{
    return objectAt(d, {"spec"}).value(QLatin1String("replicas")).toInt(-1);
}

// The pod template's kubectl.kubernetes.io/restartedAt annotation: what `rollout restart` sets.
inline QString restartedAtOf(const QJsonObject &d)
{
    return objectAt(d, {"spec", "template", "metadata", "annotations"})
        .value(QLatin1String("kubectl.kubernetes.io/restartedAt"))
        .toString();
}

} // namespace deploymentjson
