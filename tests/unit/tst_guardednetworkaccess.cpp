// The read-only guarantee at the transport: a local QTcpServer counts connections and request
// lines; in read-only mode no mutating request reaches it, and the reply says why.
#include "GuardedNetworkAccess.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// Answers every request with "200 OK" and remembers each request line.
class CountingServer : public QTcpServer
{
public:
    CountingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_buffer[s] += s->readAll();
                    const int end = m_buffer[s].indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    requestLines << m_buffer[s].left(m_buffer[s].indexOf("\r\n"));
                    m_buffer[s].clear();
                    s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    int connections = 0;
    QList<QByteArray> requestLines;

private:
    QHash<QTcpSocket *, QByteArray> m_buffer;
};

QNetworkReply *send(QNetworkAccessManager &net, const QByteArray &verb, const QUrl &url)
{
    QNetworkRequest r(url);
    r.setRawHeader("Content-Type", "application/json");
    if (verb == "GET")
        return net.get(r);
    if (verb == "HEAD")
        return net.head(r);
    if (verb == "POST")
        return net.post(r, QByteArray("{}"));
    if (verb == "PUT")
        return net.put(r, QByteArray("{}"));
    if (verb == "DELETE")
        return net.deleteResource(r);
    return net.sendCustomRequest(r, verb.startsWith("custom:") ? verb.mid(7) : verb, QByteArray("{}"));
}

} // namespace

class TestGuardedNetworkAccess : public QObject
{
    Q_OBJECT
private slots:
    void readOnly_data();
    void readOnly();
    void readWriteSends_data();
    void readWriteSends();
    void readPostAllowance_data();
    void readPostAllowance();
};

void TestGuardedNetworkAccess::readOnly_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<bool>("reachesServer");
    QTest::newRow("GET") << QByteArray("GET") << true;
    QTest::newRow("HEAD") << QByteArray("HEAD") << true;
    QTest::newRow("custom GET") << QByteArray("custom:GET") << true; // sendCustomRequest("GET")
    QTest::newRow("POST") << QByteArray("POST") << false;
    QTest::newRow("PUT") << QByteArray("PUT") << false;
    QTest::newRow("PATCH") << QByteArray("PATCH") << false;
    QTest::newRow("DELETE") << QByteArray("DELETE") << false;
    QTest::newRow("custom delete") << QByteArray("delete") << false;
    QTest::newRow("custom lower-case get") << QByteArray("custom:get") << false;
}

void TestGuardedNetworkAccess::readOnly()
{
    QFETCH(QByteArray, verb);
    QFETCH(bool, reachesServer);
    CountingServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QUrl url(u"http://127.0.0.1:%1/apis/apps/v1/x"_s.arg(server.serverPort()));
    GuardedNetworkAccess net(true);
    QVERIFY(net.isReadOnly());
    const quint64 sentBefore = GuardedNetworkAccess::mutatingSent();
    const quint64 refusedBefore = GuardedNetworkAccess::mutatingRefused();
    QSignalSpy managerFinished(&net, &QNetworkAccessManager::finished);
    QNetworkReply *reply = send(net, verb, url);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QSignalSpy errors(reply, &QNetworkReply::errorOccurred);
    QVERIFY(finished.wait(10000));
    QCOMPARE(managerFinished.count(), 1);
    if (reachesServer) {
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(server.connections, 1);
        QCOMPARE(server.requestLines.size(), 1);
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore);
    } else {
        QCOMPARE(errors.count(), 1);
        QCOMPARE(reply->error(), QNetworkReply::ContentOperationNotPermittedError);
        QCOMPARE(reply->errorString(),
                 u"read-only profile: %1 %2 was refused before it left the console"_s.arg(
                     QString::fromLatin1(verb.startsWith("custom:") ? verb.mid(7) : verb), url.toString()));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 0);
        QCOMPARE(reply->readAll(), QByteArray());
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore + 1);
        QTest::qWait(200); // anything that did leave would have connected by now
        QCOMPARE(server.connections, 0);
    }
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore); // nothing mutating left
    delete reply;
}

void TestGuardedNetworkAccess::readWriteSends_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::newRow("POST") << QByteArray("POST");
    QTest::newRow("PATCH") << QByteArray("PATCH");
    QTest::newRow("DELETE") << QByteArray("DELETE");
}

