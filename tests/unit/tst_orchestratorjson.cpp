// Reading the orchestrator's JSON answers (feeds/OrchestratorJson): what the client takes from
// a body of each shape, and that a body which is not what was asked for yields nothing.
#include "OrchestratorJson.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
const QByteArray sagaJson =
    "{\"id\":\"6f1c2e0a-1b2c-4d3e-8f90-0123456789ab\",\"saga_type\":\"order\",\"status\":\"FAILED\","
    "\"current_step\":\"charge-payment\",\"attempt\":2,\"last_error\":\"card declined\","
    "\"created_at\":\"2026-11-28T10:00:00.123+01:00\",\"payload\":{\"order_id\":42},"
    "\"steps\":[{\"seq\":1,\"step\":\"reserve-inventory\",\"outcome\":\"OK\"},{\"seq\":2,\"step\":\"charge-payment\",\"outcome\":\"FAILED\",\"error\":\"card declined\"}]}";
}

class TestOrchestratorJson : public QObject
{
    Q_OBJECT
private slots:
    void oneSaga()
    {
        const OrchestratorBody b = parseOrchestratorBody(sagaJson, OrchestratorBodyShape::Saga);
        QVERIFY(b.isSaga);
        QCOMPARE(b.saga.saga.id, QUuid(u"6f1c2e0a-1b2c-4d3e-8f90-0123456789ab"_s));
        QCOMPARE(b.saga.saga.statusText, u"FAILED"_s);
        QCOMPARE(b.saga.saga.attempt, 2);
        QCOMPARE(b.saga.saga.createdAt, QDateTime(QDate(2026, 11, 28), QTime(9, 0, 0, 123), Qt::UTC));
        QCOMPARE(b.saga.payload, QByteArray("{\"order_id\":42}"));
        QCOMPARE(b.saga.steps.size(), 2);
        QCOMPARE(b.saga.steps.at(1).error, u"card declined"_s);
        QVERIFY(b.sagas.isEmpty());
    }

    void listKeepsOnlySagas()
    {
        const QByteArray list = "{\"items\":[" + sagaJson
            + ",{\"id\":\"not-a-uuid\",\"status\":\"RUNNING\"},"
              "{\"id\":\"6f1c2e0a-1b2c-4d3e-8f90-0123456789ac\"},42,null,"
              "{\"id\":\"6f1c2e0a-1b2c-4d3e-8f90-0123456789ad\",\"status\":\"COMPLETED\"}]}";
        const OrchestratorBody b = parseOrchestratorBody(list, OrchestratorBodyShape::SagaList);
        QCOMPARE(b.sagas.size(), 2);
        QCOMPARE(b.sagas.at(0).statusText, u"FAILED"_s);
        QCOMPARE(b.sagas.at(1).statusText, u"COMPLETED"_s);
        QCOMPARE(b.sagas.at(1).attempt, 1); // absent: the first attempt
        QVERIFY(!b.isSaga);
    }

    void notWhatWasAskedFor_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("isObject");
        QTest::newRow("error text") << QByteArray("{\"error\":\"saga not found\"}") << u"saga not found"_s << true;
        QTest::newRow("error not text") << QByteArray("{\"error\":{\"code\":1}}") << QString() << true;
        QTest::newRow("html") << QByteArray("<html>502</html>") << QString() << false;
        QTest::newRow("array") << QByteArray("[1,2]") << QString() << false;
        QTest::newRow("truncated") << sagaJson.left(60) << QString() << false;
        QTest::newRow("empty") << QByteArray() << QString() << false;
    }
    void notWhatWasAskedFor()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, error);
        QFETCH(bool, isObject);
        for (auto shape : {OrchestratorBodyShape::Saga, OrchestratorBodyShape::SagaList}) {
            const OrchestratorBody b = parseOrchestratorBody(raw, shape);
            QCOMPARE(b.error, error);
            QCOMPARE(!b.object.isEmpty(), isObject);
            QVERIFY(!b.isSaga);
            QVERIFY(b.sagas.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestOrchestratorJson)
#include "tst_orchestratorjson.moc"
