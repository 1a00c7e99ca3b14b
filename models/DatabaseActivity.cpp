#include "DatabaseActivity.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

bool isLongRunning(const RunningQuery &q, int thresholdS)
{
    return q.runningS >= 0 && thresholdS > 0 && q.runningS >= thresholdS;
}

int longRunningCount(const QVector<RunningQuery> &running, int thresholdS)
{
    int n = 0;
    for (const RunningQuery &q : running)
        n += isLongRunning(q, thresholdS) ? 1 : 0;
    return n;
}

QString runningForText(double seconds)
{
    if (seconds < 0)
        return u"—"_s;
    const qint64 s = qint64(seconds);
    if (s < 60)
        return u"%1 s"_s.arg(s);
    if (s < 3600)
        return u"%1 min %2 s"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
    if (s < 86400)
        return u"%1 h %2 min"_s.arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar(u'0'));
    return u"%1 d %2 h"_s.arg(s / 86400).arg((s % 86400) / 3600);
}

QString statementsNotInstalledText(const QString &database, bool preloaded)
{
    const QString how = preloaded
        ? u"run CREATE EXTENSION pg_stat_statements; in database %1 (as its owner or a superuser)"_s.arg(database)
        : u"add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart Postgres, then run "
          u"CREATE EXTENSION pg_stat_statements; in database %1"_s.arg(database);
    return (preloaded ? u"pg_stat_statements is loaded but not installed in database %1: "_s.arg(database)
                      : u"pg_stat_statements is not loaded (shared_preload_libraries) on this server: "_s)
        + how + u"."_s;
}

QString clientText(const QString &clientAddr)
{
    return clientAddr.isEmpty() ? u"local socket"_s : clientAddr;
}

} // namespace sagadeck
