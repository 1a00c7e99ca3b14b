// How safely each feed's bytes travel (issue 16): the rules per transport, and the words the
// status bar, the war-room header and the production warning use.
#include "FeedHealthIndicator.h"
#include "Profile.h"
#include "TransportSecurity.h"

#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace sagadeck;

Q_DECLARE_METATYPE(sagadeck::TransportSecurity)

class TestTransportSecurity : public QObject
{
    Q_OBJECT
private:
    static FeedHealth feed(FeedKind kind, FeedState state, TransportSecurity security, const QString &detail = {})
    {
        FeedHealth h;
        h.feed = kind;
        h.state = state;
        h.transport = {security, detail};
        return h;
    }

private slots:
    void http_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("skipVerify");
        QTest::addColumn<TransportSecurity>("expected");
        QTest::newRow("http") << u"http://prom:9090"_s << false << TransportSecurity::Plaintext;
        QTest::newRow("http, skip set") << u"http://prom:9090"_s << true << TransportSecurity::Plaintext;
        QTest::newRow("https") << u"https://prom:9090"_s << false << TransportSecurity::VerifiedTls;
        QTest::newRow("HTTPS upper case") << u"HTTPS://prom:9090"_s << false << TransportSecurity::VerifiedTls;
        QTest::newRow("https, skip") << u"https://prom:9090"_s << true << TransportSecurity::UnverifiedTls;
    }
    void http()
    {
        QFETCH(QString, url);
        QFETCH(bool, skipVerify);
        QFETCH(TransportSecurity, expected);
        QCOMPARE(httpTransport(QUrl(url), skipVerify).security, expected);
    }

    void kafka_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<bool>("skipVerify");
        QTest::addColumn<TransportSecurity>("expected");
        QTest::newRow("PLAINTEXT") << u"PLAINTEXT"_s << false << TransportSecurity::Plaintext;
        QTest::newRow("SASL_PLAINTEXT") << u"SASL_PLAINTEXT"_s << false << TransportSecurity::Plaintext;
        QTest::newRow("SSL") << u"SSL"_s << false << TransportSecurity::VerifiedTls;
        QTest::newRow("SASL_SSL") << u"SASL_SSL"_s << false << TransportSecurity::VerifiedTls;
        QTest::newRow("SASL_SSL, skip") << u"SASL_SSL"_s << true << TransportSecurity::UnverifiedTls;
    }
    void kafka()
    {
        QFETCH(QString, protocol);
        QFETCH(bool, skipVerify);
        QFETCH(TransportSecurity, expected);
        KafkaSettings s;
        s.securityProtocol = protocol;
        s.insecureSkipVerify = skipVerify;
        const Transport t = kafkaTransport(s);
        QCOMPARE(t.security, expected);
        QVERIFY2(t.detail.contains(protocol), qPrintable(t.detail));
    }

    void postgres_data()
    {
        QTest::addColumn<bool>("ssl");
        QTest::addColumn<bool>("unixSocket");
        QTest::addColumn<QString>("sslmode");
        QTest::addColumn<TransportSecurity>("expected");
        QTest::newRow("verify-full") << true << false << u"verify-full"_s << TransportSecurity::VerifiedTls;
        // verify-ca checks the chain but not the host name: anyone with a certificate from that CA.
        QTest::newRow("verify-ca") << true << false << u"verify-ca"_s << TransportSecurity::UnverifiedTls;
        QTest::newRow("require") << true << false << u"require"_s << TransportSecurity::UnverifiedTls;
        QTest::newRow("prefer, TLS") << true << false << u"prefer"_s << TransportSecurity::UnverifiedTls;
        QTest::newRow("prefer, server without TLS") << false << false << u"prefer"_s << TransportSecurity::Plaintext;
        QTest::newRow("disable") << false << false << u"disable"_s << TransportSecurity::Plaintext;
        QTest::newRow("Unix socket") << false << true << u"prefer"_s << TransportSecurity::LocalSocket;
    }
    void postgres()
    {
        QFETCH(bool, ssl);
        QFETCH(bool, unixSocket);
        QFETCH(QString, sslmode);
        QFETCH(TransportSecurity, expected);
        QCOMPARE(postgresTransport(ssl, unixSocket, sslmode).security, expected);
    }

    void onlyPlaintextAndUnverifiedAreUnsafe()
    {
        QVERIFY(transportIsUnsafe(TransportSecurity::Plaintext));
        QVERIFY(transportIsUnsafe(TransportSecurity::UnverifiedTls));
        QVERIFY(!transportIsUnsafe(TransportSecurity::VerifiedTls));
        QVERIFY(!transportIsUnsafe(TransportSecurity::LocalSocket));
        QVERIFY(!transportIsUnsafe(TransportSecurity::Unknown));
    }

    void wordsForPeopleAndJson()
    {
        QCOMPARE(describeTransport({TransportSecurity::UnverifiedTls, u"sslmode=require"_s}),
                 u"unverified TLS (sslmode=require)"_s);
        QCOMPARE(transportKey(TransportSecurity::VerifiedTls), u"verified_tls"_s);
        QCOMPARE(transportKey(TransportSecurity::UnverifiedTls), u"unverified_tls"_s);
        QCOMPARE(transportKey(TransportSecurity::Plaintext), u"plaintext"_s);
    }

    void summaryAndUnsafeListSkipDisabledFeeds()
    {
        const QVector<FeedHealth> feeds{
            feed(FeedKind::Postgres, FeedState::Live, TransportSecurity::VerifiedTls, u"sslmode=verify-full"_s),
            feed(FeedKind::Kafka, FeedState::Down, TransportSecurity::Plaintext, u"security_protocol: PLAINTEXT"_s),
            feed(FeedKind::Prometheus, FeedState::Live, TransportSecurity::UnverifiedTls,
                 u"certificate checks turned off"_s),
            feed(FeedKind::Kubernetes, FeedState::Disabled, TransportSecurity::Plaintext),
            feed(FeedKind::Orchestrator, FeedState::Connecting, TransportSecurity::VerifiedTls),
        };
        QCOMPARE(transportSummary(feeds),
                 u"Postgres verified TLS · Kafka plaintext · Prometheus unverified TLS · "
                 u"Orchestrator verified TLS"_s);
        QCOMPARE(unsafeTransports(feeds),
                 (QStringList{u"Kafka: plaintext (security_protocol: PLAINTEXT)"_s,
                              u"Prometheus: unverified TLS (certificate checks turned off)"_s}));
        const QString details = healthDetails(feeds.at(2), QDateTime::currentDateTimeUtc());
        QVERIFY2(details.contains(u"Transport: unverified TLS (certificate checks turned off)"_s), qPrintable(details));
    }
};

QTEST_GUILESS_MAIN(TestTransportSecurity)
#include "tst_transport_security.moc"
