#include "PostgresFeed.h"
#include "QueuedSpy.h"
#include "SagaQueryWorker.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "SimHarness.h"
#include "StackInfo.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QProcess>
#include <QScopeGuard>
#include <QRegularExpression>
#include <QTest>

#include <pqxx/pqxx>
#include <QThread>

#include <csignal>

Q_DECLARE_METATYPE(sagadeck::TransportSecurity)

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Postgres feed against the real stack: its answers are compared with independent
// queries, live changes made by saga-sim must reach the model, and the feed must go Down and
// come back Live when Postgres is stopped and restarted under it.
class TestPostgresFeed : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;

    PostgresSettings settings(bool listen, int refreshMs = 1000) const
    {
        PostgresSettings s;
        s.conninfo = m_sim->stack().string(u"postgres"_s, u"console_conninfo"_s);
        s.notifyChannel = listen ? u"saga_changed"_s : QString();
        s.refreshMs = refreshMs;
        return s;
    }

    // The table as the console wires it: pages and counts from the query worker, changes from
    // the feed.
    static void wireTable(PostgresFeed *feed, SagaQueryWorker *queries, SagaTableModel *model)
    {
        connect(queries, &SagaQueryWorker::pageReady, model, &SagaTableModel::applyPage);
        connect(queries, &SagaQueryWorker::countReady, model, &SagaTableModel::applyCount);
        connect(feed, &PostgresFeed::sagasChanged, model, &SagaTableModel::applyChanges);
        connect(model, &SagaTableModel::pageRequested, queries, &SagaQueryWorker::fetchPage);
        connect(model, &SagaTableModel::countRequested, queries, &SagaQueryWorker::fetchCount);
    }

    // The feed on a thread of its own, as the console runs it.
    struct RunningFeed
    {
        PostgresFeed *feed;
        QThread thread;
        explicit RunningFeed(const PostgresSettings &s)
            : feed(new PostgresFeed(s))
        {
            feed->moveToThread(&thread);
            QObject::connect(&thread, &QThread::finished, feed, &QObject::deleteLater);
            thread.start();
        }
        void start() { QMetaObject::invokeMethod(feed, &PostgresFeed::start, Qt::QueuedConnection); }
        ~RunningFeed()
        {
            QMetaObject::invokeMethod(feed, &PostgresFeed::stop, Qt::QueuedConnection);
            thread.quit();
            thread.wait();
        }
    };

    // psql's count of what the summary counts: live sagas, and finished ones updated since the
    // summary's window start (microseconds, as the feed's own query computed it).
    static QMap<QString, qint64> countsFromSql(SimHarness *sim, const QString &column, qint64 finishedSinceUs)
    {
        QMap<QString, qint64> out;
        const QString since = u"'epoch'::timestamptz + %1 * interval '1 microsecond'"_s.arg(finishedSinceUs);
        for (const QString &line : sim->sqlColumn(
                 u"SELECT %1 || '=' || count(*) FROM saga_instances WHERE status IN ('STARTED', 'IN_PROGRESS', "
                 "'COMPENSATING') OR (status IN ('COMPLETED', 'FAILED', 'COMPENSATED') AND updated_at >= %2) "
                 "GROUP BY %1"_s.arg(column, since))) {
            out.insert(line.section(u'=', 0, -2), line.section(u'=', -1).toLongLong());
        }
        return out;
    }

    static FeedState stateOf(const QueuedSpy &spy)
    {
        return spy.isEmpty() ? FeedState::Disabled : spy.last().at(0).value<FeedHealth>().state;
    }

    // The feed's reason once it is Down (empty when it never gets there within timeoutMs).
    static QString downReason(const PostgresSettings &s, int timeoutMs)
    {
        RunningFeed run(s);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        if (!QTest::qWaitFor([&] { return stateOf(health) == FeedState::Down; }, timeoutMs))
            return QString();
        return health.last().at(0).value<FeedHealth>().reason;
    }

    QString stackScript() const { return QStringLiteral(SAGADECK_SOURCE_DIR "/stack/stack"); }

