// Cancel query / terminate backend without a server (issue 20): the rules (no signal to the
// console's own sessions, to a process that is not a client backend, to another database; a
// cancel of an idle backend is a no-op), the typed pid, the preview's contents, what a read-back
// means, the long-query threshold and its words, the operator conninfo's user and host, and the
// profile keys. tst_database_remedies checks all of it against the stack.
#include "ActionPipeline.h"
#include "BackendActionPlan.h"
#include "BackendActionRules.h"
#include "BackendActionTarget.h"
#include "DatabaseActivity.h"
#include "ProfileStore.h"

#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

RunningQuery sleeper()
{
    RunningQuery q;
    q.pid = 4242;
    q.user = u"saga_sim"_s;
    q.application = u"psql"_s;
    q.clientAddr = u"10.0.0.7"_s;
    q.state = u"active"_s;
    q.backendType = u"client backend"_s;
    q.waitEvent = u"Timeout:PgSleep"_s;
    q.query = u"SELECT pg_sleep(600)"_s;
    q.queryChars = q.query.size();
    q.runningS = 412;
    q.queryStartUs = 1'700'000'000'000'000;
    q.backendStartUs = 1'699'999'990'000'000;
    return q;
}

BackendLookup found(const RunningQuery &q, const QString &db = u"microservices"_s)
{
    BackendLookup l;
    l.found = true;
    l.backend = q;
    l.database = db;
    l.watchedDatabase = u"microservices"_s;
    l.readerPid = 100;
    return l;
}

BackendActionPlan planOf(BackendActionVerb verb, const RunningQuery &q)
{
    BackendActionPlan p;
    p.request = {verb, q.pid};
    p.profile = u"local"_s;
    p.database = u"microservices"_s;
    p.operatorRole = u"sagadeck_operator"_s;
    p.found = true;
    p.before = q;
    p.longQueryAfterS = 300;
    p.confirmation = BackendActionRules::confirmationFor(p.request);
    p.preparedAt = QDateTime::currentDateTimeUtc();
    return p;
}

} // namespace

class TestBackendActionRules : public QObject
{
    Q_OBJECT
private slots:
    void requestNeedsAPid()
    {
        QVERIFY(BackendActionRules::checkRequest({BackendActionVerb::Terminate, 0}).contains(u"not a backend pid"_s));
        QVERIFY(BackendActionRules::checkRequest({BackendActionVerb::Cancel, -3}).contains(u"not a backend pid"_s));
        QCOMPARE(BackendActionRules::checkRequest({BackendActionVerb::Cancel, 42}), QString());
    }

    void refusals_data()
    {
        QTest::addColumn<int>("verb");
        QTest::addColumn<BackendLookup>("lookup");
        QTest::addColumn<QString>("refusal"); // a part of it; empty: allowed
        QTest::addColumn<QString>("noOp");
        const RunningQuery q = sleeper();
        const int terminate = int(BackendActionVerb::Terminate);
        const int cancel = int(BackendActionVerb::Cancel);
        QTest::newRow("a client's active query") << terminate << found(q) << QString() << QString();
        QTest::newRow("cancel it") << cancel << found(q) << QString() << QString();
        BackendLookup gone;
        gone.watchedDatabase = u"microservices"_s;
        QTest::newRow("gone") << terminate << gone << u"not in pg_stat_activity"_s << QString();
        BackendLookup failed;
        failed.error = u"connection refused"_s;
        QTest::newRow("read failed") << terminate << failed
                                     << u"could not be read from pg_stat_activity: connection "
                                        u"refused"_s
                                     << QString();
        BackendLookup own = found(q);
        own.readerPid = q.pid;
        QTest::newRow("the reader itself") << terminate << own << u"this console's own session"_s << QString();
        RunningQuery console = q;
        console.application = u"sagadeck"_s;
        QTest::newRow("a console's session")
            << terminate << found(console) << u"a sagadeck console's own session"_s << QString();
        RunningQuery vacuum = q;
        vacuum.backendType = u"autovacuum worker"_s;
        vacuum.application.clear();
        QTest::newRow("autovacuum") << terminate << found(vacuum) << u"is a autovacuum worker, not a client backend"_s
                                    << QString();
        RunningQuery walsender = q;
        walsender.backendType = u"walsender"_s;
        QTest::newRow("walsender") << cancel << found(walsender) << u"not a client backend"_s << QString();
        QTest::newRow("another database") << terminate << found(q, u"postgres"_s)
                                          << u"connected to database postgres, not to microservices"_s << QString();
        RunningQuery idle = q;
        idle.state = u"idle"_s;
        QTest::newRow("cancel idle") << cancel << found(idle) << QString() << u"runs no query now (state idle)"_s;
        QTest::newRow("terminate idle") << terminate << found(idle) << QString() << QString();
        RunningQuery idleTx = q;
        idleTx.state = u"idle in transaction"_s;
        QTest::newRow("cancel idle in transaction")
            << cancel << found(idleTx) << QString() << u"terminate the backend to end its open transaction"_s;
        QTest::newRow("terminate idle in transaction") << terminate << found(idleTx) << QString() << QString();
    }
    void refusals()
    {
        QFETCH(int, verb);
        QFETCH(BackendLookup, lookup);
        QFETCH(QString, refusal);
        QFETCH(QString, noOp);
        QString gotNoOp;
        const QString got = BackendActionRules::checkAgainst({BackendActionVerb(verb), 4242}, lookup, &gotNoOp);
        if (refusal.isEmpty())
            QCOMPARE(got, QString());
        else
            QVERIFY2(got.contains(refusal), qPrintable(got));
        if (noOp.isEmpty())
            QCOMPARE(gotNoOp, QString());
        else
            QVERIFY2(gotNoOp.contains(noOp), qPrintable(gotNoOp));
    }

