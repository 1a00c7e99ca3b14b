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
// an empty entry means "hold the request, never answer". Records every request it saw.
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
            return;   // held
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

// The orchestrator client's transport rules: the same Idempotency-Key on every retry, 4xx
// messages passed on, a held request is "unknown", an unreachable server is "failed".
class TestOrchestratorClient : public QObject
{
    Q_OBJECT
private:
    // The answer, or nullopt when none came within the wait (a test failure, never a pass).
    std::optional<OrchestratorAnswer> call(OrchestratorClient &client, const OrchestratorRequest &r,
                                           int waitMs = 15000)
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

    void retriesA5xxWithTheSameKey()
    {
        ScriptedServer server({"503 {\"error\":\"db down\"}", "502 {}", "202 {\"attempt\":2}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.setRetryDelays(10, 50);
        client.start();
        const auto a = call(client, retry(u"key-1"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Ok);
        QCOMPARE(a->httpStatus, 202);
        QCOMPARE(a->attempts, 3);
        QCOMPARE(a->request.id, quint64(7));
        QCOMPARE(a->serverRequestId, u"srv-3"_s);
        QCOMPARE(server.requests.size(), 3);
        for (const QByteArray &req : std::as_const(server.requests)) {
            QVERIFY(req.startsWith("POST /api/v1/sagas/0b0f4a4e-0000-4000-8000-000000000001/retry "));
            QCOMPARE(header(req, "Idempotency-Key"), QByteArray("key-1"));
        }
    }

    void fiveServerErrorsAreUnknownNotFailure()
    {
        ScriptedServer server({"503 {}", "503 {}", "503 {}", "503 {}", "503 {}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.setRetryDelays(10, 50);
        client.setMaxAttempts(3);
        client.start();
        const auto a = call(client, retry(u"key-2"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Unknown);
        QCOMPARE(a->attempts, 3);
        QCOMPARE(server.requests.size(), 3);
        QVERIFY2(a->message.contains(u"after 3 attempts"_s), qPrintable(a->message));
    }

    void clientErrorsCarryTheServersMessage()
    {
        ScriptedServer server({"409 {\"error\":\"saga is COMPLETED: only FAILED or COMPENSATED sagas can be retried\"}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.start();
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        const auto a = call(client, retry(u"key-3"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Rejected);
        QCOMPARE(a->httpStatus, 409);
        QCOMPARE(a->message, u"saga is COMPLETED: only FAILED or COMPENSATED sagas can be retried"_s);
        QCOMPARE(server.requests.size(), 1);   // a 4xx is an answer: never retried
        QVERIFY(!health.isEmpty());
        QCOMPARE(health.last().first().value<FeedHealth>().state, FeedState::Live);
    }

    void aHeldRequestIsUnknownAfterTheDeadline()
    {
        ScriptedServer server({QByteArray()});
        OrchestratorClient client({server.url(), {}}, false);
        client.setTimeouts(5000, 600);
        client.start();
        const auto a = call(client, retry(u"key-4"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Unknown);
        QVERIFY2(a->message.contains(u"600 ms deadline"_s), qPrintable(a->message));
        QCOMPARE(server.requests.size(), 1);
    }

    void anUnreachableServerIsFailedNotUnknown()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString url = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
        probe.close();   // nothing listens there now: connection refused
        OrchestratorClient client({url, {}}, false);
        client.setRetryDelays(10, 50);
        client.setMaxAttempts(2);
        client.start();
        QSignalSpy health(&client, &OrchestratorClient::healthChanged);
        const auto a = call(client, retry(u"key-5"_s));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Failed);
        QCOMPARE(a->attempts, 2);
        QCOMPARE(health.last().first().value<FeedHealth>().state, FeedState::Down);
    }

    void anActionWithoutKeyIsRefusedUnsent()
    {
        ScriptedServer server({"202 {}"});
        OrchestratorClient client({server.url(), {}}, false);
        client.start();
        const auto a = call(client, retry(QString()));
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Failed);
        QCOMPARE(server.requests.size(), 0);
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
        const auto refused = call(client, retry(u"key-6"_s));
        QVERIFY2(refused, "no answer");
        QCOMPARE(refused->outcome, OrchestratorOutcome::Failed);
        QVERIFY2(refused->message.startsWith(u"read-only profile: POST"_s), qPrintable(refused->message));
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), sentBefore);
        OrchestratorRequest get;
        get.kind = OrchestratorRequest::Kind::GetSaga;
        get.sagaId = u"0b0f4a4e-0000-4000-8000-000000000001"_s;
        const auto a = call(client, get);
        QVERIFY2(a, "no answer");
        QCOMPARE(a->outcome, OrchestratorOutcome::Ok);
        QCOMPARE(a->saga.saga.status, SagaStatus::Failed);
        QCOMPARE(a->saga.saga.attempt, 3);
        QCOMPARE(a->saga.steps.size(), 1);
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(server.requests.first().startsWith("GET "));
    }
};

QTEST_GUILESS_MAIN(TestOrchestratorClient)
#include "tst_orchestrator_client.moc"
