#pragma once

#include <QString>
#include <QStringList>

namespace sagadeck {

// What an action acts on, named as its audit records name it (AuditRecord::target, without the
// profile): the key by which the team trail finds someone else's action on the same thing.
struct ActionTargets
{
    QString kind;      // "deployment", "saga", "consumer-group", "topic", "backend"
    QString ns;        // the namespace or the database; empty where the kind has none
    QStringList names; // one per item, in the plan's order
};

} // namespace sagadeck
