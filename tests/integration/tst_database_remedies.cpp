// The Database page's remedies on the real stack (issue 20): a query that sleeps past the
// long-query threshold is listed and marked, cancelled and terminated through the action pipeline
// (BackendActionPlanner, ActionPipeline with BackendActionTarget, AuditWriter) as the stack's
// operator role, and psql is the witness that it is gone from pg_stat_activity. The read-only
// console role as operator is refused by Postgres and said so; a read-only profile is refused
// before anything is sent; pg_stat_statements as the console reads it equals psql's answer.
#include "ActionContext.h"
#include "AuditLogReader.h"
#include "AuditWriter.h"
#include "BackendActionPlanner.h"
#include "BackendActionTarget.h"
#include "BackendSignalWorker.h"
#include "DatabaseActivityStore.h"
#include "DatabaseActivityWorker.h"
#include "ProfileStore.h"
#include "QueuedSpy.h"
#include "StackInfo.h"
#include "StatePaths.h"
#include "WorkerThread.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// A session of the workload's role that runs a long statement, as an application would: psql
// reading its commands from stdin, so a cancelled statement leaves the session open (idle).
struct Sleeper
{
    QProcess process;
    int pid = 0;
    QString app;

    ~Sleeper()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    QString output()
    {
        return QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
    }
};

} // namespace

