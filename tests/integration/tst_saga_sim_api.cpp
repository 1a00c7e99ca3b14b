#include "SimHarness.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

// The orchestrator REST API of saga-sim with its real semantics: idempotent retries (also
// under concurrency), compensation of a stuck saga, and the 400/404/409 answers.
class TestSagaSimApi : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;

    static QByteArray newKey() { return QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8(); }
    static QByteArray intent() { return "{\"reason\":\"integration test\",\"requested_by\":\"tst_saga_sim_api\"}"; }
    static QList<QPair<QByteArray, QByteArray>> keyed(const QByteArray &key) { return {{"Idempotency-Key", key}}; }

    QString status(const QString &id)
    {
        return m_sim->sqlValue(u"SELECT status FROM saga_instances WHERE id = '%1'"_s.arg(id));
    }

    bool waitTerminal(const QString &id, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const QString s = status(id);
            if (s == u"COMPLETED"_s || s == u"FAILED"_s || s == u"COMPENSATED"_s)
                return true;
            QTest::qWait(200);
        }
        return false;
    }

    // A saga this run made fail: payment-outage until one ends COMPENSATED or FAILED.
    QString freshFailedSaga()
    {
        const QString t0 = m_sim->sqlValue(u"SELECT now()::text"_s);
        if (!m_sim->setScenario(u"payment-outage"_s) || !m_sim->setRate(10))
            return {};
        QString id;
        QDeadlineTimer deadline(30000);
        while (id.isEmpty() && !deadline.hasExpired()) {
            QTest::qWait(500);
            id = m_sim->sqlValue(u"SELECT id::text FROM saga_instances WHERE created_at >= '%1'::timestamptz "
                                 "AND status IN ('COMPENSATED', 'FAILED') ORDER BY updated_at LIMIT 1"_s.arg(t0));
        }
        m_sim->setScenario(u"steady"_s);
        return id;
    }

