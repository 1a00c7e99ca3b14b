#include "SimHarness.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

// After a steady run, three independent records of the same sagas agree: the rows in
// Postgres, the counters Prometheus scraped from saga-sim, and the events on saga-events.
// Everything is measured as a delta from a baseline taken while the workload was quiet,
// because the table outlives sim restarts (and seeded history) while counters reset.
class TestSagaSimCounts : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    const QList<QByteArray> m_counters = {"saga_created_total", "saga_completed_total", "saga_failed_total",
                                          "saga_compensated_total"};

    QMap<QByteArray, double> scraped()
    {
        QMap<QByteArray, double> v;
        for (const QByteArray &m : m_counters)
            v.insert(m, m_sim->promValue(u"sum(%1)"_s.arg(QString::fromUtf8(m))).value_or(0));
        return v;
    }

private slots:
    void initTestCase() { SimHarness::open(m_sim); }
    void cleanup() { m_sim->restore(); }
    void cleanupTestCase() { m_sim.reset(); }

    void steadyRunAgreesAcrossPostgresPrometheusAndKafka()
    {
        QVERIFY(m_sim->setScenario(u"steady"_s));
        QVERIFY2(m_sim->quiesce(), "saga-sim did not finish its in-flight sagas");
        QVERIFY2(m_sim->waitForFreshScrape(m_counters), "Prometheus did not catch up with saga-sim's counters");
        const QMap<QByteArray, double> before = scraped();
        const QString t0 = m_sim->sqlValue(u"SELECT now()::text"_s);
        QVERIFY(!t0.isEmpty());
        const QMap<int, long long> offsets0 = m_sim->highWatermarks();
        QCOMPARE(offsets0.size(), m_sim->stack().section(u"kafka"_s).value(u"partitions"_s).toInt());

        // The run: ~100 sagas in 5 s, then quiet again.
        QVERIFY(m_sim->setRate(20));
        QTest::qWait(5000);
        QVERIFY2(m_sim->quiesce(), "saga-sim did not finish the run's sagas");
        QVERIFY2(m_sim->waitForFreshScrape(m_counters), "Prometheus did not catch up with saga-sim's counters");
        const QMap<QByteArray, double> after = scraped();
        const QMap<int, long long> offsets1 = m_sim->highWatermarks();

        // Postgres: the run's sagas, all terminal.
        const QString since = u" FROM saga_instances WHERE created_at >= '%1'::timestamptz"_s.arg(t0);
        const QStringList ids = m_sim->sqlColumn(u"SELECT id::text"_s + since);
        const int created = int(ids.size());
        QVERIFY2(created >= 50, qPrintable(u"only %1 sagas in the run"_s.arg(created)));
        QCOMPARE(m_sim->sqlValue(u"SELECT count(*)"_s + since
                                 + u" AND status NOT IN ('COMPLETED','FAILED','COMPENSATED')"_s),
                 u"0"_s);
        const int completed = m_sim->sqlValue(u"SELECT count(*)"_s + since + u" AND status = 'COMPLETED'"_s).toInt();
        const int compensated =
            m_sim->sqlValue(u"SELECT count(*)"_s + since + u" AND status = 'COMPENSATED'"_s).toInt();
        const int failedOnly = m_sim->sqlValue(u"SELECT count(*)"_s + since + u" AND status = 'FAILED'"_s).toInt();
        QCOMPARE(completed + compensated + failedOnly, created);
        QVERIFY2(completed >= created * 0.9, "steady should complete almost every saga");
        // Every completed order-fulfillment saga ran its three steps, in order.
        QCOMPARE(m_sim->sqlValue(u"SELECT count(*) FROM saga_instances s WHERE created_at >= '%1'::timestamptz "
                                 "AND saga_type = 'order-fulfillment' AND status = 'COMPLETED' AND "
                                 "(SELECT string_agg(step, ',' ORDER BY seq) FROM saga_steps WHERE saga_id = s.id) "
                                 "<> 'reserve-inventory,charge-payment,notify-customer'"_s.arg(t0)),
                 u"0"_s);

        // Prometheus: counter increases equal the rows. A run that ends FAILED or COMPENSATED
        // counts in saga_failed_total; COMPENSATED ones also in saga_compensated_total.
        QCOMPARE(after["saga_created_total"] - before["saga_created_total"], double(created));
        QCOMPARE(after["saga_completed_total"] - before["saga_completed_total"], double(completed));
        QCOMPARE(after["saga_failed_total"] - before["saga_failed_total"], double(compensated + failedOnly));
        QCOMPARE(after["saga_compensated_total"] - before["saga_compensated_total"], double(compensated));

        // Kafka: exactly one SAGA_STARTED per saga, and one terminal event per outcome.
        const QList<QJsonObject> events = m_sim->readEvents(offsets0, offsets1);
        const QSet<QString> runIds(ids.cbegin(), ids.cend());
        QMap<QString, int> startedPerSaga;
        QMap<QString, int> byType;
        for (const QJsonObject &e : events) {
            const QString id = e.value(u"saga_id"_s).toString();
            if (!runIds.contains(id))
                continue; // another client's event (e.g. tst_stack_kafka's probe)
            const QString type = e.value(u"type"_s).toString();
            byType[type] += 1;
            if (type == u"SAGA_STARTED"_s) {
                startedPerSaga[id] += 1;
                QCOMPARE(e.value(u"status"_s).toString(), u"STARTED"_s);
                QVERIFY(e.value(u"step"_s).isNull());
                QVERIFY(!e.value(u"at"_s).toString().isEmpty());
                QVERIFY(!e.value(u"saga_type"_s).toString().isEmpty());
            }
        }
        QCOMPARE(int(startedPerSaga.size()), created);
        for (auto it = startedPerSaga.cbegin(); it != startedPerSaga.cend(); ++it)
            QCOMPARE(it.value(), 1);
        QCOMPARE(byType.value(u"SAGA_COMPLETED"_s), completed);
        QCOMPARE(byType.value(u"SAGA_COMPENSATED"_s), compensated);
        QCOMPARE(byType.value(u"SAGA_FAILED"_s), failedOnly);
        // STEP_STARTED events match the step rows the run wrote.
        QCOMPARE(
            byType.value(u"STEP_STARTED"_s) + byType.value(u"COMPENSATION_STARTED"_s),
            m_sim->sqlValue(u"SELECT count(*) FROM saga_steps WHERE saga_id IN (SELECT id"_s + since + u")"_s).toInt());
    }
};

QTEST_GUILESS_MAIN(TestSagaSimCounts)
#include "tst_saga_sim_counts.moc"