class TestDatabaseRemedies : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    std::optional<Profile> m_profile;
    QTemporaryDir m_dir;
    QTemporaryDir m_state;
    QString m_profilePath;
    WorkerThread m_auditWorker, m_signalWorker, m_consoleAsOperatorWorker, m_activityWorker;
    AuditWriter *m_audit = nullptr;
    BackendSignalWorker *m_backends = nullptr;
    BackendSignalWorker *m_consoleAsOperator = nullptr; // the read-only console role as "operator"
    DatabaseActivityWorker *m_activity = nullptr;
    int m_sleepers = 0;

    QString pg(const QString &key) const { return m_stack.string(u"postgres"_s, key); }

    // psql as the console role (the same visibility as the console), unaligned, one value per line.
    QString psql(const QString &sql, const QString &conninfo = QString()) const
    {
        QProcess p;
        p.start(u"psql"_s,
                {u"-XAt"_s, u"-F"_s, u"|"_s, u"-d"_s, conninfo.isEmpty() ? pg(u"console_conninfo"_s) : conninfo,
                 u"-c"_s, sql});
        if (!p.waitForFinished(20000) || p.exitCode() != 0)
            return u"psql failed: "_s + QString::fromLocal8Bit(p.readAllStandardError());
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    // Starts `SELECT pg_sleep(600)` as saga_sim and waits until pg_stat_activity shows it running.
    bool startSleeper(Sleeper &s)
    {
        s.app = u"db-remedies-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_sleepers);
        s.process.start(u"psql"_s, {u"-X"_s, u"-d"_s, pg(u"sim_conninfo"_s) + u" application_name="_s + s.app});
        if (!s.process.waitForStarted(10000))
            return false;
        s.process.write("SELECT pg_sleep(600);\n");
        return QTest::qWaitFor(
            [&] {
                const QString pid = psql(u"SELECT pid FROM pg_stat_activity WHERE application_name = '%1' AND "
                                         u"state = 'active' AND query LIKE 'SELECT pg_sleep%%'"_s.arg(s.app));
                s.pid = pid.toInt();
                return s.pid > 0;
            },
            20000);
    }

    int backendsWithPid(int pid) const
    {
        return psql(u"SELECT count(*) FROM pg_stat_activity WHERE pid = %1"_s.arg(pid)).toInt();
    }

    ActionContext context(BackendSignalWorker *backends, bool readOnly = false) const
    {
        ActionContext c;
        c.profile = u"local"_s;
        c.readOnly = readOnly;
        c.readOnlyWhy = u"profile 'local' is read_only: no mutating request may leave the console"_s;
        c.audit = m_audit;
        c.backends = backends;
        c.operatorConninfo = backends == m_backends ? m_profile->postgres.operatorConninfo : pg(u"console_conninfo"_s);
        c.longQueryAfterS = 2;
        return c;
    }

    static BackendActionPlan plan(const ActionContext &ctx, BackendActionVerb verb, int pid)
    {
        BackendActionPlanner planner(ctx);
        QSignalSpy ready(&planner, &BackendActionPlanner::planReady);
        planner.prepare({verb, pid});
        if (ready.isEmpty() && !ready.wait(30000))
            return {};
        return ready.first().first().value<BackendActionPlan>();
    }

    static ActionReport run(const ActionContext &ctx, const BackendActionPlan &p, const QString &typed, bool *started)
    {
        std::unique_ptr<ActionPipeline> pipeline(ctx.backendPipeline(p, nullptr));
        QSignalSpy finished(pipeline.get(), &ActionPipeline::finished);
        *started = pipeline->start(typed, u"integration test"_s);
        if (finished.isEmpty() && !finished.wait(60000))
            return {};
        return finished.first().first().value<ActionReport>();
    }

    QList<AuditRecord> auditOf(const ActionId &id) const
    {
        QList<AuditRecord> out;
        for (const AuditRecord &rec : AuditLogReader::read(StatePaths().auditLogPath()).records)
            if (rec.actionId == id)
                out << rec;
        return out;
    }
    int auditLines() const { return AuditLogReader::read(StatePaths().auditLogPath()).lines; }

    std::optional<DatabaseActivity> fetchActivity(DatabaseActivityWorker *w)
    {
        static quint64 next = 1;
        const quint64 id = next++;
        QueuedSpy ok(w, &DatabaseActivityWorker::activityReady);
        QueuedSpy failed(w, &DatabaseActivityWorker::activityFailed);
        QMetaObject::invokeMethod(w, "fetch", Qt::QueuedConnection, Q_ARG(quint64, id));
        if (!QTest::qWaitFor([&] { return !ok.isEmpty() || !failed.isEmpty(); }, 20000) || ok.isEmpty()) {
            if (!failed.isEmpty())
                qWarning("activity failed: %s", qPrintable(failed.first().at(1).toString()));
            return std::nullopt;
        }
        return ok.first().at(1).value<DatabaseActivity>();
    }

    // `sagadeck act ...` with the test's audit log.
    int runCli(const QStringList &args, QByteArray *output) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_STATE_HOME"_s, m_state.path());
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("SAGADECK_BIN"), QStringList{u"act"_s} + args);
        if (!p.waitForStarted(10000))
            return -1;
        p.closeWriteChannel();
        const bool finished = p.waitForFinished(60000);
        *output = p.readAllStandardOutput() + p.readAllStandardError();
        if (!finished) {
            p.kill();
            p.waitForFinished(5000);
            return -2;
        }
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
    }

    // The stack's profile with one line changed under postgres: (`from` replaced by `to`).
    QString profileWith(const QString &name, const QString &from, const QString &to) const
    {
        QFile in(m_profilePath);
        if (!in.open(QIODevice::ReadOnly))
            return {};
        QString text = QString::fromUtf8(in.readAll());
        text.replace(from, to);
        const QString path = m_dir.filePath(name);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(text.toUtf8());
        return path;
    }

    // A killed psql leaves its backend sleeping on the server: end every sleeper of this test
    // (as the operator role), so the tests after it find the connections they expect.
    void endSleepers() const
    {
        const QString ended = psql(
            u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE "
            u"'db-remedies-%1-%%'"_s.arg(QCoreApplication::applicationPid()),
            pg(u"operator_conninfo"_s));
        if (ended.startsWith(u"psql failed"_s))
            qWarning("%s", qPrintable(ended));
    }

