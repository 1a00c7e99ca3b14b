#include "KubeJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sagadeck::kubejson {

namespace {

QDateTime rfc3339(const QString &s)
{
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

// A JSON object of strings (labels, annotations, matchLabels) as a map.
QMap<QString, QString> stringMap(const QJsonValue &object)
{
    QMap<QString, QString> out;
    const QJsonObject o = object.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

ManagedFieldsEntry parseManagedFields(const QJsonObject &m)
{
    ManagedFieldsEntry e;
    e.manager = m.value(u"manager"_s).toString();
    e.operation = m.value(u"operation"_s).toString();
    e.subresource = m.value(u"subresource"_s).toString();
    e.time = rfc3339(m.value(u"time"_s).toString());
    const QJsonObject fields = m.value(u"fieldsV1"_s).toObject();
    const QJsonObject spec = fields.value(u"f:spec"_s).toObject();
    e.ownsReplicas = spec.contains(u"f:replicas"_s);
    e.ownsTemplateImage =
        spec.value(u"f:template"_s).toObject().value(u"f:spec"_s).toObject().contains(u"f:containers"_s);
    e.ownsRestartedAt = spec.value(u"f:template"_s)
                            .toObject()
                            .value(u"f:metadata"_s)
                            .toObject()
                            .value(u"f:annotations"_s)
                            .toObject()
                            .contains(u"f:kubectl.kubernetes.io/restartedAt"_s);
    return e;
}

} // namespace

DeploymentInfo parseDeployment(const QJsonObject &d)
{
    DeploymentInfo out;
    const QJsonObject meta = d.value(u"metadata"_s).toObject();
    const QJsonObject spec = d.value(u"spec"_s).toObject();
    const QJsonObject status = d.value(u"status"_s).toObject();
    out.name = meta.value(u"name"_s).toString();
    out.ns = meta.value(u"namespace"_s).toString();
    out.labels = stringMap(meta.value(u"labels"_s));
    out.generation = meta.value(u"generation"_s).toInteger();
    out.resourceVersion = meta.value(u"resourceVersion"_s).toString();
    out.created = rfc3339(meta.value(u"creationTimestamp"_s).toString());
    const QJsonArray managed = meta.value(u"managedFields"_s).toArray();
    for (const QJsonValue &m : managed)
        out.managedFields.append(parseManagedFields(m.toObject()));
    out.desiredReplicas = spec.contains(u"replicas"_s) ? spec.value(u"replicas"_s).toInt() : 1;
    const QJsonObject templateAnnotations =
        spec.value(u"template"_s).toObject().value(u"metadata"_s).toObject().value(u"annotations"_s).toObject();
    out.restartedAt = rfc3339(templateAnnotations.value(u"kubectl.kubernetes.io/restartedAt"_s).toString());
    out.readyReplicas = status.value(u"readyReplicas"_s).toInt();
    out.updatedReplicas = status.value(u"updatedReplicas"_s).toInt();
    out.availableReplicas = status.value(u"availableReplicas"_s).toInt();
    out.observedGeneration = status.value(u"observedGeneration"_s).toInteger();
    QStringList parts;
    const QJsonArray conditions = status.value(u"conditions"_s).toArray();
    for (const QJsonValue &v : conditions) {
        const QJsonObject c = v.toObject();
        const QString type = c.value(u"type"_s).toString();
        const QString reason = c.value(u"reason"_s).toString();
        QString part = type + u'=' + c.value(u"status"_s).toString();
        if (!reason.isEmpty())
            part += u" ("_s + reason + u')';
        parts << part;
        if (type == u"Progressing"_s)
            out.progressingReason = reason;
    }
    out.conditions = parts.join(u", "_s);
    out.uid = meta.value(u"uid"_s).toString();
    out.annotations = stringMap(meta.value(u"annotations"_s));
    out.revision = out.annotations.value(u"deployment.kubernetes.io/revision"_s).toLongLong();
    out.changeCause = out.annotations.value(u"kubernetes.io/change-cause"_s);
    out.selector = stringMap(spec.value(u"selector"_s).toObject().value(u"matchLabels"_s));
    const QJsonArray containers =
        spec.value(u"template"_s).toObject().value(u"spec"_s).toObject().value(u"containers"_s).toArray();
    for (const QJsonValue &c : containers)
        out.images << c.toObject().value(u"image"_s).toString();
    out.paused = spec.value(u"paused"_s).toBool();
    return out;
}

DeploymentList parseDeploymentList(const QByteArray &body, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    const QJsonObject o = doc.object();
    if (!doc.isObject() || o.value(u"kind"_s).toString() != u"DeploymentList"_s) {
        *error = pe.error != QJsonParseError::NoError
            ? u"the API server's answer is not JSON: %1"_s.arg(pe.errorString())
            : u"the API server's answer is not a DeploymentList (kind '%1')"_s.arg(o.value(u"kind"_s).toString());
        return {};
    }
    DeploymentList out;
    const QJsonArray items = o.value(u"items"_s).toArray();
    out.reserve(items.size());
    for (const QJsonValue &v : items)
        out.append(parseDeployment(v.toObject()));
    error->clear();
    return out;
}

namespace {

ContainerTermination parseTermination(const QJsonObject &terminated)
{
    ContainerTermination t;
    t.reason = terminated.value(u"reason"_s).toString();
    t.exitCode = terminated.value(u"exitCode"_s).toInt();
    t.finishedAt = rfc3339(terminated.value(u"finishedAt"_s).toString());
    if (t.reason.isEmpty() && !terminated.isEmpty())
        t.reason = terminated.value(u"exitCode"_s).toInt() == 0 ? u"Completed"_s : u"Error"_s;
    return t;
}

} // namespace

PodInfo parsePod(const QJsonObject &pod)
{
    PodInfo out;
    const QJsonObject meta = pod.value(u"metadata"_s).toObject();
    const QJsonObject spec = pod.value(u"spec"_s).toObject();
    const QJsonObject status = pod.value(u"status"_s).toObject();
    out.name = meta.value(u"name"_s).toString();
    out.ns = meta.value(u"namespace"_s).toString();
    out.resourceVersion = meta.value(u"resourceVersion"_s).toString();
    out.created = rfc3339(meta.value(u"creationTimestamp"_s).toString());
    out.terminating = meta.contains(u"deletionTimestamp"_s);
    out.labels = stringMap(meta.value(u"labels"_s));
    for (const QJsonValue &v : meta.value(u"ownerReferences"_s).toArray()) {
        const QJsonObject o = v.toObject();
        if (!o.value(u"controller"_s).toBool() && !out.ownerKind.isEmpty())
            continue;
        out.ownerKind = o.value(u"kind"_s).toString();
        out.ownerName = o.value(u"name"_s).toString();
    }
    // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>, as kubectl assumes.
    const QString hash = out.labels.value(u"pod-template-hash"_s);
    if (out.ownerKind == u"ReplicaSet"_s && !hash.isEmpty() && out.ownerName.endsWith(u'-' + hash))
        out.deployment = out.ownerName.chopped(hash.size() + 1);
    out.node = spec.value(u"nodeName"_s).toString();
    out.phase = status.value(u"phase"_s).toString();

    QMap<QString, QJsonObject> statuses;
    for (const QJsonValue &v : status.value(u"containerStatuses"_s).toArray())
        statuses.insert(v.toObject().value(u"name"_s).toString(), v.toObject());
    for (const QJsonValue &v : spec.value(u"containers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        ContainerInfo info;
        info.name = c.value(u"name"_s).toString();
        info.image = c.value(u"image"_s).toString();
        const QJsonObject limits = c.value(u"resources"_s).toObject().value(u"limits"_s).toObject();
        info.memoryLimit = limits.value(u"memory"_s).toString();
        info.cpuLimit = limits.value(u"cpu"_s).toString();
        info.state = u"unknown"_s;
        const auto st = statuses.constFind(info.name);
        if (st != statuses.constEnd()) {
            info.ready = st->value(u"ready"_s).toBool();
            info.restarts = st->value(u"restartCount"_s).toInt();
            const QJsonObject state = st->value(u"state"_s).toObject();
            if (state.contains(u"running"_s)) {
                info.state = u"running"_s;
            } else if (state.contains(u"waiting"_s)) {
                info.state = u"waiting"_s;
                info.waitingReason = state.value(u"waiting"_s).toObject().value(u"reason"_s).toString();
            } else if (state.contains(u"terminated"_s)) {
                info.state = u"terminated"_s;
            }
            // The termination a restart count points at: the last state, or the current one
            // when the container is terminated now.
            const QJsonObject last = st->value(u"lastState"_s).toObject().value(u"terminated"_s).toObject();
            const QJsonObject now = state.value(u"terminated"_s).toObject();
            info.lastTermination = parseTermination(now.isEmpty() ? last : now);
        }
        out.containers.append(info);
    }
    return out;
}

namespace {

// One autoscaling/v2 metric source: "cpu 70 %", "memory 512Mi", "requests_per_second 100".
QString metricText(const QJsonObject &m, bool target)
{
    const QString type = m.value(u"type"_s).toString();
    const QJsonObject source = m.value(type.left(1).toLower() + type.mid(1)).toObject();
    QString name = source.value(u"name"_s).toString();
    if (name.isEmpty())
        name = source.value(u"metric"_s).toObject().value(u"name"_s).toString();
    const QJsonObject v = source.value(target ? u"target"_s : u"current"_s).toObject();
    if (v.contains(u"averageUtilization"_s))
        return u"%1 %2 %"_s.arg(name).arg(v.value(u"averageUtilization"_s).toInt());
    for (const QString &key : {u"averageValue"_s, u"value"_s})
        if (v.contains(key))
            return u"%1 %2"_s.arg(name, v.value(key).toVariant().toString());
    return name + u" <unknown>"_s;
}

} // namespace

AutoscalerInfo parseAutoscaler(const QJsonObject &hpa)
{
    AutoscalerInfo out;
    const QJsonObject meta = hpa.value(u"metadata"_s).toObject();
    const QJsonObject spec = hpa.value(u"spec"_s).toObject();
    const QJsonObject status = hpa.value(u"status"_s).toObject();
    out.name = meta.value(u"name"_s).toString();
    out.ns = meta.value(u"namespace"_s).toString();
    const QJsonObject ref = spec.value(u"scaleTargetRef"_s).toObject();
    out.targetKind = ref.value(u"kind"_s).toString();
    out.targetName = ref.value(u"name"_s).toString();
    out.minReplicas = spec.value(u"minReplicas"_s).toInt(1);
    out.maxReplicas = spec.value(u"maxReplicas"_s).toInt();
    out.currentReplicas = status.value(u"currentReplicas"_s).toInt();
    out.desiredReplicas = status.value(u"desiredReplicas"_s).toInt();
    out.lastScale = rfc3339(status.value(u"lastScaleTime"_s).toString());
    QStringList targets, current, conditions;
    for (const QJsonValue &m : spec.value(u"metrics"_s).toArray())
        targets << metricText(m.toObject(), true);
    const QJsonArray currentMetrics = status.value(u"currentMetrics"_s).toArray();
    for (const QJsonValue &m : currentMetrics)
        current << metricText(m.toObject(), false);
    if (currentMetrics.isEmpty())
        for (const QJsonValue &m : spec.value(u"metrics"_s).toArray())
            current << metricText(m.toObject(), true).section(u' ', 0, 0) + u" <unknown>"_s;
    for (const QJsonValue &v : status.value(u"conditions"_s).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(u"status"_s).toString() == u"True"_s)
            continue;
        conditions << u"%1=%2 (%3)"_s.arg(c.value(u"type"_s).toString(), c.value(u"status"_s).toString(),
                                          c.value(u"reason"_s).toString());
    }
    out.targets = targets.join(u", "_s);
    out.current = current.join(u", "_s);
    out.conditions = conditions.join(u", "_s);
    return out;
}

ListPage parseListPage(const QByteArray &body, const QString &kind, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    const QJsonObject o = doc.object();
    if (!doc.isObject() || o.value(u"kind"_s).toString() != kind) {
        *error = pe.error != QJsonParseError::NoError
            ? u"the API server's answer is not JSON: %1"_s.arg(pe.errorString())
            : u"the API server's answer is not a %1 (kind '%2')"_s.arg(kind, o.value(u"kind"_s).toString());
        return {};
    }
    ListPage page;
    page.items = o.value(u"items"_s).toArray();
    const QJsonObject meta = o.value(u"metadata"_s).toObject();
    page.resourceVersion = meta.value(u"resourceVersion"_s).toString();
    page.continueToken = meta.value(u"continue"_s).toString();
    error->clear();
    return page;
}

namespace {

// kubectl's annotationsToSkip (rollback.go): the Deployment's own, never copied from a ReplicaSet.
bool skippedOnRollback(const QString &key)
{
    static const QStringList skip{u"kubectl.kubernetes.io/last-applied-configuration"_s,
                                  u"deployment.kubernetes.io/revision"_s,
                                  u"deployment.kubernetes.io/revision-history"_s,
                                  u"deployment.kubernetes.io/desired-replicas"_s,
                                  u"deployment.kubernetes.io/max-replicas"_s,
                                  u"deprecated.deployment.rollback.to"_s};
    return skip.contains(key);
}

QJsonObject withoutHash(QJsonObject podTemplate)
{
    QJsonObject meta = podTemplate.value(u"metadata"_s).toObject();
    QJsonObject labels = meta.value(u"labels"_s).toObject();
    labels.remove(u"pod-template-hash"_s);
    meta.insert(u"labels"_s, labels);
    podTemplate.insert(u"metadata"_s, meta);
    return podTemplate;
}

} // namespace

QByteArray podTemplateJson(const QJsonObject &podTemplate)
{
    return QJsonDocument(withoutHash(podTemplate)).toJson(QJsonDocument::Indented);
}

RevisionInfo parseReplicaSet(const QJsonObject &rs)
{
    RevisionInfo out;
    const QJsonObject meta = rs.value(u"metadata"_s).toObject();
    const QJsonObject spec = rs.value(u"spec"_s).toObject();
    out.replicaSet = meta.value(u"name"_s).toString();
    out.created = rfc3339(meta.value(u"creationTimestamp"_s).toString());
    out.annotations = stringMap(meta.value(u"annotations"_s));
    out.revision = out.annotations.value(u"deployment.kubernetes.io/revision"_s).toLongLong();
    out.changeCause = out.annotations.value(u"kubernetes.io/change-cause"_s);
    out.replicas = spec.value(u"replicas"_s).toInt();
    out.readyReplicas = rs.value(u"status"_s).toObject().value(u"readyReplicas"_s).toInt();
    const QJsonObject podTemplate = spec.value(u"template"_s).toObject();
    for (const QJsonValue &c : podTemplate.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
        out.images << c.toObject().value(u"image"_s).toString();
    out.templateJson = podTemplateJson(podTemplate);
    return out;
}

bool ownedBy(const QJsonObject &rs, const QString &deploymentUid)
{
    for (const QJsonValue &v : rs.value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(u"controller"_s).toBool() && o.value(u"kind"_s).toString() == u"Deployment"_s
            && o.value(u"uid"_s).toString() == deploymentUid)
            return true;
    }
    return false;
}

QByteArray rollbackPatch(const RevisionInfo &target, const DeploymentInfo &before)
{
    QJsonObject annotations;
    for (auto it = before.annotations.begin(); it != before.annotations.end(); ++it)
        if (skippedOnRollback(it.key()))
            annotations.insert(it.key(), it.value());
    for (auto it = target.annotations.begin(); it != target.annotations.end(); ++it)
        if (!skippedOnRollback(it.key()))
            annotations.insert(it.key(), it.value());
    const QJsonArray ops{
        QJsonObject{{u"op"_s, u"test"_s}, {u"path"_s, u"/metadata/generation"_s}, {u"value"_s, before.generation}},
        QJsonObject{{u"op"_s, u"replace"_s},
                    {u"path"_s, u"/spec/template"_s},
                    {u"value"_s, QJsonDocument::fromJson(target.templateJson).object()}},
        // add: replaces the annotations, and works where there were none.
        QJsonObject{{u"op"_s, u"add"_s}, {u"path"_s, u"/metadata/annotations"_s}, {u"value"_s, annotations}}};
    return QJsonDocument(ops).toJson(QJsonDocument::Compact);
}

QByteArray restartPatch(const QString &restartedAtRfc3339)
{
    const QJsonObject annotations{{u"kubectl.kubernetes.io/restartedAt"_s, restartedAtRfc3339}};
    const QJsonObject patch{
        {u"spec"_s,
         QJsonObject{{u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, annotations}}}}}}}};
    return QJsonDocument(patch).toJson(QJsonDocument::Compact);
}

