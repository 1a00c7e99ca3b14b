#include "OrchestratorDeployment.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QString>

std::optional<DeploymentObservation> parseDeployment(const std::string &json, std::string &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &parseError);
    if (!doc.isObject()) {
        error = "not a JSON object: " + parseError.errorString().toStdString();
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("kind")).toString() != QStringLiteral("Deployment")) {
        error = "not a Deployment (kind '" + root.value(QStringLiteral("kind")).toString().toStdString() + "')";
        return std::nullopt;
    }
    const QJsonObject spec = root.value(QStringLiteral("spec")).toObject();
    DeploymentObservation o;
    // spec.replicas defaults to 1 when absent, as in the API.
    o.replicas = spec.value(QStringLiteral("replicas")).toInt(1);
    o.restartedAt = spec.value(QStringLiteral("template"))
                        .toObject()
                        .value(QStringLiteral("metadata"))
                        .toObject()
                        .value(QStringLiteral("annotations"))
                        .toObject()
                        .value(QStringLiteral("kubectl.kubernetes.io/restartedAt"))
                        .toString()
                        .toStdString();
    o.image = spec.value(QStringLiteral("template"))
                  .toObject()
                  .value(QStringLiteral("spec"))
                  .toObject()
                  .value(QStringLiteral("containers"))
                  .toArray()
                  .first()
                  .toObject()
                  .value(QStringLiteral("image"))
                  .toString()
                  .toStdString();
    o.generation =
        root.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("generation")).toVariant().toLongLong();
    if (o.replicas < 0) {
        error = "negative spec.replicas";
        return std::nullopt;
    }
    return o;
}

OrchestratorFollower::Reaction OrchestratorFollower::observe(const DeploymentObservation &o)
{
    Reaction r;
    if (!m_last) {
        r.replicas = o.replicas;
    } else {
        r.restart = o.restartedAt != m_last->restartedAt;
        if (o.replicas != m_last->replicas)
            r.replicas = o.replicas;
    }
    m_last = o;
    return r;
}

std::vector<std::pair<std::string, std::string>> oomKilledPatches(const std::string &podListJson,
                                                                  const std::string &now, std::string &error)
{
    std::vector<std::pair<std::string, std::string>> patches;
    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(podListJson), &parseError);
    if (!doc.isObject() || !doc.object().value(k("items")).isArray()) {
        error = "not a PodList: " + parseError.errorString().toStdString();
        return patches;
    }
    const QString at = QString::fromStdString(now);
    for (const QJsonValue &item : doc.object().value(k("items")).toArray()) {
        const QJsonObject pod = item.toObject();
        const QJsonObject meta = pod.value(k("metadata")).toObject();
        const QJsonObject status = pod.value(k("status")).toObject();
        if (meta.contains(k("deletionTimestamp")) || status.value(k("phase")).toString() != k("Running"))
            continue;
        QJsonArray containers;
        for (const QJsonValue &c : status.value(k("containerStatuses")).toArray()) {
            QJsonObject cs = c.toObject();
            const QString startedAt = cs.value(k("state"))
                                          .toObject()
                                          .value(k("running"))
                                          .toObject()
                                          .value(k("startedAt"))
                                          .toString(status.value(k("startTime")).toString(at));
            cs[k("restartCount")] = cs.value(k("restartCount")).toInt() + 1;
            cs[k("lastState")] = QJsonObject{{k("terminated"),
                                              QJsonObject{{k("exitCode"), 137},
                                                          {k("reason"), k("OOMKilled")},
                                                          {k("startedAt"), startedAt},
                                                          {k("finishedAt"), at}}}};
            cs[k("state")] = QJsonObject{{k("running"), QJsonObject{{k("startedAt"), at}}}};
            cs[k("ready")] = true;
            cs[k("started")] = true;
            containers.append(cs);
        }
        if (containers.isEmpty())
            continue;
        const QJsonObject patch{{k("metadata"), QJsonObject{{k("resourceVersion"), meta.value(k("resourceVersion"))}}},
                                {k("status"), QJsonObject{{k("containerStatuses"), containers}}}};
        patches.emplace_back(meta.value(k("name")).toString().toStdString(),
                             QJsonDocument(patch).toJson(QJsonDocument::Compact).toStdString());
    }
    return patches;
}