private slots:
    void initTestCase();
    void cleanup() { endSleepers(); }
    void cleanupTestCase() { endSleepers(); }
    void longQueryIsListedAndMarked();
    void snapshotShowsTheLongQuery();
    void terminateThroughThePipeline();
    void cancelThroughThePipeline();
    void cliTerminates();
    void readOnlyConsoleRoleAsOperatorIsRefusedByPostgres();
    void readOnlyProfileIsRefusedBeforeSending();
    void ownAndBackgroundBackendsAreRefused();
    void statementsEqualPsql();
    void missingExtensionIsSaidWithHowToInstall();
};

void TestDatabaseRemedies::initTestCase()
{
    QVERIFY(m_state.isValid());
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_state.path()));
    m_stack = StackInfo::load();
    QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
    QVERIFY2(!pg(u"operator_conninfo"_s).isEmpty(), "stack.json has no operator role: restart the stack");
    m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
    QString error;
    QVERIFY2(StackInfo::writeProfile(m_profilePath, &error), qPrintable(error));
    const ProfileLoadResult loaded = ProfileStore::load(m_profilePath);
    m_profile = ProfileStore::select(loaded, QString(), &error);
    QVERIFY2(m_profile, qPrintable(error));
    // `stack env` gives the console an operator connection as the stack's operator role.
    QVERIFY2(m_profile->postgres.operatorConninfo.contains(u"user=sagadeck_operator"_s),
             qPrintable(m_profile->postgres.operatorConninfo));
    QVERIFY(m_profile->postgres.conninfo.contains(u"user=sagadeck "_s));
    // The operator role may signal and is read-only by default; the console's role may not signal.
    QCOMPARE(psql(u"SELECT pg_has_role('sagadeck_operator', 'pg_signal_backend', 'member'), "
                  u"pg_has_role('sagadeck', 'pg_signal_backend', 'member')"_s),
             u"t|f"_s);

    AuditWriter::registerMetaTypes();
    BackendSignalWorker::registerMetaTypes();
    DatabaseActivityWorker::registerMetaTypes();
    registerBackendActionMetaTypes();
    m_audit = m_auditWorker.run(new AuditWriter(StatePaths().auditLogPath()));
    m_backends = m_signalWorker.run(
        new BackendSignalWorker(m_profile->postgres, m_profile->postgres.operatorSettings()));
    PostgresSettings consoleAsOperator = m_profile->postgres;
    consoleAsOperator.operatorConninfo = m_profile->postgres.conninfo;
    m_consoleAsOperator = m_consoleAsOperatorWorker.run(
        new BackendSignalWorker(m_profile->postgres, consoleAsOperator.operatorSettings()));
    m_activity = m_activityWorker.run(new DatabaseActivityWorker(m_profile->postgres));
}

void TestDatabaseRemedies::longQueryIsListedAndMarked()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    QTest::qWait(2500); // past the 2 s threshold of this test
    Sleeper fresh;      // and one that has just started: listed, not marked
    QVERIFY(startSleeper(fresh));
    const auto a = fetchActivity(m_activity);
    QVERIFY(a);
    QCOMPARE(a->database, u"microservices"_s);
    DatabaseActivityStore store;
    store.setThresholdS(2);
    store.apply(0, *a);
    const int row = store.running()->rowOfPid(s.pid);
    QVERIFY2(row >= 0, "the sleeping query is listed");
    const RunningQuery &q = store.running()->rows().at(row);
    QCOMPARE(q.user, u"saga_sim"_s);
    QCOMPARE(q.application, s.app);
    QCOMPARE(q.state, u"active"_s);
    QCOMPARE(q.backendType, u"client backend"_s);
    QCOMPARE(q.query, u"SELECT pg_sleep(600);"_s);
    QCOMPARE(q.waitEvent, u"Timeout:PgSleep"_s);
    QCOMPARE(q.clientAddr, u"127.0.0.1"_s);
    // psql's own reading of the same backend: the same start of its query.
    QCOMPARE(
        q.queryStartUs,
        psql(u"SELECT (extract(epoch FROM query_start) * 1000000)::bigint FROM pg_stat_activity WHERE pid = %1"_s.arg(
                 s.pid))
            .toLongLong());
    QVERIFY2(q.runningS >= 2.5, qPrintable(QString::number(q.runningS)));
    QVERIFY(store.running()->index(row, 0).data(RunningQueryModel::LongRunningRole).toBool());
    QVERIFY(store.running()->index(row, RunningQueryModel::RunningFor).data().toString().startsWith(u"▲"_s));
    const int freshRow = store.running()->rowOfPid(fresh.pid);
    QVERIFY2(freshRow >= 0, "the query that has just started is listed too");
    QVERIFY(!store.running()->index(freshRow, 0).data(RunningQueryModel::LongRunningRole).toBool());
    QVERIFY(store.longRunning() >= 1);
    // Longest first: the older sleeper comes before the fresh one.
    QVERIFY(row < freshRow);
}

