// The one HTTP transport of the console's clients, against a local QTcpServer: what it decides
// (outcome of a request, body cap while downloading, transfer timeout and deadline, one send per
// mutation, the read-only guard, TLS settings, the server's request id) in one place.
#include "GuardedNetworkAccess.h"
#include "HttpTransport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// Calls `serve` with each complete request (head and Content-Length body) it reads.
class Server : public QObject
{
public:
    using Serve = std::function<void(QTcpSocket *, const QByteArray &request)>;
    explicit Server(Serve serve)
        : m_serve(std::move(serve))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
            }
        });
    }
    QUrl url(const QString &path = u"/x"_s) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path));
    }
    QList<QByteArray> requests;
    int connections = 0;

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const int end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buf.left(end).toLower();
            const int cl = head.indexOf("content-length:");
            const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toInt();
            if (buf.size() < end + 4 + length)
                return;
            const QByteArray request = buf.left(end + 4 + length);
            buf.remove(0, end + 4 + length);
            requests << request;
            m_serve(s, request);
        }
    }
    QTcpServer m_server;
    Serve m_serve;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

void answer(QTcpSocket *s, const QByteArray &status, const QByteArray &body, const QByteArray &headers = {})
{
    s->write("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + headers
             + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

// The result of one send, or nullopt when none came within the wait.
std::optional<HttpResult> exchange(HttpTransport &t, const HttpRequest &r, int waitMs = 10000)
{
    std::optional<HttpResult> got;
    t.send(r, [&got](const HttpResult &result) { got = result; });
    QDeadlineTimer deadline(waitMs);
    while (!got && !deadline.hasExpired())
        QTest::qWait(10);
    return got;
}

HttpRequest request(const QByteArray &verb, const QUrl &url, const QByteArray &body = {})
{
    HttpRequest r;
    r.verb = verb;
    r.url = url;
    r.body = body;
    if (!body.isEmpty())
        r.contentType = "application/json";
    return r;
}

} // namespace

class TestHttpTransport : public QObject
{
    Q_OBJECT
private slots:
    void outcomeFromFacts_data();
    void outcomeFromFacts();
    void answerCarriesStatusBodyAndRequestId();
    void bodyCapAbortsWhileDownloading();
    void announcedSizeOverTheCapAbortsAtOnce();
    void dripPastTheDeadline();
    void silenceHitsTheTransferTimeout();
    void connectionRefusedIsNotSent();
    void aMutationLeavesAtMostOnce_data();
    void aMutationLeavesAtMostOnce();
    void readOnlyRefusesMutationsHere();
    void badCaRefusesHttpsOnly();
    void refuseAnswersLater();
    void abortAllAnswersAtOnce();
    void streamHandsPiecesOverAsTheyCome();
    void streamErrorStatusIsKeptWhole();
    void abortOneByHandle();
};

void TestHttpTransport::outcomeFromFacts_data()
{
    using D = HttpResult::Delivery;
    using K = RequestOutcome::Kind;
    QTest::addColumn<bool>("mutating");
    QTest::addColumn<int>("delivery");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("tooLarge");
    QTest::addColumn<bool>("repeatMayHelp");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("retryable");
    const auto row = [](const char *name, bool mutating, D d, int status, bool tooLarge, bool repeat, K k,
                        bool retryable) {
        QTest::newRow(name) << mutating << int(d) << status << tooLarge << repeat << int(k) << retryable;
    };
    row("POST 202", true, D::Answered, 202, false, false, K::Done, false);
    row("GET 200", false, D::Answered, 200, false, false, K::Done, false);
    row("POST 409", true, D::Answered, 409, false, false, K::Failed, false);
    row("POST 403", true, D::Answered, 403, false, false, K::Failed, false);
    row("POST 429", true, D::Answered, 429, false, false, K::Failed, true);
    row("POST 408", true, D::Answered, 408, false, false, K::Failed, true);
    row("POST 302", true, D::Answered, 302, false, false, K::Failed, false);
    row("POST 503", true, D::Answered, 503, false, false, K::Unknown, true);
    row("GET 503", false, D::Answered, 503, false, false, K::Failed, true);
    row("refused here", true, D::RefusedHere, 0, false, false, K::RefusedBeforeSending, false);
    row("POST connection refused", true, D::NotSent, 0, false, true, K::Failed, true);
    row("POST TLS handshake failed", true, D::NotSent, 0, false, false, K::Failed, false);
    row("POST lost answer", true, D::MaybeSent, 0, false, false, K::Unknown, true);
    row("GET lost answer", false, D::MaybeSent, 0, false, false, K::Failed, true);
    row("PATCH 200, body cut off", true, D::MaybeSent, 200, true, false, K::Done, false);
    row("PATCH 500, body cut off", true, D::MaybeSent, 500, false, false, K::Unknown, true);
    row("GET 200, body over the cap", false, D::MaybeSent, 200, true, false, K::Failed, false);
    row("GET 200, body cut off", false, D::MaybeSent, 200, false, false, K::Failed, true);
}

void TestHttpTransport::outcomeFromFacts()
{
    QFETCH(bool, mutating);
    QFETCH(int, delivery);
    QFETCH(int, status);
    QFETCH(bool, tooLarge);
    QFETCH(bool, repeatMayHelp);
    QFETCH(int, kind);
    QFETCH(bool, retryable);
    HttpResult r;
    r.mutating = mutating;
    r.delivery = HttpResult::Delivery(delivery);
    r.status = status;
    r.tooLarge = tooLarge;
    r.repeatMayHelp = repeatMayHelp;
    r.serverRequestId = u"req-1"_s;
    const RequestOutcome o = r.outcome(u"why"_s);
    QCOMPARE(int(o.kind), kind);
    QCOMPARE(o.retryable, retryable);
    QCOMPARE(o.httpStatus, status);
    QCOMPARE(o.reason, o.done() ? QString() : u"why"_s);
    QCOMPARE(o.serverRequestId, u"req-1"_s);
}

void TestHttpTransport::answerCarriesStatusBodyAndRequestId()
{
    Server server([](QTcpSocket *s, const QByteArray &req) {
        if (req.startsWith("GET /bad"))
            answer(s, "400 Bad Request", "{\"error\":\"parse error\"}");
        else if (req.startsWith("GET /audit"))
            answer(s, "404 Not Found", "{\"error\":\"no\"}", "X-Request-Id: proxy-7\r\nAudit-Id: k8s-7\r\n");
        else
            answer(s, "200 OK", "{\"ok\":true}", "X-Request-Id: req-7\r\n");
    });
    HttpTransport t(false);
    auto r = exchange(t, request("GET", server.url()));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::Answered);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->body, QByteArray("{\"ok\":true}"));
    QCOMPARE(r->serverRequestId, u"req-7"_s);
    QVERIFY(r->error.isEmpty());
    QVERIFY(!r->mutating);
    QVERIFY(server.requests.first().startsWith("GET /x HTTP/1.1\r\n"));
    QVERIFY(server.requests.first().contains("\r\nUser-Agent: sagadeck\r\n"));
    QVERIFY(server.requests.first().contains("\r\nAccept: application/json\r\n"));
    // A 4xx is a complete answer too; the API server's Audit-Id comes before a proxy's id.
    r = exchange(t, request("GET", server.url(u"/audit"_s)));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::Answered);
    QCOMPARE(r->status, 404);
    QCOMPARE(r->body, QByteArray("{\"error\":\"no\"}"));
    QCOMPARE(r->serverRequestId, u"k8s-7"_s);
    // Qt reports a 400 as a protocol error: it is still the server's complete answer.
    r = exchange(t, request("GET", server.url(u"/bad"_s)));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::Answered);
    QCOMPARE(r->status, 400);
    QCOMPARE(r->body, QByteArray("{\"error\":\"parse error\"}"));
}

