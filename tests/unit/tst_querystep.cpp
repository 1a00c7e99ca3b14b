#include "QueryStep.h"

#include <QTest>

#include <cmath>

using namespace sagadeck;

// step = max(range / width, scrape interval, range / 11000), start aligned to the step.
class TestQueryStep : public QObject
{
    Q_OBJECT
private slots:
    void step_data()
    {
        QTest::addColumn<double>("range");
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("scrape");
        QTest::addColumn<double>("expected");
        QTest::newRow("1h over 600 px: range/width") << 3600.0 << 600 << 2.0 << 6.0;
        QTest::newRow("5m over 1000 px: scrape wins") << 300.0 << 1000 << 2.0 << 2.0;
        QTest::newRow("7d over 800 px") << 604800.0 << 800 << 15.0 << 756.0;
        QTest::newRow("7d over 100000 px: 11000-point limit") << 604800.0 << 100000 << 1.0 << 55.0;
        QTest::newRow("1h over 700 px: rounded up") << 3600.0 << 700 << 2.0 << 6.0;
        QTest::newRow("90 s over 1000 px, 0.05 s scrape: ms") << 90.0 << 1000 << 0.05 << 0.09;
        QTest::newRow("width 0 treated as 1") << 600.0 << 0 << 1.0 << 600.0;
    }
    void step()
    {
        QFETCH(double, range);
        QFETCH(int, width);
        QFETCH(double, scrape);
        QFETCH(double, expected);
        QCOMPARE(chooseStep(range, width, scrape), expected);
    }

    void windowAlignedAndWithinLimit_data()
    {
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("range");
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("scrape");
        QTest::newRow("1h") << 1764300000.123 << 3600.0 << 600 << 2.0;
        QTest::newRow("7d huge width") << 1764300007.9 << 604800.0 << 1000000 << 1.0;
        QTest::newRow("5m") << 1764300001.0 << 300.0 << 1200 << 2.0;
        QTest::newRow("custom 17 min") << 1764300099.5 << 1020.0 << 333 << 15.0;
    }
    void windowAlignedAndWithinLimit()
    {
        QFETCH(double, end);
        QFETCH(double, range);
        QFETCH(int, width);
        QFETCH(double, scrape);
        const QueryWindow w = queryWindow(end, range, width, scrape);
        QCOMPARE(w.step, chooseStep(range, width, scrape));
        QCOMPARE(std::fmod(w.start, w.step), 0.0);
        QCOMPARE(std::fmod(w.end, w.step), 0.0);
        QVERIFY(w.end <= end && w.end > end - w.step);
        QVERIFY(w.start <= end - range + 1e-9 || w.points() == 11000);
        QVERIFY2(w.points() <= 11000, qPrintable(QString::number(w.points())));
        QVERIFY(w.points() <= width + 2 || w.step == scrape || w.points() >= 10999);
    }
};

QTEST_GUILESS_MAIN(TestQueryStep)
#include "tst_querystep.moc"