void TestDatabaseRemedies::snapshotShowsTheLongQuery()
{
    // The whole console, as `sagadeck snapshot --page database` renders it, with a 1 s threshold.
    const QString profile = profileWith(u"threshold.yaml"_s, u"      notify_channel: saga_changed\n"_s,
                                        u"      notify_channel: saga_changed\n      long_query_after_s: 1\n"_s);
    QVERIFY(!profile.isEmpty());
    Sleeper s;
    QVERIFY(startSleeper(s));
    QTest::qWait(1500);
    const QString json = m_dir.filePath(u"database.json"_s);
    QProcess p;
    p.start(qEnvironmentVariable("SAGADECK_BIN"),
            {u"snapshot"_s, u"--config"_s, profile, u"--page"_s, u"database"_s, u"--json"_s, json});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject db = QJsonDocument::fromJson(f.readAll()).object().value(u"database"_s).toObject();
    QCOMPARE(db.value(u"long_query_after_s"_s).toInt(), 1);
    QCOMPARE(db.value(u"actions_blocked"_s).toString(), QString()); // the stack's profile has an operator
    QJsonObject mine;
    for (const QJsonValue &v : db.value(u"running"_s).toArray())
        if (v.toObject().value(u"pid"_s).toInt() == s.pid)
            mine = v.toObject();
    QVERIFY2(!mine.isEmpty(), QJsonDocument(db).toJson().constData());
    QVERIFY(mine.value(u"long_running"_s).toBool());
    QCOMPARE(mine.value(u"application"_s).toString(), s.app);
    QVERIFY(db.value(u"statements"_s).toObject().value(u"available"_s).toBool());
}

