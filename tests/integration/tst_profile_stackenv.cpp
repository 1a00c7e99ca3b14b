#include "ProfileStore.h"
#include "StackInfo.h"

#include <QMap>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The profile `stack/stack env` writes for the running local stack must load cleanly, and
// must point where stack.json (written by `stack/stack up`, an independent source) says the
// servers are.
class TestProfileStackEnv : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    ProfileLoadResult m_loaded;
    std::optional<Profile> m_profile;

    // libpq keyword/value pairs; enough of the syntax for what the stack writes.
    static QMap<QString, QString> conninfoPairs(const QString &conninfo)
    {
        QMap<QString, QString> pairs;
        qsizetype i = 0;
        const qsizetype n = conninfo.size();
        while (i < n) {
            while (i < n && conninfo.at(i).isSpace())
                ++i;
            const qsizetype eq = conninfo.indexOf(u'=', i);
            if (i >= n || eq < 0)
                break;
            const QString key = conninfo.mid(i, eq - i).trimmed();
            i = eq + 1;
            QString value;
            const bool quoted = i < n && conninfo.at(i) == u'\'';
            if (quoted)
                ++i;
            while (i < n && (quoted ? conninfo.at(i) != u'\'' : !conninfo.at(i).isSpace())) {
                if (conninfo.at(i) == u'\\' && i + 1 < n)
                    ++i;
                value += conninfo.at(i++);
            }
            if (quoted)
                ++i;
            pairs.insert(key, value);
        }
        return pairs;
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));

        QProcess env;
        env.start(QStringLiteral(SAGADECK_SOURCE_DIR) + u"/stack/stack"_s,
                  {u"--dir"_s, qEnvironmentVariable("SAGADECK_STACK_DIR"), u"env"_s});
        QVERIFY2(env.waitForFinished(60000), "stack/stack env did not finish");
        QVERIFY2(env.exitStatus() == QProcess::NormalExit && env.exitCode() == 0,
                 env.readAllStandardError().constData());
        const QByteArray yaml = env.readAllStandardOutput();

        m_loaded = ProfileStore::parse(yaml, u"stack env"_s, QProcessEnvironment::systemEnvironment());
        QString error;
        m_profile = ProfileStore::select(m_loaded, QString(), &error);
        QVERIFY2(m_profile, qPrintable(error));
    }

    void loadsCleanly()
    {
        QVERIFY2(m_loaded.ok(), qPrintable(m_loaded.errors.join(u'\n')));
        QCOMPARE(m_loaded.profiles.size(), 1);
        QCOMPARE(m_profile->name, m_loaded.current);
        QVERIFY(!m_profile->production);
        QVERIFY(!m_profile->readOnly);
    }

    // The runbook's escalation path and dashboards, in escalation order.
    void contactsAndDashboards()
    {
        QStringList contacts;
        for (const EscalationContact &c : m_profile->contacts)
            contacts << u"%1 %2 %3"_s.arg(c.level).arg(c.role, c.reach);
        QCOMPARE(contacts,
                 (QStringList{u"1 On-call engineer +1-555-0123"_s, u"2 Platform team platform-team@company.com"_s,
                              u"3 Engineering manager via the platform team"_s,
                              u"0 Business stakeholders business-ops@company.com"_s}));
        QCOMPARE(m_profile->dashboards.size(), 3);
        QCOMPARE(m_profile->dashboards.at(1).title, u"Saga metrics"_s);
        QCOMPARE(m_profile->dashboards.at(1).url, u"http://grafana.company.com/d/saga-metrics"_s);
    }

    void postgres()
    {
        QVERIFY2(m_profile->postgres.enabled(), qPrintable(m_profile->postgres.disabledReason));
        const QMap<QString, QString> got = conninfoPairs(m_profile->postgres.conninfo);
        QCOMPARE(got.value(u"host"_s), m_stack.string(u"postgres"_s, u"host"_s));
        QCOMPARE(got.value(u"port"_s), QString::number(m_stack.section(u"postgres"_s).value(u"port"_s).toInt()));
        QCOMPARE(got.value(u"dbname"_s), m_stack.string(u"postgres"_s, u"database"_s));
        QCOMPARE(got.value(u"user"_s), m_stack.string(u"postgres"_s, u"console_user"_s));
        QCOMPARE(got.value(u"passfile"_s), m_stack.string(u"postgres"_s, u"passfile"_s));
        // Verified TLS against the stack's CA, and nothing beyond what stack.json's own TLS
        // conninfo says.
        QCOMPARE(got.value(u"sslmode"_s), u"verify-full"_s);
        QCOMPARE(got.value(u"sslrootcert"_s), m_stack.string(u"postgres"_s, u"ca"_s));
        const QMap<QString, QString> console = conninfoPairs(m_stack.string(u"postgres"_s, u"tls_conninfo"_s));
        for (auto it = got.cbegin(); it != got.cend(); ++it)
            QCOMPARE(console.value(it.key()), it.value());
    }

    void kafka()
    {
        QVERIFY2(m_profile->kafka.enabled(), qPrintable(m_profile->kafka.disabledReason));
        QCOMPARE(m_profile->kafka.bootstrap, m_stack.string(u"kafka"_s, u"bootstrap"_s));
        QCOMPARE(m_profile->kafka.sagaTopic, m_stack.string(u"kafka"_s, u"topic"_s));
    }

    void prometheus()
    {
        QVERIFY2(m_profile->prometheus.enabled(), qPrintable(m_profile->prometheus.disabledReason));
        QCOMPARE(m_profile->prometheus.url, m_stack.string(u"prometheus"_s, u"url"_s));
        QCOMPARE(m_profile->prometheus.scrapeIntervalS,
                 m_stack.section(u"prometheus"_s).value(u"scrape_interval_s"_s).toInt());
    }

    void orchestrator()
    {
        // Written only by stacks that run the orchestrator API (saga-sim).
        const QString api = m_stack.string(u"sim"_s, u"api_url"_s);
        QCOMPARE(m_profile->orchestrator.enabled(), !api.isEmpty());
        QCOMPARE(m_profile->orchestrator.url, api);
    }
};

QTEST_GUILESS_MAIN(TestProfileStackEnv)
#include "tst_profile_stackenv.moc"