void TestHttpTransport::bodyCapAbortsWhileDownloading()
{
    // An endless body without Content-Length: only the cap can end it.
    qint64 written = 0;
    QTimer pump;
    QPointer<QTcpSocket> client;
    Server server([&](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        client = s;
        pump.start(5);
    });
    connect(&pump, &QTimer::timeout, this, [&] {
        if (!client || client->state() != QAbstractSocket::ConnectedState)
            return pump.stop();
        if (client->bytesToWrite() < 256 * 1024) {
            client->write(QByteArray(64 * 1024, 'x'));
            written += 64 * 1024;
        }
    });
    HttpTransport t(false);
    t.setMaxBodyBytes(256 * 1024);
    const auto r = exchange(t, request("GET", server.url()), 20000);
    QVERIFY2(r, "no result");
    QVERIFY(r->tooLarge);
    QCOMPARE(r->delivery, HttpResult::Delivery::MaybeSent);
    QCOMPARE(r->status, 200);
    QVERIFY(r->body.isEmpty());
    QCOMPARE(
        r->error,
        u"the answer from 127.0.0.1:%1 passed the 0.25 MiB limit: its download was aborted"_s.arg(server.url().port()));
    QCOMPARE(r->outcome(r->error).kind, RequestOutcome::Kind::Failed);
    QVERIFY(!r->outcome(r->error).retryable);
    // Aborted while the bytes came, not after a huge body was kept: the server was stopped early.
    QTRY_VERIFY_WITH_TIMEOUT(!pump.isActive(), 5000);
    QVERIFY2(written < 8 * 1024 * 1024, qPrintable(QString::number(written)));
}

