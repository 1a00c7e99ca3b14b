#include "BackendActionRules.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString BackendActionRules::checkRequest(const BackendActionRequest &request)
{
    if (request.pid <= 0)
        return u"'%1' is not a backend pid (a whole number > 0)"_s.arg(request.pid);
    return {};
}

QString BackendActionRules::checkAgainst(const BackendActionRequest &request, const BackendLookup &lookup,
                                         QString *noOp)
{
    const int pid = request.pid;
    if (!lookup.error.isEmpty())
        return u"pid %1 could not be read from pg_stat_activity: %2"_s.arg(pid).arg(lookup.error);
    if (!lookup.found)
        return u"pid %1 is not in pg_stat_activity: no such backend (it may have ended)"_s.arg(pid);
    const RunningQuery &b = lookup.backend;
    if (pid == lookup.readerPid)
        return u"pid %1 is this console's own session"_s.arg(pid);
    if (b.application.startsWith(u"sagadeck"_s))
        return u"pid %1 is a sagadeck console's own session (application %2): it reconnects at once and "
               u"frees nothing"_s.arg(pid)
                   .arg(b.application);
    if (b.backendType != u"client backend"_s)
        return u"pid %1 is a %2, not a client backend: the console only signals applications' sessions"_s.arg(pid).arg(
            b.backendType.isEmpty() ? u"server process"_s : b.backendType);
    if (!lookup.watchedDatabase.isEmpty() && lookup.database != lookup.watchedDatabase)
        return u"pid %1 is connected to database %2, not to %3 (the profile's)"_s.arg(pid).arg(
            lookup.database.isEmpty() ? u"(none)"_s : lookup.database, lookup.watchedDatabase);
    if (request.verb == BackendActionVerb::Cancel && b.state != u"active"_s && noOp)
        *noOp = u"pid %1 runs no query now (state %2): there is nothing to cancel%3"_s.arg(pid).arg(
            b.state.isEmpty() ? u"unknown"_s : b.state,
            b.state.startsWith(u"idle in transaction"_s) ? u" — terminate the backend to end its open transaction"_s
                                                         : QString());
    return {};
}

ConfirmationRequirement BackendActionRules::confirmationFor(const BackendActionRequest &request)
{
    ConfirmationRequirement c;
    c.kind = ConfirmationRequirement::Kind::TypeTarget;
    c.expected = QString::number(request.pid);
    c.prompt = request.verb == BackendActionVerb::Terminate
        ? u"Type the pid %1 to terminate that backend"_s.arg(request.pid)
        : u"Type the pid %1 to cancel its query"_s.arg(request.pid);
    return c;
}

QString BackendActionRules::conninfoValue(const QString &conninfo, const QString &keyword)
{
    // keyword=value or keyword='quoted value' (libpq's keyword/value form); a URI's user and host.
    const QString text = conninfo.trimmed();
    if (text.startsWith(u"postgres"_s) && text.contains(u"://"_s)) {
        static const QRegularExpression uri(u"^[a-z]+://(?:([^:@/]*)(?::[^@/]*)?@)?([^/?]*)"_s);
        const auto m = uri.match(text);
        if (!m.hasMatch())
            return {};
        return keyword == u"user"_s ? QUrl::fromPercentEncoding(m.captured(1).toUtf8())
            : keyword == u"host"_s  ? m.captured(2)
                                    : QString();
    }
    const QRegularExpression kv(u"(?:^|\\s)"_s + QRegularExpression::escape(keyword)
                                + u"\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)"_s);
    const auto m = kv.match(text);
    if (!m.hasMatch())
        return {};
    QString v = m.captured(1);
    if (v.startsWith(u'\'')) {
        v = v.mid(1, v.size() - 2);
        v.replace(u"\\'"_s, u"'"_s).replace(u"\\\\"_s, u"\\"_s);
    }
    return v;
}

} // namespace sagadeck
