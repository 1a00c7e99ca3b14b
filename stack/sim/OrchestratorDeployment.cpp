#include "OrchestratorDeployment.h"

#include <QByteArray>
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