void TestDatabaseRemedies::terminateThroughThePipeline()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    QTest::qWait(2100);
    const ActionContext ctx = context(m_backends);
    const BackendActionPlan p = plan(ctx, BackendActionVerb::Terminate, s.pid);
    QVERIFY2(p.isActionable(), qPrintable(p.refusal + p.noOp));
    QCOMPARE(p.database, u"microservices"_s);
    QCOMPARE(p.operatorRole, u"sagadeck_operator"_s);
    // The preview: pid, user, application, client, query, and how long it has run.
    const QString preview = p.describe();
    for (const QString &part : {QString::number(s.pid), u"saga_sim"_s, s.app, u"127.0.0.1"_s,
                                u"SELECT pg_sleep(600);"_s, u"running for"_s, u"▲ longer than 2 s"_s})
        QVERIFY2(preview.contains(part), qPrintable(part + u" not in:\n"_s + preview));
    QCOMPARE(p.confirmation.expected, QString::number(s.pid));

    // The wrong pid typed: refused, nothing sent or audited.
    const int lines = auditLines();
    bool started = true;
    ActionReport wrong = run(ctx, p, u"1"_s, &started);
    QVERIFY(!started);
    QVERIFY(wrong.refused.contains(u"typed"_s));
    QCOMPARE(auditLines(), lines);
    QCOMPARE(backendsWithPid(s.pid), 1);

    const ActionReport r = run(ctx, p, QString::number(s.pid), &started);
    QVERIFY(started);
    QVERIFY2(r.allDone(), qPrintable(r.summary() + u" — "_s + r.results.value(0).message));
    QVERIFY2(r.results.value(0).message.contains(u"gone from pg_stat_activity"_s),
             qPrintable(r.results.value(0).message));
    // psql, as a witness of its own: the backend is gone, and its client was told why.
    QCOMPARE(backendsWithPid(s.pid), 0);
    QString said;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     said += s.output();
                     return said.contains(u"terminating connection due to administrator command"_s);
                 },
                 10000),
             qPrintable(said));
    const QList<AuditRecord> recs = auditOf(r.results.value(0).actionId);
    QCOMPARE(recs.size(), 2);
    QCOMPARE(recs.at(0).kind, AuditKind::Intent);
    QCOMPARE(recs.at(0).verb, u"terminate-backend"_s);
    QCOMPARE(recs.at(0).target.kind, u"backend"_s);
    QCOMPARE(recs.at(0).target.name, QString::number(s.pid));
    QCOMPARE(recs.at(0).identity, u"postgres:sagadeck_operator"_s);
    QCOMPARE(recs.at(0).parameters.value(u"application"_s).toString(), s.app);
    QCOMPARE(recs.at(1).result, AuditResult::Done);
}

void TestDatabaseRemedies::cancelThroughThePipeline()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    const ActionContext ctx = context(m_backends);
    const BackendActionPlan p = plan(ctx, BackendActionVerb::Cancel, s.pid);
    QVERIFY2(p.isActionable(), qPrintable(p.refusal + p.noOp));
    bool started = false;
    const ActionReport r = run(ctx, p, QString::number(s.pid), &started);
    QVERIFY(started);
    QVERIFY2(r.allDone(), qPrintable(r.summary() + u" — "_s + r.results.value(0).message));
    // The session stays, idle; the statement was cancelled (psql says so).
    QCOMPARE(psql(u"SELECT state FROM pg_stat_activity WHERE pid = %1"_s.arg(s.pid)), u"idle"_s);
    QString said;
    QVERIFY(QTest::qWaitFor(
        [&] {
            said += s.output();
            return said.contains(u"canceling statement due to user request"_s);
        },
        10000));
    QVERIFY2(r.results.value(0).message.contains(u"no longer runs"_s), qPrintable(r.results.value(0).message));

    // A cancel of a backend that runs nothing is a no-op: nothing to send.
    const BackendActionPlan idle = plan(ctx, BackendActionVerb::Cancel, s.pid);
    QVERIFY2(idle.noOp.contains(u"runs no query"_s), qPrintable(idle.noOp + idle.refusal));
    s.process.closeWriteChannel();
    QVERIFY(s.process.waitForFinished(10000));
}

void TestDatabaseRemedies::cliTerminates()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    QByteArray out;
    const int rc = runCli({u"terminate-backend"_s, QString::number(s.pid), u"--config"_s, m_profilePath, u"--reason"_s,
                           u"integration test"_s, u"--yes"_s},
                          &out);
    QVERIFY2(rc == 0, out.constData());
    QVERIFY2(out.contains("gone from pg_stat_activity"), out.constData());
    QVERIFY2(out.contains(s.app.toUtf8()), out.constData()); // the preview named it
    QCOMPARE(backendsWithPid(s.pid), 0);
}