void TestHttpTransport::announcedSizeOverTheCapAbortsAtOnce()
{
    Server server([](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{");
    });
    HttpTransport t(false);
    t.setTimeouts(10000, 10000);
    t.setMaxBodyBytes(1024 * 1024);
    const auto r = exchange(t, request("GET", server.url()));
    QVERIFY2(r, "no result");
    QVERIFY(r->tooLarge);
    QVERIFY2(r->elapsedMs < 3000, qPrintable(QString::number(r->elapsedMs)));
}

void TestHttpTransport::dripPastTheDeadline()
{
    // A byte every 100 ms: never silent for the transfer timeout, yet never done.
    QList<QPointer<QTcpSocket>> drips;
    QTimer drip;
    Server server([&](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
        drips << s;
        drip.start(100);
    });
    connect(&drip, &QTimer::timeout, this, [&] {
        for (const auto &s : std::as_const(drips))
            if (s)
                s->write(" ");
    });
    HttpTransport t(true);
    t.setTimeouts(1000, 700);
    const auto r = exchange(t, request("GET", server.url()));
    QVERIFY2(r, "no result");
    QVERIFY(r->timedOut);
    QCOMPARE(r->delivery, HttpResult::Delivery::MaybeSent);
    QCOMPARE(r->error, u"no answer from 127.0.0.1:%1 within the 700 ms deadline"_s.arg(server.url().port()));
    QVERIFY2(r->elapsedMs < 2500, qPrintable(QString::number(r->elapsedMs)));
}

void TestHttpTransport::silenceHitsTheTransferTimeout()
{
    Server server([](QTcpSocket *, const QByteArray &) {}); // holds every request
    HttpTransport t(false);
    t.setTimeouts(300, 10000);
    const auto r = exchange(t, request("PATCH", server.url(), "{}"));
    QVERIFY2(r, "no result");
    QVERIFY(r->timedOut);
    QVERIFY(r->mutating);
    QCOMPARE(r->delivery, HttpResult::Delivery::MaybeSent);
    QVERIFY2(r->error.contains(u"for 300 ms (transfer timeout)"_s), qPrintable(r->error));
    QCOMPARE(r->outcome(r->error).kind, RequestOutcome::Kind::Unknown);
    QVERIFY2(r->elapsedMs < 5000, qPrintable(QString::number(r->elapsedMs)));
}

void TestHttpTransport::connectionRefusedIsNotSent()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QUrl url(u"http://127.0.0.1:%1/x"_s.arg(probe.serverPort()));
    probe.close();
    HttpTransport t(false);
    const auto r = exchange(t, request("POST", url, "{}"));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::NotSent);
    QVERIFY(r->repeatMayHelp);
    const RequestOutcome o = r->outcome(r->error);
    QCOMPARE(o.kind, RequestOutcome::Kind::Failed);
    QVERIFY(o.retryable);
}

void TestHttpTransport::aMutationLeavesAtMostOnce_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("expectedRequests");
    QTest::newRow("POST") << QByteArray("POST") << QByteArray("{}") << 1;
    QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("{}") << 1;
    QTest::newRow("PUT") << QByteArray("PUT") << QByteArray("{}") << 1;
    QTest::newRow("DELETE, no body") << QByteArray("DELETE") << QByteArray() << 1;
    // Reads are Qt's to repeat on a fresh connection (and get their answer there).
    QTest::newRow("GET") << QByteArray("GET") << QByteArray() << 2;
}

