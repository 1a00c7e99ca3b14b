#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

// One backend of the watched database as pg_stat_activity shows it (the Database page's
// running queries, and what a cancel or terminate acts on). Text fields come from the watched
// system: shown as plain text only.
struct RunningQuery
{
    int pid = 0;
    QString user;
    QString application;
    QString clientAddr;  // empty: a Unix socket
    QString state;       // active, idle in transaction, ...
    QString backendType; // "client backend" for an application's connection
    QString waitEvent;   // "Timeout:PgSleep", "Lock:transactionid"; empty when not waiting
    QString query;       // cut to queryTextChars, see queryChars for the whole length
    int queryChars = 0;
    double runningS = -1;    // since query_start (database time); -1: unknown
    qint64 queryStartUs = 0; // query_start, µs since the epoch; 0: unknown (a pid's identity with backendStartUs)
    qint64 backendStartUs = 0;
    qint64 xactStartUs = 0;

    bool operator==(const RunningQuery &o) const
    {
        return pid == o.pid && user == o.user && application == o.application && clientAddr == o.clientAddr
            && state == o.state && backendType == o.backendType && waitEvent == o.waitEvent && query == o.query
            && queryChars == o.queryChars && runningS == o.runningS && queryStartUs == o.queryStartUs
            && backendStartUs == o.backendStartUs && xactStartUs == o.xactStartUs;
    }
    bool sameKey(const RunningQuery &o) const { return pid == o.pid && backendStartUs == o.backendStartUs; }
};

// One row of pg_stat_statements (the watched database's statements).
struct SlowStatement
{
    qint64 queryId = 0;
    QString user;
    qint64 calls = 0;
    qint64 rows = 0;
    double meanMs = 0;
    double totalMs = 0;
    QString query; // normalised text, cut to queryTextChars; plain text
    int queryChars = 0;

    bool operator==(const SlowStatement &o) const
    {
        return queryId == o.queryId && user == o.user && calls == o.calls && rows == o.rows && meanMs == o.meanMs
            && totalMs == o.totalMs && query == o.query && queryChars == o.queryChars;
    }
    bool sameKey(const SlowStatement &o) const { return queryId == o.queryId && user == o.user; }
};

// What the Database page shows, read at one database instant: a value that crosses threads.
struct DatabaseActivity
{
    QString database;
    QVector<RunningQuery> running; // non-idle backends of the database (not the reading session), longest first
    // pg_stat_statements: the top statementRows by mean and by total execution time. When the
    // extension cannot be read, statementsProblem says why (and how to install it); never an
    // empty table standing for "nothing slow".
    bool statementsAvailable = false;
    QString statementsProblem;
    QVector<SlowStatement> byMean;
    QVector<SlowStatement> byTotal;
    QDateTime at; // database time of the reading

    static constexpr int statementRows = 20;
    static constexpr int queryTextChars = 1000;
};

// One backend looked up by pid (a cancel or terminate's preview and read-back), with what
// tells the console's own sessions apart.
struct BackendLookup
{
    QString error; // non-empty: the read failed, and why
    bool found = false;
    RunningQuery backend;
    QString database;        // the backend's database (empty: none, a background process)
    QString watchedDatabase; // the profile's database (current_database() of the reader)
    int readerPid = 0;       // the reading session's own pid
    QDateTime at;            // database time of the reading
};

// The default of postgres.long_query_after_s: the runbook checks queries over 5 minutes.
inline constexpr int kDefaultLongQueryAfterS = 300;

// Whether a backend's query has run longer than the threshold (a known duration only).
bool isLongRunning(const RunningQuery &q, int thresholdS);
// How many of the backends run longer than the threshold.
int longRunningCount(const QVector<RunningQuery> &running, int thresholdS);
// "42 s", "5 min 03 s", "2 h 07 min"; "—" for an unknown duration.
QString runningForText(double seconds);
// What to do when pg_stat_statements cannot be read, said plainly (database: where it is missing).
QString statementsNotInstalledText(const QString &database, bool preloaded);
// "10.0.0.7" or "local socket".
QString clientText(const QString &clientAddr);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::RunningQuery)
Q_DECLARE_METATYPE(sagadeck::DatabaseActivity)
Q_DECLARE_METATYPE(sagadeck::BackendLookup)
