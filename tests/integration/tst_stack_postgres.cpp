#include "StackInfo.h"

#include <QProcess>
#include <QTest>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

// The stack's Postgres, reached with libpqxx exactly as the console will reach it: as the
// read-only console role, password from the passfile named in the conninfo.
class TestStackPostgres : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    std::string conninfo(const char *key) const
    {
        return m_stack.string(u"postgres"_s, QString::fromLatin1(key)).toStdString();
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        QVERIFY(!conninfo("console_conninfo").empty());
        // The profile must not carry a password: it comes from the passfile.
        QVERIFY(!QString::fromStdString(conninfo("console_conninfo")).contains(u"password"_s));
    }

    void consoleRoleRunsAQuery()
    {
        pqxx::connection c(conninfo("console_conninfo"));
        pqxx::read_transaction tx(c);
        const pqxx::row r = tx.exec1(
            "SELECT current_database(), current_user, current_setting('server_version_num')::int,"
            "       (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())");
        QCOMPARE(QString::fromStdString(r[0].as<std::string>()), u"microservices"_s);
        QCOMPARE(QString::fromStdString(r[1].as<std::string>()), m_stack.string(u"postgres"_s, u"console_user"_s));
        const int version = r[2].as<int>();
        QVERIFY2(version >= 150000 && version < 160000, qPrintable(QString::number(version)));
        QVERIFY(r[3].as<int>() >= 1); // at least this very session
    }

    void answerAgreesWithPsql()
    {
        // Independent check: psql, as the sim role, sees the same server (same postmaster start time).
        pqxx::connection c(conninfo("console_conninfo"));
        pqxx::read_transaction tx(c);
        const auto ours = tx.exec1("SELECT pg_postmaster_start_time()::text")[0].as<std::string>();
        QProcess psql;
        psql.start(u"psql"_s,
                   {QString::fromStdString(conninfo("sim_conninfo")), u"-XAtc"_s,
                    u"SELECT pg_postmaster_start_time()::text"_s});
        QVERIFY(psql.waitForFinished(20000));
        QCOMPARE(psql.exitCode(), 0);
        QCOMPARE(QString::fromLatin1(psql.readAllStandardOutput()).trimmed(), QString::fromStdString(ours));
    }

    void consoleRoleCannotWrite_data()
    {
        QTest::addColumn<QString>("prelude");
        QTest::addColumn<QString>("statement");
        QTest::addColumn<QString>("sqlstate");
        // By default the console's transactions are read-only (25006)...
        QTest::newRow("create table") << QString() << u"CREATE TABLE sagadeck_nope (id int)"_s << u"25006"_s;
        // ...and asking for a read-write one still finds no privilege to write (42501).
        QTest::newRow("create table, read write")
            << u"SET TRANSACTION READ WRITE"_s << u"CREATE TABLE sagadeck_nope (id int)"_s << u"42501"_s;
        QTest::newRow("create schema, read write")
            << u"SET TRANSACTION READ WRITE"_s << u"CREATE SCHEMA sagadeck_nope"_s << u"42501"_s;
    }
    void consoleRoleCannotWrite()
    {
        // docs/architecture.md §1: the console must work with a read-only role and never needs DDL.
        QFETCH(QString, prelude);
        QFETCH(QString, statement);
        QFETCH(QString, sqlstate);
        pqxx::connection c(conninfo("console_conninfo"));
        pqxx::work tx(c);
        if (!prelude.isEmpty())
            tx.exec0(prelude.toStdString());
        QString got = u"(no error)"_s;
        try {
            tx.exec0(statement.toStdString());
        } catch (const pqxx::insufficient_privilege &) {
            // libpqxx 6.4 picks this class from SQLSTATE 42501 but leaves sqlstate() empty.
            got = u"42501"_s;
        } catch (const pqxx::sql_error &e) {
            got = QString::fromStdString(e.sqlstate());
        }
        QCOMPARE(got, sqlstate);
    }

    void wrongPortFailsWithAClearError()
    {
        const std::string bad = "host=127.0.0.1 port=1 dbname=microservices connect_timeout=3";
        QString message;
        try {
            pqxx::connection c(bad);
        } catch (const pqxx::broken_connection &e) {
            message = QString::fromUtf8(e.what());
        }
        QVERIFY2(message.contains(u"127.0.0.1"_s) || message.contains(u"refused"_s), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestStackPostgres)
#include "tst_stack_postgres.moc"
