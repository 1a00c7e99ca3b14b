#include "InvestigationQueryWorker.h"
#include "ProfileStore.h"
#include "QueuedSpy.h"
#include "StackInfo.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The playbooks' Postgres worker against the real stack: its connection counts and
// max_connections agree with what psql reads from pg_stat_activity, and a dead server is an
// error, never an empty (healthy-looking) snapshot.
class TestInvestigationQueries : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    std::optional<Profile> m_profile;
    QTemporaryDir m_dir;

    // psql as the console role; its own backend is left out of every count.
    QString psql(const QString &sql)
    {
        QProcess p;
        p.start(u"psql"_s, {u"-XAt"_s, u"-d"_s, m_stack.string(u"postgres"_s, u"console_conninfo"_s), u"-c"_s, sql});
        if (!p.waitForFinished(20000) || p.exitCode() != 0)
            return u"psql failed: "_s + QString::fromLocal8Bit(p.readAllStandardError());
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    std::optional<PgActivity> fetch(InvestigationQueryWorker *w, quint64 id)
    {
        QueuedSpy ok(w, &InvestigationQueryWorker::activityReady);
        QueuedSpy failed(w, &InvestigationQueryWorker::activityFailed);
        QMetaObject::invokeMethod(w, "fetchActivity", Qt::QueuedConnection, Q_ARG(quint64, id));
        if (!QTest::qWaitFor([&] { return !ok.isEmpty() || !failed.isEmpty(); }, 20000) || ok.isEmpty())
            return std::nullopt;
        if (ok.first().at(0).toULongLong() != id)
            return std::nullopt;
        return ok.first().at(1).value<PgActivity>();
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        const QString path = m_dir.filePath(u"profiles.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(path, &error), qPrintable(error));
        const ProfileLoadResult loaded = ProfileStore::load(path);
        m_profile = ProfileStore::select(loaded, QString(), &error);
        QVERIFY2(m_profile, qPrintable(error));
        InvestigationQueryWorker::registerMetaTypes();
    }

    void countsAgreeWithPsql()
    {
        QThread thread;
        auto *w = new InvestigationQueryWorker(m_profile->postgres);
        w->moveToThread(&thread);
        connect(&thread, &QThread::finished, w, &QObject::deleteLater);
        thread.start();
        const auto stop = qScopeGuard([&] {
            thread.quit();
            thread.wait(5000);
        });
        QVERIFY(fetch(w, 1)); // opens the worker's connection, which psql must count too
        const QString countSql =
            u"SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()"_s;
        const QString statesSql = u"SELECT coalesce(state, 'unknown') || '=' || count(*) FROM pg_stat_activity "
                                  u"WHERE datname IS NOT NULL AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1"_s;
        // saga-sim opens and closes connections: compare a snapshot taken between two equal psql reads.
        bool agreed = false;
        QString last;
        for (int attempt = 0; attempt < 10 && !agreed; ++attempt) {
            const QString before = psql(countSql);
            const auto a = fetch(w, quint64(attempt + 2));
            const QString after = psql(countSql);
            QVERIFY2(a, "the worker did not answer");
            QCOMPARE(QString::number(a->maxConnections), psql(u"SHOW max_connections"_s));
            QVERIFY(a->maxConnections > 0);
            QVERIFY(a->at.isValid());
            // The worker counts itself (it is a client backend, as psql's own is not here).
            last = u"psql %1/%2, worker %3"_s.arg(before, after).arg(a->total);
            if (before != after || QString::number(a->total) != before)
                continue;
            int sum = 0;
            for (int n : a->byState)
                sum += n;
            QCOMPARE(sum, a->total);
            QVERIFY(a->byState.value(u"active"_s) >= 1); // the worker's own query was running
            QVERIFY(a->longest.size() <= InvestigationQueryWorker::longestQueries);
            for (const PgBackend &b : a->longest) {
                QVERIFY(b.state != u"idle"_s);
                QVERIFY(b.durationS >= 0);
                QVERIFY(b.query.size() <= InvestigationQueryWorker::queryTextChars);
            }
            agreed = true;
        }
        QVERIFY2(agreed, qPrintable(u"no stable moment in 10 tries; last: "_s + last));
    }

    void deadServerIsAnError()
    {
        PostgresSettings s = m_profile->postgres;
        s.conninfo = u"host=127.0.0.1 port=1 dbname=microservices user=sagadeck connect_timeout=2"_s;
        s.service.clear();
        InvestigationQueryWorker w(s);
        QSignalSpy ok(&w, &InvestigationQueryWorker::activityReady);
        QSignalSpy failed(&w, &InvestigationQueryWorker::activityFailed);
        w.fetchActivity(7);
        QCOMPARE(ok.size(), 0);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toULongLong(), quint64(7));
        QVERIFY2(failed.first().at(1).toString().startsWith(u"cannot connect to Postgres"_s),
                 qPrintable(failed.first().at(1).toString()));
    }
};

QTEST_GUILESS_MAIN(TestInvestigationQueries)
#include "tst_investigation_queries.moc"