    void confirmationIsTheTypedPid()
    {
        const ConfirmationRequirement c = BackendActionRules::confirmationFor({BackendActionVerb::Terminate, 4242});
        QCOMPARE(c.kind, ConfirmationRequirement::Kind::TypeTarget);
        QCOMPARE(c.expected, u"4242"_s);
        QVERIFY(c.prompt.contains(u"4242"_s));
        QString why;
        QVERIFY(!c.isSatisfiedBy(u"4242"_s, QString(), &why)); // a reason, always
        QVERIFY(!c.isSatisfiedBy(u"424"_s, u"pool exhausted"_s, &why));
        QVERIFY(c.isSatisfiedBy(u" 4242 "_s, u"pool exhausted"_s));
    }

    void previewSaysWhatWhoAndHowLong()
    {
        BackendActionPlan p = planOf(BackendActionVerb::Terminate, sleeper());
        p.operatorHost = u"db.example:5432"_s;
        const QString text = p.describe();
        for (const QString &part :
             {u"terminate backend 4242 (saga_sim, psql)"_s, u"SELECT pg_terminate_backend(4242)"_s,
              u"as role sagadeck_operator on db.example:5432"_s,
              u"pid 4242, user saga_sim, application psql, client "
              u"10.0.0.7"_s,
              u"active (waiting on Timeout:PgSleep), running for 6 min 52 s"_s, u"▲ longer than 5 min 00 s"_s,
              u"Query:       SELECT pg_sleep(600)"_s, u"open transaction is rolled back"_s})
            QVERIFY2(text.contains(part), qPrintable(part + u"\n---\n"_s + text));
        QVERIFY(!text.contains(u"PRODUCTION"_s));
        p.production = true;
        QVERIFY(p.describe().contains(u"*** PRODUCTION profile 'local' ***"_s));

        // A short query is not marked; a cancel says what it does.
        RunningQuery shortOne = sleeper();
        shortOne.runningS = 12;
        shortOne.clientAddr.clear();
        const QString cancel = planOf(BackendActionVerb::Cancel, shortOne).describe();
        QVERIFY(!cancel.contains(u"▲"_s));
        QVERIFY(cancel.contains(u"client local socket"_s));
        QVERIFY(cancel.contains(u"SELECT pg_cancel_backend(4242), only while pid 4242 is still this backend running "
                                u"this query"_s));
        QVERIFY(cancel.contains(u"canceling statement due to user request"_s));
    }

    void previewQueryIsPlainAndCut()
    {
        RunningQuery q = sleeper();
        q.query = u"SELECT '<b>x</b>'\u001b[31m\nFROM t"_s + QString(600, u'y');
        q.queryChars = 5000;
        const QString line = printableQuery(q);
        QVERIFY(!line.contains(QChar(0x1b)));
        QVERIFY(line.contains(u"<b>x</b>"_s)); // shown as the characters it is, never as markup
        QVERIFY(line.contains(u"(5000 characters in all)"_s));
        QVERIFY(line.size() < 650);
    }