private slots:
    void initTestCase()
    {
        PostgresFeed::registerMetaTypes();
        m_sim = std::make_unique<SimHarness>();
        QVERIFY2(m_sim->error().isEmpty(), qPrintable(m_sim->error()));
    }

    void cleanupTestCase()
    {
        // Whatever happened, leave the stack whole and the workload running as before.
        QProcess up;
        up.start(stackScript(), {u"--dir"_s, qEnvironmentVariable("SAGADECK_STACK_DIR"), u"up"_s});
        up.waitForFinished(180000);
        m_sim->restore();
        m_sim.reset();
    }

    void summaryEqualsAnIndependentCount_data()
    {
        QTest::addColumn<bool>("listen");
        QTest::newRow("LISTEN") << true;
        QTest::newRow("polling") << false;
    }
    void summaryEqualsAnIndependentCount()
    {
        QFETCH(bool, listen);
        // Hold the workload still so that both counts see the same table.
        QVERIFY(m_sim->quiesce());

        RunningFeed run(settings(listen));
        QueuedSpy summaries(run.feed, &PostgresFeed::summaryReady);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        QVERIFY(summaries.wait(15000));
        const auto summary = summaries.first().at(0).value<SagaSummary>();
        QCOMPARE(summary.finishedWindowMinutes, 60);
        const qint64 windowStartUs =
            m_sim->sqlValue(u"SELECT (extract(epoch from now() - interval '60 minutes') * 1000000)::bigint"_s)
                .toLongLong();
        QVERIFY2(qAbs(summary.finishedSinceUs - windowStartUs) < 60'000'000,
                 "the window starts an hour before the database's now()");
        const auto byStatus = countsFromSql(m_sim.get(), u"status"_s, summary.finishedSinceUs);
        QVERIFY(!byStatus.isEmpty());
        QCOMPARE(summary.byStatus, byStatus);
        QCOMPARE(summary.byType, countsFromSql(m_sim.get(), u"saga_type"_s, summary.finishedSinceUs));
        // The planner's estimate, as pg_class holds it: no count of the whole table.
        QCOMPARE(summary.totalEstimate,
                 m_sim->sqlValue(u"SELECT reltuples::bigint FROM pg_class WHERE oid = 'saga_instances'::regclass"_s)
                     .toLongLong());
        QCOMPARE(stateOf(health), FeedState::Live);
        const qint64 stuck =
            m_sim
                ->sqlValue(u"SELECT count(*) FROM saga_instances WHERE status IN ('IN_PROGRESS','COMPENSATING')"
                           u" AND updated_at < now() - interval '300 seconds'"_s)
                .toLongLong();
        QCOMPARE(summary.stuckTotal, stuck);
        QVERIFY(m_sim->setRate(m_sim->originalRate()));
    }

    // A slow transaction begun first commits after a faster one begun later, whose row the feed
    // has already read and moved past: the slow row (updated_at = its transaction's start, older
    // than the fast one's) still reaches the table. The old "(updated_at, id) > last seen" cursor
    // lost it for good.
    void lateCommitReachesTheTable()
    {
        const QString type = u"late-commit-%1"_s.arg(QCoreApplication::applicationPid());
        const QString slowId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString fastId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString error;
        QVERIFY2(m_sim->sqlExecAsSim(u"INSERT INTO saga_instances (id, saga_type, status, current_step, attempt, "
                                     "created_at, updated_at) VALUES ('%1', '%3', 'IN_PROGRESS', 'reserve-inventory', "
                                     "1, now() - interval '2 min', now() - interval '2 min'), ('%2', '%3', "
                                     "'IN_PROGRESS', 'reserve-inventory', 1, now() - interval '2 min', now() - "
                                     "interval '2 min')"_s.arg(slowId, fastId, type),
                                     &error),
                 qPrintable(error));
        const auto dropRows = qScopeGuard(
            [&] { m_sim->sqlExecAsSim(u"DELETE FROM saga_instances WHERE saga_type = '%1'"_s.arg(type)); });

        RunningFeed run(settings(false, 250));
        SagaQueryWorker queries(settings(false));
        SagaTableModel model;
        wireTable(run.feed, &queries, &model);
        QueuedSpy changes(run.feed, &PostgresFeed::sagasChanged);
        QueuedSpy summaries(run.feed, &PostgresFeed::summaryReady);
        QueuedSpy resynced(run.feed, &PostgresFeed::resynced);
        run.start();
        QVERIFY(resynced.wait(15000));
        SagaFilter ours;
        ours.type = type;
        model.setFilter(ours);
        QTRY_COMPARE_WITH_TIMEOUT(model.loadedRows(0, 9).size(), 2, 15000);
        auto attemptShown = [&model](const QString &id) {
            for (const SagaRow &r : model.loadedRows(0, 9))
                if (r.id.toString(QUuid::WithoutBraces) == id)
                    return r.attempt;
            return -1;
        };
        auto reported = [&changes](const QString &id) {
            for (const QVariantList &args : changes)
                for (const SagaRow &r : args.at(0).value<QVector<SagaRow>>())
                    if (r.id.toString(QUuid::WithoutBraces) == id && r.attempt == 2)
                        return true;
            return false;
        };

        // The slow writer begins and updates, and holds its transaction open.
        pqxx::connection slowConnection(m_sim->stack().string(u"postgres"_s, u"sim_conninfo"_s).toStdString());
        pqxx::work slow(slowConnection);
        slow.exec("UPDATE saga_instances SET attempt = 2, updated_at = now() WHERE id = '" + slowId.toStdString()
                  + "'");
        QTest::qWait(50); // the fast one begins later: its now() is newer
        QVERIFY2(
            m_sim->sqlExecAsSim(
                u"UPDATE saga_instances SET attempt = 2, updated_at = now() WHERE id = '%1'"_s.arg(fastId), &error),
            qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(reported(fastId), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(attemptShown(fastId), 2, 5000);
        // More polls after it: a plain cursor is past the slow row's updated_at now.
        const int polls = int(summaries.size());
        QTRY_VERIFY_WITH_TIMEOUT(summaries.size() >= polls + 3, 10000);
        QVERIFY(!reported(slowId));
        slow.commit();

        QTRY_VERIFY_WITH_TIMEOUT(reported(slowId), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(attemptShown(slowId), 2, 5000);
        // psql: the slow row's updated_at is older than the fast one's, as the case needs.
        QCOMPARE(m_sim->sqlValue(u"SELECT (SELECT updated_at FROM saga_instances WHERE id = '%1') < (SELECT "
                                 "updated_at FROM saga_instances WHERE id = '%2')"_s.arg(slowId, fastId)),
                 u"t"_s);
    }

    void sagaChangedBySimReachesTheModel_data()
    {
        QTest::addColumn<bool>("listen");
        QTest::newRow("LISTEN") << true;
        QTest::newRow("polling") << false;
    }
    void sagaChangedBySimReachesTheModel()
    {
        QFETCH(bool, listen);
        const int refreshMs = 1000;
        QVERIFY(m_sim->setRate(std::max(5.0, m_sim->originalRate())));
        RunningFeed run(settings(listen, refreshMs));
        // Pages come from the query worker (on this thread here), changes from the feed.
        SagaQueryWorker queries(settings(listen, refreshMs));
        SagaTableModel model;
        wireTable(run.feed, &queries, &model);
        QueuedSpy live(run.feed, &PostgresFeed::resynced);
        run.start();
        QVERIFY(live.wait(15000));
        model.setFilter({}); // newest first: the sagas the sim is working on

        // Find a saga on screen whose status the sim will still change.
        const qint64 startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        QUuid id;
        QString shownStatus;
        QDeadlineTimer findDeadline(30000);
        while (id.isNull() && !findDeadline.hasExpired()) {
            QTest::qWait(20);
            // Unfinished and begun during this test: the running sim owns it (one in flight when
            // an earlier test restarted Postgres or the sim stays unfinished for good).
            for (const SagaRow &r : model.loadedRows(0, 199)) {
                if (!isTerminal(r.status) && r.createdAtUs >= startedUs) {
                    id = r.id;
                    shownStatus = r.statusText;
                    break;
                }
            }
            if (id.isNull() && model.countKnown())
                model.reload();
        }
        QVERIFY2(!id.isNull(), "no unfinished saga appeared on the first page");

        // Wait until the database says it changed, then give the model 2 refresh intervals.
        const QString idText = id.toString(QUuid::WithoutBraces);
        QString dbStatus = shownStatus;
        QDeadlineTimer changeDeadline(30000);
        while (dbStatus == shownStatus && !changeDeadline.hasExpired()) {
            QTest::qWait(20);
            dbStatus = m_sim->sqlValue(u"SELECT status FROM saga_instances WHERE id = '%1'"_s.arg(idText));
        }
        QVERIFY2(dbStatus != shownStatus, "the sim never moved the saga on");
        auto modelStatus = [&] {
            for (const SagaRow &r : model.loadedRows(0, model.rowCount() - 1))
                if (r.id == id)
                    return r.statusText;
            return QString();
        };
        // The saga may move further on meanwhile: any status the database has had since.
        QTRY_VERIFY_WITH_TIMEOUT(modelStatus() != shownStatus, 2 * refreshMs);
        const QString finalDb = m_sim->sqlValue(u"SELECT status FROM saga_instances WHERE id = '%1'"_s.arg(idText));
        QTRY_COMPARE_WITH_TIMEOUT(modelStatus(), finalDb, 2 * refreshMs);
    }

    // The console role's password, from the stack's libpq passfile (host:port:db:user:password).
    QString consolePassword(const QString &user) const
    {
        QFile f(m_sim->stack().string(u"postgres"_s, u"passfile"_s));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n'))
            if (line.section(u':', 3, 3) == user)
                return line.section(u':', 4);
        return {};
    }

    // A business key is searched as psql finds it, and the console's word on the index is
    // psql's own EXPLAIN: order_id has an expression index in the stack, customer_id none.
    void businessKeySearchIsPsqls()
    {
        PostgresSettings s = settings(false);
        s.businessKeys = {{u"order_id"_s, {u"order_id"_s}}, {u"customer_id"_s, {u"customer_id"_s}}};
        m_sim->sqlValue(u"ANALYZE saga_instances"_s); // the planner's statistics, as a live site has them
        const QString one = m_sim->sqlValue(
            u"SELECT (payload->>'order_id') || '|' || (payload->>'customer_id') FROM saga_instances "
            "WHERE payload ? 'order_id' ORDER BY updated_at DESC LIMIT 1"_s);
        QVERIFY2(one.contains(u'|'), "the workload wrote no saga with an order_id");
        const QString order = one.section(u'|', 0, 0);
        const QString customer = one.section(u'|', 1, 1);

        SagaQueryWorker worker(s);
        QSignalSpy pages(&worker, &SagaQueryWorker::pageReady);
        QSignalSpy counts(&worker, &SagaQueryWorker::countReady);
        QSignalSpy plans(&worker, &SagaQueryWorker::searchPlanReady);
        const auto search = [&](quint64 generation, const QString &text) {
            SagaFilter f;
            f.search = text;
            SagaPageRequest r;
            r.generation = generation;
            r.filter = f;
            r.limit = 500;
            worker.fetchPage(r);
            worker.fetchCount(generation, f);
        };
        const auto psqlPlanReadsTable = [&](const QString &key, const QString &value) {
            const QString plan = m_sim
                                     ->sqlColumn(u"EXPLAIN SELECT count(*) FROM saga_instances WHERE "
                                                 "(payload #>> '{%1}') = '%2'"_s.arg(key, value))
                                     .join(u'\n');
            return plan.contains(u"Seq Scan on saga_instances"_s);
        };

        search(1, u"order_id:"_s + order);
        QCOMPARE(pages.size(), 1);
        QStringList ours;
        for (const SagaRow &row : pages.at(0).at(2).value<QVector<SagaRow>>())
            ours << row.id.toString(QUuid::WithoutBraces);
        ours.sort();
        const QStringList theirs = m_sim->sqlColumn(
            u"SELECT id FROM saga_instances WHERE payload->>'order_id' = '%1' ORDER BY id::text"_s.arg(order));
        QVERIFY(!theirs.isEmpty());
        QCOMPARE(ours, theirs);
        QCOMPARE(counts.at(0).at(1).toLongLong(), qint64(theirs.size()));
        SagaSearchPlan plan = plans.at(0).at(1).value<SagaSearchPlan>();
        QVERIFY2(plan.known, qPrintable(plan.error));
        QCOMPARE(plan.readsWholeTable, psqlPlanReadsTable(u"order_id"_s, order));
        QVERIFY2(plan.indexes.contains(u"saga_instances_order_id_idx"_s), qPrintable(plan.indexes.join(u',')));

        search(2, u"customer_id:"_s + customer);
        const qint64 customers =
            m_sim->sqlValue(u"SELECT count(*) FROM saga_instances WHERE payload->>'customer_id' = '%1'"_s.arg(customer))
                .toLongLong();
        QCOMPARE(counts.last().at(1).toLongLong(), customers);
        plan = plans.last().at(1).value<SagaSearchPlan>();
        QVERIFY(plan.known);
        QVERIFY(plan.readsWholeTable); // no index on customer_id
        QCOMPARE(plan.readsWholeTable, psqlPlanReadsTable(u"customer_id"_s, customer));

        // A bare order number finds the same saga (any key, besides id prefix and error text).
        search(3, order);
        QVERIFY(counts.last().at(1).toLongLong() >= qint64(theirs.size()));
    }

    // `sagadeck --saga ID` opens the saga in the console already running for this user: the
    // second process gets the first one's answer once the saga is on screen, status as psql says.
    void sagaLinkOpensInTheRunningConsole()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(u"profiles.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(profile, &error), qPrintable(error));
        const QString id = m_sim->sqlValue(u"SELECT id FROM saga_instances WHERE status IN ('COMPLETED', "
                                           "'FAILED', 'COMPENSATED') ORDER BY updated_at DESC LIMIT 1"_s);
        QVERIFY(!id.isEmpty());
        const QString bin = qEnvironmentVariable("SAGADECK_BIN");
        // A console killed by a signal leaves its socket file behind (the next one takes it over).
        const QString socketPath = qEnvironmentVariable("XDG_RUNTIME_DIR") + u"/sagadeck-console.sock"_s;
        QFile::remove(socketPath);
        QProcess first;
        first.setProcessChannelMode(QProcess::ForwardedChannels);
        first.start(bin, {u"--config"_s, profile});
        auto stop = qScopeGuard([&first] {
            first.terminate();
            if (!first.waitForFinished(10000))
                first.kill();
        });
        QVERIFY(first.waitForStarted());
        QProcess second;
        bool answered = false;
        // Until the first console listens, the second would become a console itself: wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socketPath), 20000);
        second.start(bin, {u"sagadeck://saga/"_s + id});
        QVERIFY(second.waitForFinished(30000));
        const QString out = QString::fromUtf8(second.readAllStandardOutput() + second.readAllStandardError());
        answered = second.exitCode() == 0;
        QVERIFY2(answered, qPrintable(out));
        const QString status = m_sim->sqlValue(u"SELECT status FROM saga_instances WHERE id = '%1'"_s.arg(id));
        QVERIFY2(out.contains(u"shown %1 %2"_s.arg(id, status)), qPrintable(out));

        // A saga that does not exist is said, with a failing exit.
        QProcess missing;
        missing.start(bin, {u"--saga"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)});
        QVERIFY(missing.waitForFinished(30000));
        const QString said = QString::fromUtf8(missing.readAllStandardError());
        QCOMPARE(missing.exitCode(), 1);
        QVERIFY2(said.contains(u"no saga with this id"_s), qPrintable(said));
    }

    void uriConninfoWithPasswordFromTheEnvironmentConnects()
    {
        // Issue 16: a postgresql:// conninfo with password_env could never connect (our
        // settings and the password were read as part of the database name).
        const QString ci = settings(false).conninfo;
        auto field = [&](const QString &key) { return QRegularExpression(key + u"=(\\S+)"_s).match(ci).captured(1); };
        const QString user = field(u"user"_s);
        const QString password = consolePassword(user);
        QVERIFY2(!user.isEmpty() && !password.isEmpty(), qPrintable(ci));
        PostgresSettings s = settings(false);
        s.conninfo = u"postgresql://%1@%2:%3/%4"_s.arg(user, field(u"host"_s), field(u"port"_s), field(u"dbname"_s));
        qputenv("SAGADECK_TEST_URI_PASSWORD", password.toUtf8());
        s.passwordEnv = u"SAGADECK_TEST_URI_PASSWORD"_s;
        RunningFeed run(s);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(!health.isEmpty() && stateOf(health) != FeedState::Connecting, 15000);
        QVERIFY2(stateOf(health) == FeedState::Live, qPrintable(health.last().at(0).value<FeedHealth>().reason));
    }

    void uriConninfoNeverPutsThePasswordInTheReason()
    {
        // The other half of the bug: with a URI without a path, the password landed in the host
        // name and came back in libpq's "could not translate host name" (status bar, snapshots).
        PostgresSettings s = settings(false);
        s.conninfo = u"postgresql://nohost.invalid"_s;
        qputenv("SAGADECK_TEST_URI_CANARY", "CANARY-7f3a");
        s.passwordEnv = u"SAGADECK_TEST_URI_CANARY"_s;
        const QString reason = downReason(s, 20000);
        QVERIFY2(reason.contains(u"nohost.invalid"_s), qPrintable(reason));
        QVERIFY2(!reason.contains(u"CANARY-7f3a"_s), qPrintable(reason));
        QVERIFY2(!reason.contains(u"application_name"_s), qPrintable(reason));
    }

    void badPasswordIsAClearErrorNotACrash()
    {
        PostgresSettings s = settings(true);
        // No passfile, and a wrong password from the environment.
        s.conninfo.replace(QRegularExpression(u"passfile=\\S+"_s), u"passfile=/dev/null"_s);
        qputenv("SAGADECK_TEST_WRONG_PASSWORD", "definitely-not-it");
        s.passwordEnv = u"SAGADECK_TEST_WRONG_PASSWORD"_s;
        RunningFeed run(s);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(health) == FeedState::Down, 10000);
        const QString reason = health.last().at(0).value<FeedHealth>().reason;
        QVERIFY2(reason.contains(u"password authentication failed"_s), qPrintable(reason));
        QVERIFY2(!reason.contains(u"definitely-not-it"_s), "the password leaked into the reason");
        QVERIFY2(reason.contains(u"retrying in"_s), qPrintable(reason));
        // It keeps trying (and failing) on its own.
        const int before = int(health.size());
        QTRY_VERIFY_WITH_TIMEOUT(health.size() > before, 10000);
        QCOMPARE(stateOf(health), FeedState::Down);
    }

    void keychainWithoutAnEntryIsAClearError()
    {
        // No password anywhere but the keychain, and no entry there (on CI not even a
        // keychain service): the feed says so and keeps the console running.
        PostgresSettings s = settings(true);
        s.conninfo.replace(QRegularExpression(u"passfile=\\S+"_s), u"passfile=/dev/null"_s);
        s.passwordFromKeychain = true;
        RunningFeed run(s);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(health) == FeedState::Down, 20000);
        const QString reason = health.last().at(0).value<FeedHealth>().reason;
        QVERIFY2(reason.contains(u"keychain"_s), qPrintable(reason));
        QVERIFY2(reason.contains(u"retrying in"_s), qPrintable(reason));
    }

    void tlsTransportAsLibpqAndTheServerSeeIt_data()
    {
        // The stack's Postgres serves TLS with a certificate from the stack's CA (issue 16).
        QTest::addColumn<QString>("sslSettings"); // replaces the TLS conninfo's sslmode/sslrootcert
        QTest::addColumn<TransportSecurity>("expected");
        QTest::addColumn<QString>("serverSsl"); // pg_stat_ssl.ssl as psql reads it with the same conninfo
        QTest::newRow("verify-full, the stack's CA") << QString() << TransportSecurity::VerifiedTls << u"t"_s;
        QTest::newRow("require") << u"sslmode=require"_s << TransportSecurity::UnverifiedTls << u"t"_s;
        // A client certificate from the same CA, which the server checks when one is presented.
        QTest::newRow("verify-full with a client certificate")
            << u"sslmode=verify-full sslrootcert=%1 sslcert=%2 sslkey=%3"_s.arg(
                   m_sim->stack().string(u"postgres"_s, u"ca"_s),
                   m_sim->stack().string(u"postgres"_s, u"client_cert"_s),
                   m_sim->stack().string(u"postgres"_s, u"client_key"_s))
            << TransportSecurity::VerifiedTls << u"t"_s;
        QTest::newRow("disable") << u"sslmode=disable"_s << TransportSecurity::Plaintext << u"f"_s;
    }
    void tlsTransportAsLibpqAndTheServerSeeIt()
    {
        QFETCH(QString, sslSettings);
        QFETCH(TransportSecurity, expected);
        QFETCH(QString, serverSsl);
        PostgresSettings s = settings(false);
        s.conninfo = m_sim->stack().string(u"postgres"_s, u"tls_conninfo"_s);
        QVERIFY2(s.conninfo.contains(u"sslmode=verify-full"_s), qPrintable(s.conninfo));
        if (!sslSettings.isEmpty())
            s.conninfo.replace(QRegularExpression(u"sslmode=\\S+ sslrootcert=\\S+"_s), sslSettings);
        QProcess psql;
        psql.start(
            u"psql"_s,
            {u"-XAt"_s, u"-d"_s, s.conninfo, u"-c"_s, u"SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"_s});
        QVERIFY(psql.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(psql.readAllStandardOutput()).trimmed(), serverSsl);
        RunningFeed run(s);
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(!health.isEmpty() && stateOf(health) == FeedState::Live, 15000);
        const Transport t = health.last().at(0).value<FeedHealth>().transport;
        QCOMPARE(t.security, expected);
    }

    void verifyFullRefusesAServerItCannotVerify()
    {
        // The system's CAs did not sign the stack's server: verify-full must refuse to connect.
        PostgresSettings s = settings(false);
        s.conninfo = m_sim->stack().string(u"postgres"_s, u"tls_conninfo"_s);
        s.conninfo.replace(QRegularExpression(u"sslrootcert=\\S+"_s),
                           u"sslrootcert=/etc/ssl/certs/ca-certificates.crt"_s);
        const QString reason = downReason(s, 15000);
        QVERIFY2(reason.contains(u"certificate verify failed"_s), qPrintable(reason));
    }

    void downThenLiveWhenPostgresRestarts()
    {
        RunningFeed run(settings(true, 500));
        QueuedSpy health(run.feed, &PostgresFeed::healthChanged);
        QueuedSpy resynced(run.feed, &PostgresFeed::resynced);
        QueuedSpy summaries(run.feed, &PostgresFeed::summaryReady);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(health) == FeedState::Live, 15000);

        // Stop Postgres under it (fast shutdown, as pg_ctl -m fast does).
        QProcess status;
        status.start(stackScript(), {u"--dir"_s, qEnvironmentVariable("SAGADECK_STACK_DIR"), u"status"_s});
        QVERIFY(status.waitForFinished(60000));
        const QRegularExpressionMatch m = QRegularExpression(u"^postgres\\s+up\\s+pid (\\d+)"_s,
                                                             QRegularExpression::MultilineOption)
                                              .match(QString::fromUtf8(status.readAllStandardOutput()));
        QVERIFY2(m.hasMatch(), "stack status does not show postgres up");
        const qint64 pid = m.captured(1).toLongLong();
        QVERIFY(pid > 1);
        QCOMPARE(::kill(pid_t(pid), SIGINT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(health) == FeedState::Down, 15000);
        QVERIFY(!health.last().at(0).value<FeedHealth>().reason.isEmpty());
        const int resyncsBefore = int(resynced.size());
        const int summariesBefore = int(summaries.size());

        // Bring it back with the stack's own command; the feed reconnects by itself.
        QProcess up;
        up.start(stackScript(), {u"--dir"_s, qEnvironmentVariable("SAGADECK_STACK_DIR"), u"up"_s});
        QVERIFY(up.waitForFinished(180000));
        QCOMPARE(up.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(stateOf(health) == FeedState::Live, 40000);
        QVERIFY(resynced.size() > resyncsBefore); // the model is told to fetch again
        QTRY_VERIFY_WITH_TIMEOUT(summaries.size() > summariesBefore, 5000);
    }
};

QTEST_GUILESS_MAIN(TestPostgresFeed)
#include "tst_postgres_feed.moc"
