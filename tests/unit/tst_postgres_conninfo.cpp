// The conninfo the console connects with (issue 16): a postgresql:// URI or keyword/value
// conninfo from the profile, written out as keyword/value with our settings and the password
// as keywords of their own. Checked by parsing the result back with libpq itself.
#include "PostgresConninfo.h"

#include <QTest>

#include <libpq-fe.h>

#include <map>
#include <string>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// What libpq makes of a conninfo: keyword → value, for the keywords that are set.
std::map<std::string, std::string> parsed(const QString &conninfo)
{
    std::map<std::string, std::string> out;
    char *error = nullptr;
    const QByteArray raw = conninfo.toUtf8();
    PQconninfoOption *options = PQconninfoParse(raw.constData(), &error);
    if (!options) {
        qWarning("libpq cannot parse %s: %s", raw.constData(), error);
        PQfreemem(error);
        return out;
    }
    for (const PQconninfoOption *o = options; o->keyword; ++o)
        if (o->val)
            out[o->keyword] = o->val;
    PQconninfoFree(options);
    return out;
}

const QList<QPair<QString, QString>> kDefaults = {{u"application_name"_s, u"sagadeck"_s},
                                                  {u"connect_timeout"_s, u"5"_s}};

} // namespace

class TestPostgresConninfo : public QObject
{
    Q_OBJECT
private slots:
    void uriKeepsItsDatabaseAndGetsOurKeywords()
    {
        const ConninfoBuild b = buildConninfo(u"postgresql://sagadeck@127.0.0.1:5433/microservices"_s, kDefaults,
                                              u"s3cret"_s);
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        const auto kv = parsed(b.conninfo);
        QCOMPARE(kv.at("host"), "127.0.0.1");
        QCOMPARE(kv.at("port"), "5433");
        QCOMPARE(kv.at("user"), "sagadeck");
        QCOMPARE(kv.at("dbname"), "microservices"); // not "microservices application_name=…"
        QCOMPARE(kv.at("application_name"), "sagadeck");
        QCOMPARE(kv.at("connect_timeout"), "5");
        QCOMPARE(kv.at("password"), "s3cret");
    }

    void uriWithoutPathKeepsThePasswordOutOfTheHost()
    {
        // The case that leaked: before, the host became "nohost.invalid application_name=…
        // password='CANARY'" and libpq's "could not translate host name" quoted it.
        const ConninfoBuild b = buildConninfo(u"postgresql://nohost.invalid"_s, kDefaults, u"CANARY"_s);
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        const auto kv = parsed(b.conninfo);
        QCOMPARE(kv.at("host"), "nohost.invalid");
        QCOMPARE(kv.at("password"), "CANARY");
        QCOMPARE(kv.count("dbname"), size_t(0));
    }

    void uriQueryParametersAndKeywordValueAreKept()
    {
        const auto uri = parsed(
            buildConninfo(u"postgresql://db.example:6432/app?sslmode=verify-full&connect_timeout=2"_s, kDefaults, {})
                .conninfo);
        QCOMPARE(uri.at("sslmode"), "verify-full");
        QCOMPARE(uri.at("connect_timeout"), "2"); // the site's own value wins over ours
        QCOMPARE(uri.count("password"), size_t(0));

        const auto kv = parsed(buildConninfo(u"host=a port=1 dbname='my db' user=u"_s, kDefaults, {}).conninfo);
        QCOMPARE(kv.at("dbname"), "my db");
        QCOMPARE(kv.at("application_name"), "sagadeck");
    }

    void serviceAndQuotesSurvive()
    {
        const auto kv = parsed(
            buildConninfo(u"service="_s + conninfoQuoted(u"it's \\ here"_s), kDefaults, u"pa ss'word\\"_s).conninfo);
        QCOMPARE(kv.at("service"), "it's \\ here");
        QCOMPARE(kv.at("password"), "pa ss'word\\");
    }

    void unreadableConninfoIsAnErrorWithoutThePassword()
    {
        const ConninfoBuild b = buildConninfo(u"postgresql://[::1"_s, kDefaults, u"CANARY"_s);
        QVERIFY(b.conninfo.isEmpty());
        QVERIFY(!b.error.isEmpty());
        QVERIFY(!b.error.contains(u"CANARY"_s));
        const ConninfoBuild bad = buildConninfo(u"host=a nonsense"_s, kDefaults, u"CANARY"_s);
        QVERIFY2(bad.error.contains(u"nonsense"_s), qPrintable(bad.error));
    }

    void secretsAreTakenOutOfTexts()
    {
        QCOMPARE(withoutSecret(u"could not translate host name \"x password='CANARY'\""_s, u"CANARY"_s),
                 u"could not translate host name \"x password='•••'\""_s);
        QCOMPARE(withoutSecret(u"no secret here"_s, QString()), u"no secret here"_s);
    }
};

QTEST_GUILESS_MAIN(TestPostgresConninfo)
#include "tst_postgres_conninfo.moc"
