#include "BackendActionPlan.h"

#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString backendActionVerbName(BackendActionVerb verb)
{
    return verb == BackendActionVerb::Terminate ? u"terminate-backend"_s : u"cancel-query"_s;
}

void registerBackendActionMetaTypes()
{
    qRegisterMetaType<BackendActionRequest>();
    qRegisterMetaType<BackendActionPlan>();
    qRegisterMetaType<BackendLookup>();
}

ActionTargets BackendActionPlan::targets() const
{
    return {u"backend"_s, database, {QString::number(request.pid)}};
}

QString BackendActionPlan::summary() const
{
    const QString what = request.verb == BackendActionVerb::Terminate
        ? u"terminate backend %1"_s.arg(request.pid)
        : u"cancel the query of backend %1"_s.arg(request.pid);
    if (!found)
        return what;
    return what + u" ("_s + before.user + (before.application.isEmpty() ? QString() : u", "_s + before.application)
        + u")"_s;
}

QString BackendActionPlan::describe() const
{
    QStringList lines;
    if (production)
        lines << u"*** PRODUCTION profile '%1' ***"_s.arg(profile);
    lines << u"Action:      "_s + summary();
    lines << u"As:          "_s
            + (request.verb == BackendActionVerb::Terminate ? u"SELECT pg_terminate_backend(%1)"_s.arg(request.pid)
                                                            : u"SELECT pg_cancel_backend(%1)"_s.arg(request.pid))
            + u", only while pid %1 is still this backend"_s.arg(request.pid)
            + (request.verb == BackendActionVerb::Cancel ? u" running this query"_s : QString());
    lines << u"Where:       database %1, profile %2, as role %3%4"_s.arg(
        database.isEmpty() ? u"?"_s : database, profile,
        operatorRole.isEmpty() ? u"(from the operator conninfo)"_s : operatorRole,
        operatorHost.isEmpty() ? QString() : u" on "_s + operatorHost);
    if (found) {
        const RunningQuery &b = before;
        lines << u"Backend:     pid %1, user %2, application %3, client %4"_s.arg(b.pid).arg(
            b.user, b.application.isEmpty() ? u"(none)"_s : b.application, clientText(b.clientAddr));
        lines << u"State:       %1%2, %3 %4"_s.arg(
            b.state.isEmpty() ? u"(unknown)"_s : b.state,
            b.waitEvent.isEmpty() ? QString() : u" (waiting on "_s + b.waitEvent + u')',
            b.state == u"active"_s ? u"running for"_s : u"last query started"_s,
            runningForText(b.runningS) + (b.state == u"active"_s ? QString() : u" ago"_s));
        if (isLongRunning(b, longQueryAfterS))
            lines << u"             ▲ longer than %1 (the long-query threshold)"_s.arg(runningForText(longQueryAfterS));
        lines << u"Query:       "_s + printableQuery(b);
    }
    if (request.verb == BackendActionVerb::Terminate)
        lines << u"Effect:      the session ends and its open transaction is rolled back; the client sees its "
                 u"connection closed"_s;
    else
        lines << u"Effect:      the running statement fails with \"canceling statement due to user request\"; "
                 u"the session stays"_s;
    if (!refusal.isEmpty())
        lines << u"Refused:     "_s + refusal;
    else if (!noOp.isEmpty())
        lines << u"Nothing to do: "_s + noOp;
    return lines.join(u'\n');
}

QString printableQuery(const RunningQuery &b)
{
    // Control characters out (a query is outside text), cut with the count of the rest.
    QString q = printableText(b.query.simplified(), 500);
    if (b.queryChars > b.query.size())
        q += u" (%1 characters in all)"_s.arg(b.queryChars);
    return q.isEmpty() ? u"(none)"_s : q;
}

} // namespace sagadeck