QByteArray scalePatch(int replicas)
{
    const QJsonObject patch{{u"spec"_s, QJsonObject{{u"replicas"_s, replicas}}}};
    return QJsonDocument(patch).toJson(QJsonDocument::Compact);
}

ApiError describeError(int httpStatus, const QByteArray &body, const QString &verb, const QString &resource,
                       const QString &name, const QString &ns, const QString &userName)
{
    ApiError e;
    const QJsonObject status = QJsonDocument::fromJson(body).object();
    const bool isStatus = status.value(u"kind"_s).toString() == u"Status"_s;
    QString serverMessage = isStatus ? status.value(u"message"_s).toString()
                                     : QString::fromUtf8(body.left(300)).simplified();
    e.reason = isStatus ? status.value(u"reason"_s).toString() : QString();
    const QString what = name.isEmpty() ? resource : u"%1 %2"_s.arg(resource, name);
    switch (httpStatus) {
    case 401:
        e.message = u"the API server rejected the credentials of kubeconfig user '%1' (401 Unauthorized)"_s.arg(
            userName);
        if (e.reason.isEmpty())
            e.reason = u"Unauthorized"_s;
        return e;
    case 403: {
        // `User "system:serviceaccount:x:y" cannot patch resource "deployments" in API group ...`
        static const QRegularExpression userRe(u"User \"([^\"]*)\""_s);
        static const QRegularExpression resourceRe(u"cannot (\\w+) resource \"([^\"]+)\""_s);
        const auto um = userRe.match(serverMessage);
        const auto rm = resourceRe.match(serverMessage);
        const QString who = um.hasMatch() ? um.captured(1) : userName;
        const QString v = rm.hasMatch() ? rm.captured(1) : verb;
        const QString r = rm.hasMatch() ? rm.captured(2) : resource;
        e.message = u"your identity %1 may not %2 %3 in namespace %4"_s.arg(who, v, r, ns);
        if (e.reason.isEmpty())
            e.reason = u"Forbidden"_s;
        return e;
    }
    case 404:
        e.message = name.isEmpty() ? u"namespace %1 or its %2 not found on the API server"_s.arg(ns, resource)
                                   : u"%1 not found in namespace %2"_s.arg(what, ns);
        break;
    case 409:
        e.message =
            u"conflict: %1 in namespace %2 was changed by someone else since it was read; nothing was changed — look again and retry"_s
                .arg(what, ns);
        break;
    case 422: e.message = u"the API server refused the change to %1 as invalid"_s.arg(what); break;
    case 429: e.message = u"the API server is throttling requests (429 Too Many Requests)"_s; break;
    default: e.message = u"the API server answered HTTP %1 to %2 %3"_s.arg(httpStatus).arg(verb, what); break;
    }
    if (!serverMessage.isEmpty())
        e.message += u": "_s + serverMessage;
    return e;
}

} // namespace sagadeck::kubejson
