#pragma once

#include "ActionId.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sagadeck {

// What an action was aimed at: enough to find it again without the console.
struct AuditTarget
{
    QString profile;
    QString ns;   // Kubernetes namespace; empty for sagas
    QString kind; // "saga", "deployment"
    QString name; // saga id, deployment name
};

enum class AuditKind
{
    Intent,
    Outcome
};
enum class AuditResult
{
    None,
    Done,
    Failed,
    Unknown
};

QString auditKindName(AuditKind kind);       // intent | outcome
QString auditResultName(AuditResult result); // "" | done | failed | unknown

// One line of audit.jsonl. An intent is written before the request leaves, an outcome after
// the effect was verified (or could not be). Both carry the same ActionId.
struct AuditRecord
{
    AuditKind kind = AuditKind::Intent;
    ActionId actionId;
    QString batchId; // shared by the items of one bulk action; empty for single ones
    QDateTime at;    // UTC, milliseconds
    QString osUser;
    QString profile;
    QString identity; // Kubernetes user when known, else the orchestrator requested_by
    QString verb;     // retry, compensate, restart, scale
    AuditTarget target;
    QJsonObject parameters; // redacted when serialised
    QString reason;
    // Outcome only:
    AuditResult result = AuditResult::None;
    QString message;
    QString serverRequestId;
    qint64 durationMs = -1;

    // The JSON object written to the log, with secrets in `parameters` replaced.
    QJsonObject toJson() const;
    // Reads a line's object back; nullopt with `error` set when a required field is missing.
    static std::optional<AuditRecord> fromJson(const QJsonObject &o, QString *error);
};

// Keys containing token, password or secret (any case, at any depth) get "<redacted>".
QJsonObject redactSecrets(const QJsonObject &parameters);

// The OS user running the console ($USER, else the passwd entry of the effective uid).
QString currentOsUser();

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::AuditRecord)