void TestDatabaseRemedies::readOnlyConsoleRoleAsOperatorIsRefusedByPostgres()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    const ActionContext ctx = context(m_consoleAsOperator);
    const BackendActionPlan p = plan(ctx, BackendActionVerb::Terminate, s.pid);
    QVERIFY2(p.isActionable(), qPrintable(p.refusal + p.noOp));
    bool started = false;
    const ActionReport r = run(ctx, p, QString::number(s.pid), &started);
    QVERIFY(started);
    const ActionItemResult item = r.results.value(0);
    QCOMPARE(item.state, ActionItemResult::State::Failed);
    // Postgres' own words (15: "must be a member of … pg_signal_backend"; 16: "permission denied to
    // terminate process"), passed on as they are.
    const auto refusedByPostgres = [](const QString &text) {
        return text.contains(u"must be a member of the role whose process is being terminated or member of "
                             u"pg_signal_backend"_s)
            || text.contains(u"permission denied to terminate process"_s);
    };
    QVERIFY2(refusedByPostgres(item.message), qPrintable(item.message));
    QVERIFY2(item.message.contains(u"pg_signal_backend"_s), qPrintable(item.message));
    QCOMPARE(item.attempts, 1); // a refusal is not repeated
    const QList<AuditRecord> recs = auditOf(item.actionId);
    QCOMPARE(recs.size(), 2);
    QCOMPARE(recs.at(1).result, AuditResult::Failed);
    QVERIFY(refusedByPostgres(recs.at(1).message));
    QCOMPARE(backendsWithPid(s.pid), 1); // still there

    // The command line says the same, and exits 1 (failed).
    const QString profile = profileWith(u"console-as-operator.yaml"_s, u"user=sagadeck_operator"_s, u"user=sagadeck"_s);
    QByteArray out;
    const int rc = runCli({u"terminate-backend"_s, QString::number(s.pid), u"--config"_s, profile, u"--reason"_s,
                           u"integration test"_s, u"--yes"_s},
                          &out);
    QVERIFY2(rc == 1, out.constData());
    QVERIFY2(refusedByPostgres(QString::fromUtf8(out)), out.constData());
    QCOMPARE(backendsWithPid(s.pid), 1);
}

void TestDatabaseRemedies::readOnlyProfileIsRefusedBeforeSending()
{
    Sleeper s;
    QVERIFY(startSleeper(s));
    const int lines = auditLines();
    // The planner refuses at once.
    const BackendActionPlan refused = plan(context(m_backends, true), BackendActionVerb::Terminate, s.pid);
    QVERIFY2(refused.refusal.contains(u"read_only"_s), qPrintable(refused.refusal));
    // And a plan made elsewhere is refused by the pipeline before anything is sent or audited.
    const BackendActionPlan p = plan(context(m_backends), BackendActionVerb::Terminate, s.pid);
    QVERIFY(p.isActionable());
    bool started = true;
    const ActionReport r = run(context(m_backends, true), p, QString::number(s.pid), &started);
    QVERIFY(!started);
    QVERIFY2(r.refused.contains(u"read_only"_s), qPrintable(r.refused));
    QCOMPARE(auditLines(), lines);
    QCOMPARE(backendsWithPid(s.pid), 1);
    // The command line: --read-only refuses (exit 4) and the backend stays.
    QByteArray out;
    const int rc = runCli({u"terminate-backend"_s, QString::number(s.pid), u"--config"_s, m_profilePath,
                           u"--read-only"_s, u"--reason"_s, u"integration test"_s, u"--yes"_s},
                          &out);
    QVERIFY2(rc == 4, out.constData());
    QCOMPARE(backendsWithPid(s.pid), 1);
}

