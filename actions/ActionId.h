#pragma once

#include <QMetaType>
#include <QString>
#include <QUuid>

namespace sagadeck {

// One id per operator intent (docs/architecture.md). It is made once when the operator confirms and
// reused on every network retry of that intent, so the server can recognise repeats: it is
// sent as the orchestrator's Idempotency-Key and written to both audit records.
class ActionId
{
public:
    static ActionId create();
    // Parses the text form written to the audit log; returns a null id on malformed input.
    static ActionId fromString(const QString &text);

    bool isNull() const { return m_uuid.isNull(); }
    // Lower-case RFC 4122 text without braces, as HTTP headers and JSON want it.
    QString toString() const;

    friend bool operator==(const ActionId &a, const ActionId &b) { return a.m_uuid == b.m_uuid; }
    friend bool operator!=(const ActionId &a, const ActionId &b) { return !(a == b); }

private:
    QUuid m_uuid;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::ActionId)