    void readBack_data()
    {
        QTest::addColumn<int>("verb");
        QTest::addColumn<BackendLookup>("lookup");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("note");
        const RunningQuery q = sleeper();
        const int terminate = int(BackendActionVerb::Terminate);
        const int cancel = int(BackendActionVerb::Cancel);
        using S = EffectReading::State;
        BackendLookup gone;
        QTest::newRow("terminate: gone") << terminate << gone << int(S::Shown) << u"gone from pg_stat_activity"_s;
        QTest::newRow("terminate: still there") << terminate << found(q) << int(S::NotYet) << u"still in"_s;
        RunningQuery reused = q;
        reused.backendStartUs += 1;
        QTest::newRow("terminate: pid reused") << terminate << found(reused) << int(S::Shown) << u"newer backend"_s;
        BackendLookup failed;
        failed.error = u"timeout"_s;
        QTest::newRow("read failed") << terminate << failed << int(S::Unreadable) << u"timeout"_s;
        QTest::newRow("cancel: still running") << cancel << found(q) << int(S::NotYet) << u"still runs the query"_s;
        RunningQuery idle = q;
        idle.state = u"idle"_s;
        QTest::newRow("cancel: idle") << cancel << found(idle) << int(S::Shown) << u"is idle"_s;
        RunningQuery next = q;
        next.queryStartUs += 5;
        QTest::newRow("cancel: a later statement") << cancel << found(next) << int(S::Shown) << u"later statement"_s;
        QTest::newRow("cancel: gone") << cancel << gone << int(S::Shown) << u"gone"_s;
    }
    void readBack()
    {
        QFETCH(int, verb);
        QFETCH(BackendLookup, lookup);
        QFETCH(int, state);
        QFETCH(QString, note);
        const EffectReading r = BackendActionTarget::reading(planOf(BackendActionVerb(verb), sleeper()), lookup);
        QCOMPARE(int(r.state), state);
        QVERIFY2(r.note.contains(note), qPrintable(r.note));
    }

    void targetPlanCarriesRefusalsAndTheItem()
    {
        BackendActionPlan p = planOf(BackendActionVerb::Terminate, sleeper());
        BackendActionTarget ok(p, nullptr);
        QCOMPARE(ok.plan().verb, u"terminate-backend"_s);
        QCOMPARE(ok.plan().refusal, QString());
        QCOMPARE(ok.plan().items.size(), 1);
        QCOMPARE(ok.plan().items.first().target, u"4242"_s);
        QVERIFY(!ok.unavailable().isEmpty()); // no client
        p.noOp = u"nothing"_s;
        QCOMPARE(BackendActionTarget(p, nullptr).plan().refusal, u"nothing"_s);
        p.noOp.clear();
        p.found = false;
        QVERIFY(BackendActionTarget(p, nullptr).plan().refusal.contains(u"not read"_s));
    }

    void readOnlyIsRefusedBeforeAnything()
    {
        // The pipeline refuses a read-only profile before it audits or sends (no audit writer,
        // no client: nothing could be reached).
        PipelineSettings s;
        s.readOnly = true;
        s.readOnlyWhy = u"profile 'prod' is read_only"_s;
        ActionPipeline pipeline(s, new BackendActionTarget(planOf(BackendActionVerb::Terminate, sleeper()), nullptr));
        QSignalSpy finished(&pipeline, &ActionPipeline::finished);
        QVERIFY(!pipeline.start(u"4242"_s, u"pool exhausted"_s));
        QVERIFY(finished.size() == 1 || finished.wait(2000));
        QVERIFY(finished.first().first().value<ActionReport>().refused.contains(u"read_only"_s));
    }

    void thresholdAndWords()
    {
        RunningQuery q = sleeper();
        q.runningS = 299.9;
        QVERIFY(!isLongRunning(q, 300));
        q.runningS = 300;
        QVERIFY(isLongRunning(q, 300));
        q.runningS = -1; // unknown: never marked
        QVERIFY(!isLongRunning(q, 1));
        QCOMPARE(longRunningCount({sleeper(), q, sleeper()}, 300), 2);
        QCOMPARE(runningForText(-1), u"—"_s);
        QCOMPARE(runningForText(42.7), u"42 s"_s);
        QCOMPARE(runningForText(303), u"5 min 03 s"_s);
        QCOMPARE(runningForText(7620), u"2 h 07 min"_s);
        QCOMPARE(runningForText(90000), u"1 d 1 h"_s);
        QCOMPARE(clientText(QString()), u"local socket"_s);
    }

