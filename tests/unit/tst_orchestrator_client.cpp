#include "GuardedNetworkAccess.h"
#include "OrchestratorClient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

#include <optional>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// A scripted HTTP server on loopback: answers the n-th request with the n-th script entry;
// an empty entry means "hold the request, never answer", "close" closes the connection without
// a word (a lost answer). Records every request it saw.
class ScriptedServer : public QObject
{
public:
    explicit ScriptedServer(QList<QByteArray> script)
        : m_script(std::move(script))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, s, [this, s] { serve(s); });
        });
    }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()); }
    QList<QByteArray> requests;

private:
    void serve(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const int end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buf.left(end);
        const int cl = head.toLower().indexOf("content-length:");
        const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toInt();
        if (buf.size() < end + 4 + length)
            return;
        requests << buf.left(end + 4 + length);
        buf.remove(0, end + 4 + length);
        const QByteArray answer = m_script.value(requests.size() - 1);
        if (answer.isEmpty())
            return; // held
        if (answer == "close") {
            s->abort();
            return;
        }
        const int sp = answer.indexOf(' ');
        const QByteArray body = answer.mid(sp + 1);
        s->write("HTTP/1.1 " + answer.left(sp) + " X\r\nContent-Type: application/json\r\nX-Request-Id: srv-"
                 + QByteArray::number(requests.size()) + "\r\nContent-Length: " + QByteArray::number(body.size())
                 + "\r\n\r\n" + body);
    }
    QTcpServer m_server;
    QList<QByteArray> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray header(const QByteArray &request, const QByteArray &name)
{
    for (const QByteArray &line : request.split('\n'))
        if (line.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return line.mid(name.size() + 1).trimmed();
    return {};
}

} // namespace

// The orchestrator client's rules: an action is sent exactly once per call with its
// Idempotency-Key (repeating it is the action pipeline's business), and its RequestOutcome says
// whether it happened and whether sending it again may help: 4xx messages passed on, a held or
// lost answer and a 5xx are "unknown" and retryable, an unreachable server is "failed".
class TestOrchestratorClient : public QObject
{
    Q_OBJECT
private:
    // The answer, or nullopt when none came within the wait (a test failure, never a pass).
    std::optional<OrchestratorAnswer> call(OrchestratorClient &client, const OrchestratorRequest &r, int waitMs = 15000)
    {
        QSignalSpy answered(&client, &OrchestratorClient::answered);
        client.submit(r);
        if (answered.isEmpty() && !answered.wait(waitMs))
            return std::nullopt;
        return answered.first().first().value<OrchestratorAnswer>();
    }
    static OrchestratorRequest retry(const QString &key)
    {
        OrchestratorRequest r;
        r.id = 7;
        r.kind = OrchestratorRequest::Kind::Retry;
        r.sagaId = u"0b0f4a4e-0000-4000-8000-000000000001"_s;
        r.idempotencyKey = key;
        r.reason = u"INC-9"_s;
        r.requestedBy = u"alice"_s;
        return r;
    }
    static OrchestratorRequest getSaga()
    {
        OrchestratorRequest get;
        get.kind = OrchestratorRequest::Kind::GetSaga;
        get.sagaId = u"0b0f4a4e-0000-4000-8000-000000000001"_s;
        return get;
    }
    // The outcome, and the answer's other fields agreeing with it.
    static void checkOutcome(const OrchestratorAnswer &a, RequestOutcome::Kind kind, bool retryable)
    {
        QCOMPARE(a.outcome.kind, kind);
        QCOMPARE(a.outcome.retryable, retryable);
        QCOMPARE(a.ok(), a.outcome.done());
        QCOMPARE(a.message, a.outcome.reason);
        QCOMPARE(a.outcome.httpStatus, a.httpStatus);
    }

private slots:
    void initTestCase() { OrchestratorClient::registerMetaTypes(); }

    void buildsTheContractsRequests()
    {
        const auto http = buildOrchestratorHttpRequest(u"http://h:1/"_s, retry(u"k"_s));
        QCOMPARE(http.method, QByteArray("POST"));
        QCOMPARE(http.url, u"http://h:1/api/v1/sagas/0b0f4a4e-0000-4000-8000-000000000001/retry"_s);
        const QJsonObject body = QJsonDocument::fromJson(http.body).object();
        QCOMPARE(body.value(u"reason"_s).toString(), u"INC-9"_s);
        QCOMPARE(body.value(u"requested_by"_s).toString(), u"alice"_s);
        OrchestratorRequest list;
        list.kind = OrchestratorRequest::Kind::ListSagas;
        list.status = u"FAILED"_s;
        list.limit = 5000;
        QCOMPARE(buildOrchestratorHttpRequest(u"http://h:1"_s, list).url,
                 u"http://h:1/api/v1/sagas?status=FAILED&limit=1000"_s);
    }