void TestGuardedNetworkAccess::readWriteSends()
{
    QFETCH(QByteArray, verb);
    CountingServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    GuardedNetworkAccess net(false);
    const quint64 sentBefore = GuardedNetworkAccess::mutatingSent();
    QNetworkReply *reply = send(net, verb, QUrl(u"http://127.0.0.1:%1/x"_s.arg(server.serverPort())));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(server.requestLines, QList<QByteArray>{verb + " /x HTTP/1.1"});
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore + 1);
    delete reply;
}

// Prometheus' form POSTs to /api/v1/query and /api/v1/query_range are reads: an explicit
// allowance lets exactly those through a read-only instance, counted as reads; anything else
// near them (another path, host, verb or content type) is still a refused mutation.
void TestGuardedNetworkAccess::readPostAllowance_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("otherHost");
    QTest::addColumn<bool>("allowed");
    const QByteArray form = "application/x-www-form-urlencoded";
    QTest::newRow("query form") << QByteArray("POST") << u"/prom/api/v1/query"_s << form << false << true;
    QTest::newRow("range form, charset") << QByteArray("POST") << u"/prom/api/v1/query_range?x=1"_s
                                         << QByteArray("Application/X-WWW-Form-Urlencoded; charset=utf-8") << false
                                         << true;
    QTest::newRow("query json") << QByteArray("POST") << u"/prom/api/v1/query"_s << QByteArray("application/json")
                                << false << false;
    QTest::newRow("no content type") << QByteArray("POST") << u"/prom/api/v1/query"_s << QByteArray() << false << false;
    QTest::newRow("admin delete_series") << QByteArray("POST") << u"/prom/api/v1/admin/tsdb/delete_series"_s << form
                                         << false << false;
    QTest::newRow("query without prefix") << QByteArray("POST") << u"/api/v1/query"_s << form << false << false;
    QTest::newRow("query, trailing slash") << QByteArray("POST") << u"/prom/api/v1/query/"_s << form << false << false;
    QTest::newRow("PUT to query") << QByteArray("PUT") << u"/prom/api/v1/query"_s << form << false << false;
    QTest::newRow("another host") << QByteArray("POST") << u"/prom/api/v1/query"_s << form << true << false;
}

void TestGuardedNetworkAccess::readPostAllowance()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, otherHost);
    QFETCH(bool, allowed);
    CountingServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    GuardedNetworkAccess net(true);
    net.allowReadByFormPost(QUrl(u"http://127.0.0.1:%1/prom/api/v1/query"_s.arg(server.serverPort())));
    net.allowReadByFormPost(QUrl(u"http://127.0.0.1:%1/prom/api/v1/query_range"_s.arg(server.serverPort())));
    // "localhost" names the same server, but not the allowed endpoint.
    const QUrl url(
        u"http://%1:%2%3"_s.arg(otherHost ? u"localhost"_s : u"127.0.0.1"_s).arg(server.serverPort()).arg(path));
    QNetworkRequest r(url);
    if (!contentType.isEmpty())
        r.setRawHeader("Content-Type", contentType);
    const quint64 sentBefore = GuardedNetworkAccess::mutatingSent();
    const quint64 refusedBefore = GuardedNetworkAccess::mutatingRefused();
    const quint64 readsBefore = GuardedNetworkAccess::readPostsSent();
    QNetworkReply *reply = verb == "PUT" ? net.put(r, QByteArray("query=up")) : net.post(r, QByteArray("query=up"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    if (allowed) {
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(server.requestLines.size(), 1);
        QVERIFY(server.requestLines.first().startsWith("POST /prom/api/v1/query"));
        QCOMPARE(GuardedNetworkAccess::readPostsSent(), readsBefore + 1);
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore);
    } else {
        QCOMPARE(reply->error(), QNetworkReply::ContentOperationNotPermittedError);
        QCOMPARE(GuardedNetworkAccess::readPostsSent(), readsBefore);
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore + 1);
        QTest::qWait(200);
        QCOMPARE(server.connections, 0);
    }
    QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore); // a read is never counted as a mutation
    delete reply;
}

QTEST_GUILESS_MAIN(TestGuardedNetworkAccess)
#include "tst_guardednetworkaccess.moc"
