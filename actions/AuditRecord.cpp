#include "AuditRecord.h"

#include <QJsonArray>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

bool isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    return k.contains(u"token"_s) || k.contains(u"password"_s) || k.contains(u"secret"_s);
}

QJsonValue redactValue(const QJsonValue &v);

QJsonArray redactArray(const QJsonArray &a)
{
    QJsonArray out;
    for (const QJsonValue &v : a)
        out.append(redactValue(v));
    return out;
}

QJsonValue redactValue(const QJsonValue &v)
{
    if (v.isObject())
        return redactSecrets(v.toObject());
    if (v.isArray())
        return redactArray(v.toArray());
    return v;
}

} // namespace

QString auditKindName(AuditKind kind)
{
    return kind == AuditKind::Intent ? u"intent"_s : u"outcome"_s;
}

QString auditResultName(AuditResult result)
{
    switch (result) {
    case AuditResult::None: return QString();
    case AuditResult::Done: return u"done"_s;
    case AuditResult::Failed: return u"failed"_s;
    case AuditResult::Unknown: return u"unknown"_s;
    }
    return QString();
}

QJsonObject redactSecrets(const QJsonObject &parameters)
{
    QJsonObject out;
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
        out.insert(it.key(), isSecretKey(it.key()) ? QJsonValue(u"<redacted>"_s) : redactValue(it.value()));
    return out;
}

QString currentOsUser()
{
    const QString env = qEnvironmentVariable("USER");
    if (!env.isEmpty())
        return env;
    if (const passwd *pw = getpwuid(geteuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return u"uid %1"_s.arg(geteuid());
}

QJsonObject AuditRecord::toJson() const
{
    QJsonObject o{{u"kind"_s, auditKindName(kind)},
                  {u"action_id"_s, actionId.toString()},
                  {u"time"_s, at.toUTC().toString(Qt::ISODateWithMs)},
                  {u"os_user"_s, osUser},
                  {u"profile"_s, profile},
                  {u"identity"_s, identity},
                  {u"verb"_s, verb},
                  {u"target"_s,
                   QJsonObject{{u"profile"_s, target.profile},
                               {u"namespace"_s, target.ns},
                               {u"kind"_s, target.kind},
                               {u"name"_s, target.name}}},
                  {u"parameters"_s, redactSecrets(parameters)},
                  {u"reason"_s, reason}};
    if (!batchId.isEmpty())
        o.insert(u"batch_id"_s, batchId);
    if (kind == AuditKind::Outcome) {
        o.insert(u"result"_s, auditResultName(result));
        o.insert(u"message"_s, message);
        o.insert(u"server_request_id"_s, serverRequestId);
        o.insert(u"duration_ms"_s, durationMs);
    }
    return o;
}

std::optional<AuditRecord> AuditRecord::fromJson(const QJsonObject &o, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    AuditRecord r;
    const QString kind = o.value(u"kind"_s).toString();
    if (kind == u"intent"_s)
        r.kind = AuditKind::Intent;
    else if (kind == u"outcome"_s)
        r.kind = AuditKind::Outcome;
    else
        return fail(u"\"kind\" must be intent or outcome, got '%1'"_s.arg(kind));
    r.actionId = ActionId::fromString(o.value(u"action_id"_s).toString());
    if (r.actionId.isNull())
        return fail(u"\"action_id\" is missing or not an ActionId"_s);
    r.at = QDateTime::fromString(o.value(u"time"_s).toString(), Qt::ISODateWithMs);
    if (!r.at.isValid())
        return fail(u"\"time\" is missing or not an ISO 8601 time"_s);
    r.at = r.at.toUTC();
    r.verb = o.value(u"verb"_s).toString();
    if (r.verb.isEmpty())
        return fail(u"\"verb\" is missing"_s);
    r.batchId = o.value(u"batch_id"_s).toString();
    r.osUser = o.value(u"os_user"_s).toString();
    r.profile = o.value(u"profile"_s).toString();
    r.identity = o.value(u"identity"_s).toString();
    const QJsonObject t = o.value(u"target"_s).toObject();
    r.target = {t.value(u"profile"_s).toString(), t.value(u"namespace"_s).toString(), t.value(u"kind"_s).toString(),
                t.value(u"name"_s).toString()};
    r.parameters = o.value(u"parameters"_s).toObject();
    r.reason = o.value(u"reason"_s).toString();
    if (r.kind == AuditKind::Outcome) {
        const QString result = o.value(u"result"_s).toString();
        if (result == u"done"_s)
            r.result = AuditResult::Done;
        else if (result == u"failed"_s)
            r.result = AuditResult::Failed;
        else if (result == u"unknown"_s)
            r.result = AuditResult::Unknown;
        else
            return fail(u"an outcome needs \"result\" done, failed or unknown, got '%1'"_s.arg(result));
        r.message = o.value(u"message"_s).toString();
        r.serverRequestId = o.value(u"server_request_id"_s).toString();
        r.durationMs = qint64(o.value(u"duration_ms"_s).toDouble(-1));
    }
    return r;
}

} // namespace sagadeck