void TestHttpTransport::aMutationLeavesAtMostOnce()
{
    // The first request's connection closes without a word; a second one would be answered.
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, body);
    QFETCH(int, expectedRequests);
    int seen = 0;
    Server server([&](QTcpSocket *s, const QByteArray &) {
        if (++seen == 1)
            s->abort();
        else
            answer(s, "200 OK", "{}");
    });
    HttpTransport t(false);
    const quint64 sentBefore = GuardedNetworkAccess::mutatingSent();
    const auto r = exchange(t, request(verb, server.url(), body));
    QVERIFY2(r, "no result");
    QTest::qWait(300);
    QCOMPARE(server.requests.size(), expectedRequests);
    if (expectedRequests == 1) {
        QCOMPARE(r->delivery, HttpResult::Delivery::MaybeSent);
        QVERIFY2(r->error.contains(u"closed before an answer came"_s), qPrintable(r->error));
        QCOMPARE(r->outcome(r->error).kind, RequestOutcome::Kind::Unknown);
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore + 1);
        if (!body.isEmpty())
            QVERIFY(server.requests.first().endsWith(QByteArray("\r\n\r\n" + body)));
    } else {
        QCOMPARE(r->delivery, HttpResult::Delivery::Answered);
    }
}

void TestHttpTransport::readOnlyRefusesMutationsHere()
{
    Server server([](QTcpSocket *s, const QByteArray &) { answer(s, "200 OK", "{}"); });
    HttpTransport t(true);
    QVERIFY(t.isReadOnly());
    const quint64 refusedBefore = GuardedNetworkAccess::mutatingRefused();
    const auto r = exchange(t, request("PATCH", server.url(), "{}"));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::RefusedHere);
    QVERIFY(r->mutating);
    QVERIFY2(r->error.startsWith(u"read-only profile: PATCH http://127.0.0.1:"_s), qPrintable(r->error));
    QCOMPARE(r->outcome(r->error).kind, RequestOutcome::Kind::RefusedBeforeSending);
    QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore + 1);
    QCOMPARE(server.connections, 0);
    // A form POST to an allowed read endpoint passes; the same POST elsewhere does not.
    t.allowReadByFormPost(server.url(u"/api/v1/query"_s));
    HttpRequest form = request("POST", server.url(u"/api/v1/query"_s), "query=up");
    form.contentType = "application/x-www-form-urlencoded";
    auto read = exchange(t, form);
    QVERIFY2(read, "no result");
    QCOMPARE(read->delivery, HttpResult::Delivery::Answered);
    QVERIFY(!read->mutating);
    form.url = server.url(u"/api/v1/admin/tsdb/delete_series"_s);
    read = exchange(t, form);
    QVERIFY2(read, "no result");
    QCOMPARE(read->delivery, HttpResult::Delivery::RefusedHere);
}

void TestHttpTransport::badCaRefusesHttpsOnly()
{
    Server server([](QTcpSocket *s, const QByteArray &) { answer(s, "200 OK", "{}"); });
    HttpTransport t(false);
    HttpTlsSettings tls;
    tls.caPem = "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n";
    tls.caSource = u"ca_file /tmp/ca.pem"_s;
    QCOMPARE(t.setTls(tls), u"ca_file /tmp/ca.pem holds no PEM certificate"_s);
    QUrl https = server.url();
    https.setScheme(u"https"_s);
    auto r = exchange(t, request("GET", https));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::RefusedHere);
    QCOMPARE(r->error, u"ca_file /tmp/ca.pem holds no PEM certificate"_s);
    QCOMPARE(server.connections, 0);
    r = exchange(t, request("GET", server.url()));
    QVERIFY2(r, "no result");
    QCOMPARE(r->delivery, HttpResult::Delivery::Answered);
}

void TestHttpTransport::refuseAnswersLater()
{
    HttpTransport t(false);
    bool called = false;
    t.refuse(request("POST", QUrl(u"http://h/x"_s), "{}"), u"no key"_s, [&](const HttpResult &r) {
        called = true;
        QCOMPARE(r.delivery, HttpResult::Delivery::RefusedHere);
        QCOMPARE(r.error, u"no key"_s);
        QVERIFY(r.mutating);
    });
    QVERIFY(!called); // never inside the call
    QTRY_VERIFY_WITH_TIMEOUT(called, 2000);
}