private slots:
    void initTestCase() { SimHarness::open(m_sim); }
    void cleanup() { m_sim->restore(); }
    void cleanupTestCase() { m_sim.reset(); }

    void healthAndListAnswer()
    {
        const SimHarness::Reply health = m_sim->get(u"/healthz"_s);
        QCOMPARE(health.status, 200);
        QCOMPARE(health.body.value(u"status"_s).toString(), u"ok"_s);
        const SimHarness::Reply list = m_sim->get(u"/api/v1/sagas?status=COMPLETED&limit=3"_s);
        QCOMPARE(list.status, 200);
        const QJsonArray items = list.body.value(u"items"_s).toArray();
        QVERIFY(!items.isEmpty() && items.size() <= 3);
        for (const QJsonValue &v : items)
            QCOMPARE(v.toObject().value(u"status"_s).toString(), u"COMPLETED"_s);
    }

    void retryWithTheSameKeyTwiceConcurrentlyMakesOneAttempt()
    {
        const QString id = freshFailedSaga();
        QVERIFY2(!id.isEmpty(), "payment-outage produced no failed saga");
        const int attempt = m_sim->sqlValue(u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(id)).toInt();
        const int maxSeq = m_sim->sqlValue(u"SELECT max(seq) FROM saga_steps WHERE saga_id = '%1'"_s.arg(id)).toInt();
        const QString firstStep = m_sim->sqlValue(
            u"SELECT step FROM saga_steps WHERE saga_id = '%1' AND seq = 1"_s.arg(id));

        // Both requests are in flight at once, with one operator intent's key.
        const QByteArray key = newKey();
        const QString path = u"/api/v1/sagas/%1/retry"_s.arg(id);
        QNetworkReply *a = m_sim->startPost(path, intent(), keyed(key));
        QNetworkReply *b = m_sim->startPost(path, intent(), keyed(key));
        const SimHarness::Reply ra = SimHarness::wait(a), rb = SimHarness::wait(b);
        QCOMPARE(ra.status, 202);
        QCOMPARE(rb.status, 202);
        QCOMPARE(ra.raw, rb.raw); // the second got the first's answer
        QCOMPARE(ra.body.value(u"attempt"_s).toInt(), attempt + 1);

        QVERIFY2(waitTerminal(id), "the retried saga did not finish");
        QCOMPARE(m_sim->sqlValue(u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(id)).toInt(), attempt + 1);
        // Exactly one new run: its first step was executed once more, not twice.
        QCOMPARE(m_sim->sqlValue(u"SELECT count(*) FROM saga_steps WHERE saga_id = '%1' AND seq > %2 "
                                 "AND action = 'EXECUTE' AND step = '%3'"_s.arg(id)
                                     .arg(maxSeq)
                                     .arg(firstStep)),
                 u"1"_s);
        QCOMPARE(m_sim->sqlValue(
                     u"SELECT count(*) FROM saga_api_idempotency WHERE key = '%1'"_s.arg(QString::fromUtf8(key))),
                 u"1"_s);

        // Later, the same key again: the first answer, and nothing happens.
        const SimHarness::Reply again = m_sim->post(path, intent(), keyed(key));
        QCOMPARE(again.status, 202);
        QCOMPARE(again.raw, ra.raw);
        QTest::qWait(500);
        QCOMPARE(m_sim->sqlValue(u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(id)).toInt(), attempt + 1);

        // The saga's own view shows the new attempt and its steps.
        const SimHarness::Reply saga = m_sim->get(u"/api/v1/sagas/"_s + id);
        QCOMPARE(saga.status, 200);
        QCOMPARE(saga.body.value(u"attempt"_s).toInt(), attempt + 1);
        QVERIFY(saga.body.value(u"steps"_s).toArray().size() > maxSeq);
    }

    void retryOfACompletedSagaIs409()
    {
        const QString id = m_sim->sqlValue(u"SELECT id::text FROM saga_instances WHERE status = 'COMPLETED' "
                                           "ORDER BY updated_at DESC LIMIT 1"_s);
        QVERIFY(!id.isEmpty());
        const SimHarness::Reply r = m_sim->post(u"/api/v1/sagas/%1/retry"_s.arg(id), intent(), keyed(newKey()));
        QCOMPARE(r.status, 409);
        QVERIFY2(r.body.value(u"error"_s).toString().contains(u"COMPLETED"_s), r.raw.constData());
        const SimHarness::Reply c = m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), intent(), keyed(newKey()));
        QCOMPARE(c.status, 409);
        QVERIFY(!c.body.value(u"error"_s).toString().isEmpty());
        QCOMPARE(status(id), u"COMPLETED"_s);
    }

    void unknownSagaIs404()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(m_sim->get(u"/api/v1/sagas/"_s + id).status, 404);
        const SimHarness::Reply r = m_sim->post(u"/api/v1/sagas/%1/retry"_s.arg(id), intent(), keyed(newKey()));
        QCOMPARE(r.status, 404);
        QVERIFY(r.body.value(u"error"_s).toString().contains(id));
        QCOMPARE(m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), intent(), keyed(newKey())).status, 404);
    }

    void malformedRequestsAre400WithAJsonError()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QList<SimHarness::Reply> replies = {
            m_sim->get(u"/api/v1/sagas/not-a-uuid"_s),
            m_sim->get(u"/api/v1/sagas?status=BOGUS"_s),
            m_sim->get(u"/api/v1/sagas?limit=-1"_s),
            m_sim->post(u"/api/v1/sagas/%1/retry"_s.arg(id), "{not json", keyed(newKey())),
            m_sim->post(u"/api/v1/sagas/%1/retry"_s.arg(id), "[1,2]", keyed(newKey())),
            m_sim->post(u"/api/v1/sagas/%1/retry"_s.arg(id), intent()), // no Idempotency-Key
            m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), "{\"reason\": 5}", keyed(newKey())),
            m_sim->post(u"/sim/scenario"_s, "{\"scenario\":\"no-such-scenario\"}"),
            m_sim->post(u"/sim/rate"_s, "{\"rate\":\"fast\"}"),
        };
        for (const SimHarness::Reply &r : replies) {
            QCOMPARE(r.status, 400);
            QVERIFY2(!r.body.value(u"error"_s).toString().isEmpty(), r.raw.constData());
        }
        QVERIFY(replies.at(7).body.value(u"valid"_s).toArray().contains(u"payment-outage"_s));
        QCOMPARE(m_sim->get(u"/healthz"_s).status, 200); // still serving
    }

    void compensateOfAStuckSagaUndoesWhatWasDone()
    {
        // A saga whose orchestrator died mid-flight: inventory reserved, payment call never answered.
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QString error;
        QVERIFY2(
            m_sim->sqlExecAsSim(
                u"INSERT INTO saga_instances (id, saga_type, status, current_step, created_at, updated_at) "
                "VALUES ('%1', 'order-fulfillment', 'IN_PROGRESS', 'charge-payment', now() - interval '10 min', "
                "now() - interval '9 min');"
                "INSERT INTO saga_steps (saga_id, seq, step, action, service, outcome, started_at, finished_at) VALUES "
                "('%1', 1, 'reserve-inventory', 'EXECUTE', 'inventory-service', 'SUCCEEDED', now() - interval '10 min', "
                "now() - interval '10 min'),"
                "('%1', 2, 'charge-payment', 'EXECUTE', 'payment-service', 'RUNNING', now() - interval '9 min', NULL)"_s
                    .arg(id),
                &error),
            qPrintable(error));
        const QByteArray key = newKey();
        const SimHarness::Reply r = m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), intent(), keyed(key));
        QCOMPARE(r.status, 202);
        QVERIFY2(waitTerminal(id), "the compensation did not finish");
        QCOMPARE(status(id), u"COMPENSATED"_s);
        QCOMPARE(m_sim->sqlValue(u"SELECT outcome FROM saga_steps WHERE saga_id = '%1' AND seq = 2"_s.arg(id)),
                 u"TIMED_OUT"_s);
        QCOMPARE(m_sim->sqlValue(u"SELECT step || ':' || action || ':' || outcome FROM saga_steps "
                                 "WHERE saga_id = '%1' AND seq = 3"_s.arg(id)),
                 u"release-inventory:COMPENSATE:SUCCEEDED"_s);
        QCOMPARE(m_sim->sqlValue(u"SELECT count(*) FROM saga_steps WHERE saga_id = '%1'"_s.arg(id)), u"3"_s);
        // Now COMPENSATED: a second compensation with a new key is refused.
        QCOMPARE(m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), intent(), keyed(newKey())).status, 409);
        // ...but the first key still replays its 202.
        QCOMPARE(m_sim->post(u"/api/v1/sagas/%1/compensate"_s.arg(id), intent(), keyed(key)).status, 202);
    }
};

QTEST_GUILESS_MAIN(TestSagaSimApi)
#include "tst_saga_sim_api.moc"
