#pragma once

#include "BackendActionPlan.h"

namespace sagadeck {

// Pure rules of cancel query and terminate backend (no I/O), applied by the planner to the
// backend it read.
class BackendActionRules
{
public:
    // Before any read: the request itself. Empty when fine, else why not.
    static QString checkRequest(const BackendActionRequest &request);
    // Against the backend as read. Returns the refusal (empty: none); sets `noOp` when there is
    // nothing to do (cancel of a backend that runs no query). Refused: a pid that is not a
    // backend any more, the console's own sessions (the reader, and any session whose
    // application_name starts with "sagadeck": they reconnect at once and free nothing), a
    // process that is not a client backend (autovacuum, walsender, checkpointer...), and a
    // backend of another database than the one the profile watches.
    static QString checkAgainst(const BackendActionRequest &request, const BackendLookup &lookup, QString *noOp);
    // Always a reason and the typed pid: a pid is easily mistyped and the effect is not undone.
    static ConfirmationRequirement confirmationFor(const BackendActionRequest &request);
    // The operator conninfo's user and host:port (for the preview and the audit identity);
    // empty where it does not say them.
    static QString conninfoValue(const QString &conninfo, const QString &keyword);
};

} // namespace sagadeck
