#include "SimHarness.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

// saga-sim's incident scenarios move what the runbook's alerts watch, checked through
// Prometheus (the alert expressions of docs/architecture.md §1) and independent sources: Kafka's own
// ConsumerGroupCommand for lag, pg_stat_activity for connections, /proc for memory.
class TestSagaSimScenarios : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;

    // Polls `expr` until it exceeds `threshold`; returns the last value seen.
    double waitAbove(const QString &expr, double threshold, int timeoutMs)
    {
        double last = -1;
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            last = m_sim->promValue(expr).value_or(-1);
            if (last > threshold)
                break;
            QTest::qWait(1000);
        }
        return last;
    }

    long long simRssBytes()
    {
        QFile pidFile(m_sim->stack().root.value(u"dir"_s).toString() + u"/saga-sim/pid"_s);
        if (!pidFile.open(QIODevice::ReadOnly))
            return -1;
        QFile status(u"/proc/%1/status"_s.arg(QString::fromUtf8(pidFile.readAll().trimmed())));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
        }
        return -1;
    }

private slots:
    void initTestCase() { SimHarness::open(m_sim); }
    void cleanup() { m_sim->restore(); }
    void cleanupTestCase() { m_sim.reset(); }

    void paymentOutageFiresTheSagaFailureRateAlert()
    {
        QVERIFY(m_sim->setScenario(u"steady"_s));
        QVERIFY(m_sim->quiesce());
        const QList<QByteArray> counters = {"saga_created_total", "saga_failed_total"};
        QVERIFY(m_sim->waitForFreshScrape(counters));
        const double created0 = m_sim->promValue(u"sum(saga_created_total)"_s).value_or(0);
        const double failed0 = m_sim->promValue(u"sum(saga_failed_total)"_s).value_or(0);

        QVERIFY(m_sim->setScenario(u"payment-outage"_s));
        QVERIFY(m_sim->setRate(10));
        // Let the outage run for a while: an earlier outage may still sit in the 5m window, so
        // the alert alone proves little; the counter deltas below are measured over this one.
        QTest::qWait(8000);
        const QString alert = u"sum(rate(saga_failed_total[5m])) / sum(rate(saga_created_total[5m]))"_s;
        const double value = waitAbove(alert, 0.005, 60000);
        QVERIFY2(value > 0.005, qPrintable(u"saga failure rate %1"_s.arg(value)));

        // And the outage itself is what failed them: most of its sagas failed.
        QVERIFY(m_sim->quiesce());
        QVERIFY(m_sim->waitForFreshScrape(counters));
        const double created = m_sim->promValue(u"sum(saga_created_total)"_s).value_or(0) - created0;
        const double failed = m_sim->promValue(u"sum(saga_failed_total)"_s).value_or(0) - failed0;
        QVERIFY2(created >= 10, qPrintable(u"only %1 sagas during the outage"_s.arg(created)));
        QVERIFY2(failed / created > 0.5, qPrintable(u"%1 of %2 failed"_s.arg(failed).arg(created)));
        // The payment service answered 503s.
        QVERIFY(m_sim->promValue(u"sum(http_requests_total{service=\"payment-service\",status=\"503\"})"_s).value_or(0)
                > 0);
    }

    void slowConsumerGrowsOrchestratorLagAndSteadyDrainsIt()
    {
        const QString group = u"saga-orchestrator-group"_s;
        QVERIFY(m_sim->setScenario(u"steady"_s));
        QVERIFY(m_sim->setRate(10));
        const long long lag0 = m_sim->groupLag(group);
        QVERIFY2(lag0 >= 0, "ConsumerGroupCommand gave no lag for the orchestrator group");

        QVERIFY(m_sim->setScenario(u"slow-consumer"_s));
        QTest::qWait(12000);
        const long long grown = m_sim->groupLag(group);
        QVERIFY2(grown > lag0 + 300, qPrintable(u"lag %1 -> %2"_s.arg(lag0).arg(grown)));
        // Only the orchestrator's consumer is slow.
        const long long payment = m_sim->groupLag(u"payment-service-group"_s);
        QVERIFY2(payment >= 0 && payment < grown / 2, qPrintable(u"payment group lag %1"_s.arg(payment)));

        QVERIFY(m_sim->setScenario(u"steady"_s));
        QVERIFY(m_sim->setRate(m_sim->originalRate()));
        long long lag = grown;
        QDeadlineTimer deadline(45000);
        while (lag >= 100 && !deadline.hasExpired()) {
            QTest::qWait(1000);
            lag = m_sim->groupLag(group);
        }
        QVERIFY2(lag >= 0 && lag < 100, qPrintable(u"lag did not drain: %1 (was %2)"_s.arg(lag).arg(grown)));
    }

    void latencySpikePushesP95AboveHalfASecond()
    {
        QVERIFY(m_sim->setScenario(u"latency-spike"_s));
        // A short window so earlier spikes cannot satisfy it; the runbook's expression too.
        const double p95 = waitAbove(
            u"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[20s])))"_s, 0.5, 45000);
        QVERIFY2(p95 > 0.5, qPrintable(u"p95 %1 s"_s.arg(p95)));
        const double alert = waitAbove(
            u"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"_s, 0.5, 45000);
        QVERIFY2(alert > 0.5, qPrintable(u"5m p95 %1 s"_s.arg(alert)));
    }

    void connectionLeakFillsThePoolAndSteadyReleasesIt()
    {
        const QString sessions = u"SELECT count(*) FROM pg_stat_activity WHERE usename = 'saga_sim'"_s;
        const int before = m_sim->sqlValue(sessions).toInt();
        QVERIFY(m_sim->setScenario(u"connection-leak"_s));
        const QString alert = u"max(database_connections{state=\"open\"}) / max(database_connections{state=\"max\"})"_s;
        const double ratio = waitAbove(alert, 0.8, 45000);
        QVERIFY2(ratio > 0.8, qPrintable(u"open/max %1"_s.arg(ratio)));
        const int during = m_sim->sqlValue(sessions).toInt();
        QVERIFY2(during >= 30 && during > before, qPrintable(u"saga_sim sessions %1 -> %2"_s.arg(before).arg(during)));

        QVERIFY(m_sim->setScenario(u"steady"_s));
        int after = during;
        QDeadlineTimer deadline(20000);
        while (after > 20 && !deadline.hasExpired()) {
            QTest::qWait(500);
            after = m_sim->sqlValue(sessions).toInt();
        }
        QVERIFY2(after <= 20, qPrintable(u"saga_sim sessions still %1"_s.arg(after)));
    }

    void memoryGrowthRaisesRealRss()
    {
        const long long before = simRssBytes();
        QVERIFY(before > 0);
        QVERIFY(m_sim->setScenario(u"memory-growth"_s));
        QTest::qWait(10000);
        const long long grown = simRssBytes();
        QVERIFY2(grown > before + 24 * 1024 * 1024, qPrintable(u"RSS %1 -> %2"_s.arg(before).arg(grown)));
        // Prometheus sees it under the orchestrator's series.
        const double scraped = waitAbove(u"max(process_resident_memory_bytes{service=\"saga-orchestrator\"})"_s,
                                         double(before + 16 * 1024 * 1024), 10000);
        QVERIFY2(scraped > before + 16 * 1024 * 1024, qPrintable(u"scraped %1"_s.arg(scraped)));
        QVERIFY(m_sim->setScenario(u"steady"_s));
        long long after = grown;
        QDeadlineTimer deadline(10000);
        while (after > before + 16 * 1024 * 1024 && !deadline.hasExpired()) {
            QTest::qWait(500);
            after = simRssBytes();
        }
        QVERIFY2(after < grown - 16 * 1024 * 1024, qPrintable(u"RSS not released: %1"_s.arg(after)));
    }
};

QTEST_GUILESS_MAIN(TestSagaSimScenarios)
#include "tst_saga_sim_scenarios.moc"