    void installHintSaysHow()
    {
        const QString notLoaded = statementsNotInstalledText(u"shop"_s, false);
        QVERIFY(notLoaded.contains(u"shared_preload_libraries = 'pg_stat_statements'"_s));
        QVERIFY(notLoaded.contains(u"restart Postgres"_s));
        QVERIFY(notLoaded.contains(u"CREATE EXTENSION pg_stat_statements; in database shop"_s));
        const QString notCreated = statementsNotInstalledText(u"shop"_s, true);
        QVERIFY(notCreated.contains(u"loaded but not installed in database shop"_s));
        QVERIFY(!notCreated.contains(u"restart"_s));
    }

    void operatorConninfoUserAndHost()
    {
        QCOMPARE(BackendActionRules::conninfoValue(u"host=db port=5432 user=ops dbname=x"_s, u"user"_s), u"ops"_s);
        QCOMPARE(BackendActionRules::conninfoValue(u"host='my db' user = 'o\\'p'"_s, u"user"_s), u"o'p"_s);
        QCOMPARE(BackendActionRules::conninfoValue(u"host=db"_s, u"user"_s), QString());
        QCOMPARE(BackendActionRules::conninfoValue(u"dbuser=x host=db"_s, u"user"_s), QString());
        QCOMPARE(BackendActionRules::conninfoValue(u"postgresql://ops@db.example:5433/shop"_s, u"user"_s), u"ops"_s);
        QCOMPARE(BackendActionRules::conninfoValue(u"postgresql://ops@db.example:5433/shop"_s, u"host"_s),
                 u"db.example:5433"_s);
    }

    void profileKeys()
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, u"/home/op"_s);
        const QByteArray yaml = "profiles:\n  p:\n    postgres:\n      conninfo: host=db user=sagadeck\n"
                                "      operator_conninfo: host=db user=ops\n      operator_password_env: OPS_PW\n"
                                "      long_query_after_s: 600\n";
        const ProfileLoadResult r = ProfileStore::parse(yaml, u"profiles.yaml"_s, env);
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(u'\n')));
        const PostgresSettings &pg = r.profiles.first().postgres;
        QCOMPARE(pg.operatorConninfo, u"host=db user=ops"_s);
        QCOMPARE(pg.longQueryAfterS, 600);
        const PostgresSettings op = pg.operatorSettings();
        QCOMPARE(op.conninfo, u"host=db user=ops"_s);
        QCOMPARE(op.passwordEnv, u"OPS_PW"_s);
        QVERIFY(!op.passwordFromKeychain);
        // The defaults: no operator (the actions are off), the runbook's 5 minutes.
        const ProfileLoadResult d = ProfileStore::parse("profiles:\n  p:\n    postgres:\n      conninfo: host=db\n",
                                                        u"profiles.yaml"_s, env);
        QCOMPARE(d.profiles.first().postgres.operatorConninfo, QString());
        QCOMPARE(d.profiles.first().postgres.longQueryAfterS, 300);
        // An inline password is refused here as in the console's conninfo.
        const ProfileLoadResult bad = ProfileStore::parse(
            "profiles:\n  p:\n    postgres:\n      conninfo: host=db\n      operator_conninfo: host=db password=x\n",
            u"profiles.yaml"_s, env);
        QVERIFY2(bad.errors.join(u'\n').contains(u"operator_conninfo: inline passwords are refused"_s),
                 qPrintable(bad.errors.join(u'\n')));
        const ProfileLoadResult both = ProfileStore::parse(
            "profiles:\n  p:\n    postgres:\n      conninfo: host=db\n      operator_conninfo: host=db\n"
            "      operator_password_env: X\n      operator_password_keychain: true\n",
            u"profiles.yaml"_s, env);
        QVERIFY(both.errors.join(u'\n').contains(u"exclude each other"_s));
    }
};

QTEST_GUILESS_MAIN(TestBackendActionRules)
#include "tst_backend_action_rules.moc"
