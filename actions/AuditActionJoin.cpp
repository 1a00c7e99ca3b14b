#include "AuditActionJoin.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// What the operator asked for, short enough for a marker: the target replica count of a
// scale. The rest of the parameters (context, server, values before) stays in the Audit page.
QString parametersText(const QJsonObject &parameters)
{
    const QJsonValue replicas = parameters.value(u"replicas"_s);
    return replicas.isUndefined() ? QString() : u"replicas="_s + replicas.toVariant().toString();
}

ConsoleAction fromRecord(const AuditRecord &r)
{
    ConsoleAction a;
    a.actionId = r.actionId.toString();
    a.at = r.at.toUTC();
    a.osUser = r.osUser;
    a.identity = r.identity;
    a.verb = r.verb;
    a.targetKind = r.target.kind;
    a.targetName = r.target.name;
    a.ns = r.target.ns;
    a.reason = r.reason;
    a.parameters = parametersText(r.parameters);
    return a;
}

} // namespace

QVector<ConsoleAction> joinAuditRecords(const QVector<AuditRecord> &records)
{
    QVector<ConsoleAction> out;
    QHash<QString, qsizetype> byId;
    for (const AuditRecord &r : records) {
        const QString id = r.actionId.toString();
        auto it = byId.constFind(id);
        if (it == byId.cend()) {
            byId.insert(id, out.size());
            out.append(fromRecord(r));
            it = byId.constFind(id);
        }
        ConsoleAction &a = out[*it];
        if (r.kind == AuditKind::Intent) {
            // The intent is the authority on who, what and why (it may follow its outcome
            // in a log that was appended to by two processes).
            const ConsoleAction intent = fromRecord(r);
            a.at = intent.at;
            a.osUser = intent.osUser;
            a.identity = intent.identity;
            a.reason = intent.reason;
            a.parameters = intent.parameters;
        } else {
            a.finishedAt = r.at.toUTC();
            a.result = auditResultName(r.result);
            a.message = r.message;
            if (a.identity.isEmpty())
                a.identity = r.identity;
        }
    }
    return out;
}

} // namespace sagadeck