void TestDatabaseRemedies::ownAndBackgroundBackendsAreRefused()
{
    const ActionContext ctx = context(m_backends);
    // A background process of the server (not a client backend).
    const int walWriter = psql(u"SELECT pid FROM pg_stat_activity WHERE backend_type = 'walwriter'"_s).toInt();
    QVERIFY(walWriter > 0);
    QVERIFY2(plan(ctx, BackendActionVerb::Terminate, walWriter).refusal.contains(u"not a client backend"_s),
             qPrintable(plan(ctx, BackendActionVerb::Terminate, walWriter).refusal));
    // The console's own sessions (application sagadeck, as every connection of a console).
    const int console =
        psql(u"SELECT pid FROM pg_stat_activity WHERE application_name = 'sagadeck' ORDER BY pid LIMIT 1"_s).toInt();
    QVERIFY(console > 0); // at least this test's own read connection
    QVERIFY(plan(ctx, BackendActionVerb::Terminate, console).refusal.contains(u"console's own session"_s));
    // No such pid.
    QVERIFY(plan(ctx, BackendActionVerb::Terminate, 999999).refusal.contains(u"not in pg_stat_activity"_s));
}

void TestDatabaseRemedies::statementsEqualPsql()
{
    // A statement of our own, slow enough to be among the slowest by mean: 3 more calls than
    // before (pg_stat_statements keeps it across runs: an alias is not part of its query id).
    const QString markerSql = u"SELECT pg_sleep(0.4) AS db_remedies_marker"_s;
    // (Its text is the one first seen: earlier runs may have used another alias.)
    const QString markerText = u"SELECT pg_sleep($1) AS db_remedies"_s;
    const QStringList before =
        psql(u"SELECT coalesce(sum(calls), 0) || '|' || coalesce(sum(rows), 0) FROM pg_stat_statements WHERE "
             u"query LIKE '%1%%' AND userid = 'saga_sim'::regrole"_s.arg(markerText))
            .split(u'|');
    QCOMPARE(before.size(), 2);
    for (int i = 0; i < 3; ++i)
        QVERIFY(!psql(markerSql, pg(u"sim_conninfo"_s)).startsWith(u"psql failed"_s));
    const qint64 markerCalls = before.at(0).toLongLong() + 3;
    const qint64 markerRows = before.at(1).toLongLong() + 3;
    // psql's question is the console's (the same view, database, order and limit). Each reading
    // is itself a statement pg_stat_statements counts, so the observers' own statements (those
    // reading pg_stat_statements or pg_stat_activity: psql's, the console's, this test's probes)
    // move with every reading and are left out of the comparison.
    const QString sql = u"SELECT queryid, calls, rows, query ~ 'pg_stat_(statements|activity)' FROM pg_stat_statements "
                        u"WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                        u"ORDER BY %1 DESC, queryid LIMIT 20"_s;
    auto psqlRows = [&](const QString &order) {
        QStringList out;
        for (const QString &line : psql(sql.arg(order)).split(u'\n')) {
            const QStringList f = line.split(u'|');
            if (f.size() == 4 && f.at(3) == u"f"_s)
                out << f.mid(0, 3).join(u'|');
        }
        return out;
    };
    auto consoleRows = [](const QVector<SlowStatement> &rows) {
        QStringList out;
        static const QRegularExpression observer(u"pg_stat_(statements|activity)"_s);
        for (const SlowStatement &st : rows)
            if (!st.query.contains(observer))
                out << u"%1|%2|%3"_s.arg(st.queryId).arg(st.calls).arg(st.rows);
        return out;
    };
    // The workload runs all along: psql reads before and after the console's reading. Every
    // statement's calls as the console read them lie between psql's two readings, and where
    // psql's readings agree (nothing ran that statement in between: the slowest by mean are
    // mostly one-off statements) the console's rows are psql's, exactly. The by-mean list is
    // compared whole, in order, on a try where psql's two readings agree.
    bool exact = false;
    for (int attempt = 0; attempt < 10 && !exact; ++attempt) {
        const QStringList beforeMean = psqlRows(u"mean_exec_time"_s);
        const QStringList beforeTotal = psqlRows(u"total_exec_time"_s);
        const auto a = fetchActivity(m_activity);
        const QStringList afterMean = psqlRows(u"mean_exec_time"_s);
        const QStringList afterTotal = psqlRows(u"total_exec_time"_s);
        QVERIFY(a);
        QVERIFY2(a->statementsAvailable, qPrintable(a->statementsProblem));
        QCOMPARE(a->byMean.size(), 20);
        QCOMPARE(a->byTotal.size(), 20);
        // Our marker: three more calls of about 400 ms, one row each.
        bool found = false;
        for (const SlowStatement &st : a->byMean)
            found = found
                || (st.query.startsWith(markerText) && st.user == u"saga_sim"_s && st.calls == markerCalls
                    && st.rows == markerRows && st.meanMs >= 399);
        QVERIFY2(found, qPrintable(consoleRows(a->byMean).join(u'\n')));
        QHash<QString, QPair<qint64, qint64>> range; // queryid -> psql's fewest and most calls
        for (const QStringList &reading : {beforeMean, beforeTotal, afterMean, afterTotal})
            for (const QString &line : reading) {
                const QStringList f = line.split(u'|');
                auto it = range.find(f.at(0));
                const qint64 calls = f.at(1).toLongLong();
                if (it == range.end())
                    range.insert(f.at(0), {calls, calls});
                else
                    *it = {std::min(it->first, calls), std::max(it->second, calls)};
            }
        int checked = 0;
        for (const QString &line : consoleRows(a->byTotal) + consoleRows(a->byMean)) {
            const QStringList f = line.split(u'|');
            if (!range.contains(f.at(0)))
                continue; // entered or left the top 20 in between
            ++checked;
            const qint64 calls = f.at(1).toLongLong();
            QVERIFY2(calls >= range.value(f.at(0)).first && calls <= range.value(f.at(0)).second,
                     qPrintable(u"queryid %1: %2 calls, psql %3..%4"_s.arg(f.at(0))
                                    .arg(calls)
                                    .arg(range.value(f.at(0)).first)
                                    .arg(range.value(f.at(0)).second)));
        }
        QVERIFY2(checked >= 20, qPrintable(QString::number(checked)));
        if (beforeMean == afterMean) {
            // The same 20 rows by mean, observers left out on both sides.
            QCOMPARE(consoleRows(a->byMean), beforeMean);
            exact = true;
        }
    }
    QVERIFY2(exact, "psql's two readings by mean never agreed: the workload moved them on every try");
}