void TestHttpTransport::abortAllAnswersAtOnce()
{
    Server server([](QTcpSocket *, const QByteArray &) {}); // holds every request
    HttpTransport t(false);
    QList<HttpResult> results;
    t.send(request("GET", server.url()), [&](const HttpResult &r) { results << r; });
    t.send(request("POST", server.url(), "{}"), [&](const HttpResult &r) { results << r; });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 2, 5000);
    QCOMPARE(t.inFlight(), 2);
    t.abortAll();
    QCOMPARE(results.size(), 2);
    QCOMPARE(t.inFlight(), 0);
    for (const HttpResult &r : std::as_const(results)) {
        QVERIFY(r.cancelled);
        QCOMPARE(r.delivery, HttpResult::Delivery::MaybeSent);
    }
}

// A watch or a followed log: each piece is handed over as it arrives, nothing is kept, the
// request's own deadline holds (a stream outlives the transport's 20 s), and `done` comes once.
void TestHttpTransport::streamHandsPiecesOverAsTheyCome()
{
    QList<QPointer<QTcpSocket>> streams;
    Server server([&](QTcpSocket *s, const QByteArray &) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        s->write("6\r\nfirst\n\r\n");
        streams << s;
    });
    HttpTransport t(true);
    t.setTimeouts(5000, 200); // the transport's deadline: the stream's own replaces it
    t.setMaxBodyBytes(8);     // and no body cap: nothing is kept
    QByteArray pieces;
    int piecesSeen = 0;
    std::optional<HttpResult> done;
    HttpRequest r = request("GET", server.url());
    r.onChunk = [&](const QByteArray &chunk) {
        pieces += chunk;
        ++piecesSeen;
    };
    r.deadlineMs = 1500;
    t.send(r, [&](const HttpResult &result) { done = result; });
    QTRY_COMPARE_WITH_TIMEOUT(pieces, QByteArray("first\n"), 5000);
    QVERIFY(!done);
    QTest::qWait(400); // past the transport's 200 ms deadline: still streaming
    QVERIFY(!done);
    streams.first()->write("c\r\nsecond line\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(pieces, QByteArray("first\nsecond line\n"), 5000);
    QVERIFY(piecesSeen >= 2);
    QVERIFY(!done);
    // The stream's own deadline ends it, said with its own length.
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 5000);
    QVERIFY(done->timedOut);
    QVERIFY2(done->error.contains(u"1500 ms deadline"_s), qPrintable(done->error));
    QVERIFY(done->body.isEmpty());
}

// A stream refused (403, 410) is not a stream: its body is kept for the error text.
void TestHttpTransport::streamErrorStatusIsKeptWhole()
{
    Server server([](QTcpSocket *s, const QByteArray &) {
        answer(s, "410 Gone", R"({"kind":"Status","code":410,"reason":"Expired"})");
    });
    HttpTransport t(true);
    int pieces = 0;
    HttpRequest r = request("GET", server.url());
    r.onChunk = [&](const QByteArray &) { ++pieces; };
    const auto got = exchange(t, r);
    QVERIFY2(got, "no result");
    QCOMPARE(got->status, 410);
    QCOMPARE(pieces, 0);
    QVERIFY(got->body.contains("Expired"));
}

// One request cut off by its handle (a watch replaced), the others untouched.
void TestHttpTransport::abortOneByHandle()
{
    QList<QPointer<QTcpSocket>> held;
    Server server([&](QTcpSocket *s, const QByteArray &request) {
        if (request.startsWith("GET /hold"))
            held << s;
        else
            answer(s, "200 OK", "{}");
    });
    HttpTransport t(true);
    std::optional<HttpResult> cut, other;
    const quint64 h = t.send(request("GET", server.url(u"/hold"_s)), [&](const HttpResult &r) { cut = r; });
    QVERIFY(h != 0);
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, 5000);
    t.abort(h);
    QVERIFY2(cut, "abort() answers before it returns");
    QVERIFY(cut->cancelled);
    QCOMPARE(cut->delivery, HttpResult::Delivery::MaybeSent);
    t.abort(h); // again: nothing
    const auto r = exchange(t, request("GET", server.url(u"/other"_s)));
    QVERIFY2(r, "no result");
    QCOMPARE(r->status, 200);
}

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_http_transport.moc"