    // One request, one script entry, one send: what the answer says happened, whether it may be
    // repeated, and the old enum. The client never repeats a request itself (it once repeated a
    // 5xx or a lost answer under the same key; that is the action pipeline's decision now).
    void oneSendOneOutcome_data()
    {
        QTest::addColumn<QByteArray>("script"); // the server's answer ("" holds, "close" loses it)
        QTest::addColumn<bool>("read");         // GET /api/v1/sagas/{id} instead of POST .../retry
        QTest::addColumn<int>("transferMs");
        QTest::addColumn<int>("deadlineMs");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<QString>("message"); // contained in the message; empty: no message
        using K = RequestOutcome::Kind;
        const auto row = [](const char *name, const QByteArray &script, bool read, int transferMs, int deadlineMs,
                            K kind, bool retryable, const QString &message) {
            QTest::newRow(name) << script << read << transferMs << deadlineMs << int(kind) << retryable << message;
        };
        row("accepted", "202 {\"attempt\":2}", false, 10000, 20000, K::Done, false, {});
        row("5xx: unknown, may be repeated", "503 {\"error\":\"db down\"}", false, 10000, 20000, K::Unknown, true,
            u"HTTP 503: db down"_s);
        row("lost answer: unknown, may be repeated", "close", false, 10000, 20000, K::Unknown, true,
            u"closed before an answer came"_s);
        row("held past the deadline", "", false, 5000, 600, K::Unknown, true, u"600 ms deadline"_s);
        row("silent past the transfer timeout", "", false, 400, 10000, K::Unknown, true,
            u"400 ms (transfer timeout)"_s);
        row("4xx: refused by the orchestrator",
            "409 {\"error\":\"saga is COMPLETED: only FAILED or COMPENSATED sagas can be retried\"}", false, 10000,
            20000, K::Failed, false, u"saga is COMPLETED: only FAILED or COMPENSATED sagas can be retried"_s);
        row("400: refused by the orchestrator", "400 {\"error\":\"reason is required\"}", false, 10000, 20000,
            K::Failed, false, u"reason is required"_s);
        row("429: refused, may be repeated", "429 {\"error\":\"slow down\"}", false, 10000, 20000, K::Failed, true,
            u"slow down"_s);
        // A GET changes nothing: without an answer it failed, and asking again may help.
        row("read, 5xx", "500 {\"error\":\"boom\"}", true, 10000, 20000, K::Failed, true, u"HTTP 500: boom"_s);
        row("read, held past the deadline", "", true, 5000, 600, K::Failed, true, u"600 ms deadline"_s);
        row("read, not a saga", "200 {\"items\":[]}", true, 10000, 20000, K::Failed, false, u"not a saga object"_s);
    }
    void oneSendOneOutcome()
    {
        QFETCH(QByteArray, script);
        QFETCH(bool, read);
        QFETCH(int, transferMs);
        QFETCH(int, deadlineMs);
        QFETCH(int, kind);
        QFETCH(bool, retryable);
        QFETCH(QString, message);
        ScriptedServer server({script, "202 {}", "202 {}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.setTimeouts(transferMs, deadlineMs);
        client.start();
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        const auto a = call(client, read ? getSaga() : retry(u"key-1"_s));
        QVERIFY2(a, "no answer");
        checkOutcome(*a, RequestOutcome::Kind(kind), retryable);
        if (QTest::currentTestFailed())
            return;
        if (message.isEmpty())
            QVERIFY2(a->message.isEmpty(), qPrintable(a->message));
        else
            QVERIFY2(a->message.contains(message), qPrintable(a->message));
        QCOMPARE(a->attempts, 1);
        QCOMPARE(a->request.id, read ? quint64(0) : quint64(7));
        QVERIFY2(a->elapsedMs < qMin(transferMs, deadlineMs) + 2500, qPrintable(QString::number(a->elapsedMs)));
        if (a->httpStatus != 0)
            QCOMPARE(a->serverRequestId, u"srv-1"_s);
        // Put on the wire once, by us and by anyone below us (Qt repeats no mutation).
        QTest::qWait(300);
        QCOMPARE(server.requests.size(), 1);
        // Any HTTP answer below 500 shows the orchestrator is there.
        QVERIFY(!health.isEmpty());
        const bool reached = a->httpStatus > 0 && a->httpStatus < 500;
        QCOMPARE(health.last().first().value<FeedHealth>().state, reached ? FeedState::Live : FeedState::Down);
    }

    void anActionCarriesItsKeyAndBody()
    {
        ScriptedServer server({"202 {}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.start();
        const auto a = call(client, retry(u"key-0"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(server.requests.size(), 1);
        const QByteArray &req = server.requests.first();
        QVERIFY(req.startsWith("POST /api/v1/sagas/0b0f4a4e-0000-4000-8000-000000000001/retry HTTP/1.1\r\n"));
        QCOMPARE(header(req, "Idempotency-Key"), QByteArray("key-0"));
        QCOMPARE(header(req, "Content-Type"), QByteArray("application/json"));
        QCOMPARE(QJsonDocument::fromJson(req.mid(req.indexOf("\r\n\r\n") + 4)).object().value(u"reason"_s).toString(),
                 u"INC-9"_s);
    }

    void anUnreachableServerIsFailedRetryableNotUnknown()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString url = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
        probe.close(); // nothing listens there now: connection refused
        OrchestratorClient client({url, {}}, false);
        client.start();
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        const auto a = call(client, retry(u"key-5"_s));
        QVERIFY2(a, "no answer");
        // Nothing was sent: sending it again may reach the server.
        checkOutcome(*a, RequestOutcome::Kind::Failed, true);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!a->outcome.mayHaveHappened());
        QCOMPARE(a->attempts, 1);
        QCOMPARE(health.last().first().value<FeedHealth>().state, FeedState::Down);
    }

    void anActionWithoutKeyIsRefusedUnsent()
    {
        ScriptedServer server({"202 {}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.start();
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        const auto a = call(client, retry(QString()));
        QVERIFY2(a, "no answer");
        checkOutcome(*a, RequestOutcome::Kind::RefusedBeforeSending, false);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(a->attempts, 0);
        QCOMPARE(server.requests.size(), 0);
        QVERIFY(health.isEmpty()); // says nothing about the orchestrator
    }

    void aStoppedClientAnswersNobody()
    {
        ScriptedServer server({QByteArray()});
        OrchestratorClient client({server.url(), {}}, false);
        client.start();
        QSignalSpy answered(&client, &OrchestratorClient::answered);
        client.submit(retry(u"key-stop"_s));
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, 5000);
        client.stop();
        QTest::qWait(100);
        QCOMPARE(answered.size(), 0);
    }

    void probeKeepsHealthCurrentWithoutAnswering()
    {
        ScriptedServer server({"200 {\"items\":[]}", "200 {\"items\":[]}", "200 {\"items\":[]}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.setProbeIntervalMs(100);
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        QSignalSpy answered(&client, &OrchestratorClient::answered);
        client.start();
        QDeadlineTimer deadline(5000);
        while (server.requests.size() < 2 && !deadline.hasExpired())
            QTest::qWait(20);
        QVERIFY(server.requests.size() >= 2);
        QVERIFY(server.requests.first().startsWith("GET /api/v1/sagas?limit=1 "));
        QCOMPARE(health.last().first().value<FeedHealth>().state, FeedState::Live);
        QCOMPARE(answered.size(), 0);
        client.stop();
    }

    void readOnlyRefusesPostButReadsSagas()
    {
        const QByteArray saga = "200 {\"id\":\"0b0f4a4e-0000-4000-8000-000000000001\",\"saga_type\":\"t\","
                                "\"status\":\"FAILED\",\"attempt\":3,\"updated_at\":\"2026-01-01T00:00:00.000Z\","
                                "\"steps\":[{\"seq\":1,\"step\":\"a\",\"action\":\"EXECUTE\",\"service\":\"s\","
                                "\"outcome\":\"SUCCEEDED\"}]}";
        ScriptedServer server({saga});
        OrchestratorClient client({server.url(), {}}, true);
        client.start();
        const quint64 sentBefore = GuardedNetworkAccess::mutatingSent();
        const quint64 refusedBefore = GuardedNetworkAccess::mutatingRefused();
        const auto refused = call(client, retry(u"key-6"_s));
        QVERIFY2(refused, "no answer");
        checkOutcome(*refused, RequestOutcome::Kind::RefusedBeforeSending, false);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(refused->message.startsWith(u"read-only profile: POST"_s), qPrintable(refused->message));
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore);
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), refusedBefore + 1);
        const auto a = call(client, getSaga());
        QVERIFY2(a, "no answer");
        checkOutcome(*a, RequestOutcome::Kind::Done, false);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(a->saga.saga.status, SagaStatus::Failed);
        QCOMPARE(a->saga.saga.attempt, 3);
        QCOMPARE(a->saga.steps.size(), 1);
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(server.requests.first().startsWith("GET "));
    }
};

QTEST_GUILESS_MAIN(TestOrchestratorClient)
#include "tst_orchestrator_client.moc"