void TestDatabaseRemedies::missingExtensionIsSaidWithHowToInstall()
{
    // The stack's "postgres" database has no pg_stat_statements extension (the library is loaded).
    PostgresSettings other = m_profile->postgres;
    other.conninfo.replace(u"dbname=microservices"_s, u"dbname=postgres"_s);
    // The stack's passfile names its database only: the console role's password from the environment.
    QFile password(qEnvironmentVariable("SAGADECK_STACK_DIR") + u"/secrets/sagadeck.password"_s);
    QVERIFY2(password.open(QIODevice::ReadOnly), qPrintable(password.fileName()));
    qputenv("SAGADECK_TEST_CONSOLE_PASSWORD", password.readAll().trimmed());
    other.passwordEnv = u"SAGADECK_TEST_CONSOLE_PASSWORD"_s;
    QVERIFY(other.conninfo.contains(u"dbname=postgres"_s));
    WorkerThread thread;
    auto *w = thread.run(new DatabaseActivityWorker(other));
    const auto a = fetchActivity(w);
    QVERIFY(a);
    QCOMPARE(a->database, u"postgres"_s);
    QVERIFY(!a->statementsAvailable);
    QVERIFY(a->byMean.isEmpty());
    QVERIFY2(a->statementsProblem.contains(u"not installed in database postgres"_s), qPrintable(a->statementsProblem));
    QVERIFY2(a->statementsProblem.contains(u"CREATE EXTENSION pg_stat_statements;"_s),
             qPrintable(a->statementsProblem));
}

QTEST_GUILESS_MAIN(TestDatabaseRemedies)
#include "tst_database_remedies.moc"
