#include "Backoff.h"

#include <QTest>

using namespace sagadeck;
using ms = std::chrono::milliseconds;

class TestBackoff : public QObject
{
    Q_OBJECT
private slots:
    void stepsDoubleFromInitialToCap()
    {
        Backoff b(ms(100), ms(30000), QRandomGenerator(42));
        const qint64 expectedSteps[] = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000};
        for (qint64 step : expectedSteps) {
            QCOMPARE(b.currentStep().count(), step);
            const qint64 delay = b.next().count();
            // Equal jitter: never less than half the step, never more than the step.
            QVERIFY2(delay >= step / 2 && delay <= step,
                     qPrintable(QStringLiteral("delay %1 outside [%2, %3]").arg(delay).arg(step / 2).arg(step)));
        }
    }

    void jitterSpreadsDelays()
    {
        // Many feeds failing at once must not all come back at the same instant.
        QSet<qint64> seen;
        for (quint32 seed = 1; seed <= 50; ++seed) {
            Backoff b(ms(100), ms(30000), QRandomGenerator(seed));
            for (int i = 0; i < 6; ++i)
                b.next();
            seen.insert(b.next().count()); // step 6400
        }
        QVERIFY2(seen.size() > 25, qPrintable(QString::number(seen.size())));
    }

    void resetStartsOver()
    {
        Backoff b(ms(100), ms(30000), QRandomGenerator(7));
        for (int i = 0; i < 20; ++i)
            b.next();
        QCOMPARE(b.currentStep().count(), qint64(30000));
        QCOMPARE(b.attempts(), 20);
        b.reset();
        QCOMPARE(b.attempts(), 0);
        QCOMPARE(b.currentStep().count(), qint64(100));
        QVERIFY(b.next().count() <= 100);
    }

    void manyAttemptsNeverOverflow()
    {
        Backoff b(ms(100), ms(30000), QRandomGenerator(3));
        for (int i = 0; i < 10000; ++i) {
            const qint64 d = b.next().count();
            QVERIFY(d >= 0 && d <= 30000);
        }
    }

    void degenerateArgumentsAreClamped()
    {
        Backoff b(ms(0), ms(-5), QRandomGenerator(1));
        QVERIFY(b.currentStep().count() >= 1);
        QVERIFY(b.next().count() >= 0);
    }
};

QTEST_APPLESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
