#include "LagHistory.h"

#include <QTest>

using namespace sagadeck;
using namespace Qt::StringLiterals;

class TestLagHistory : public QObject
{
    Q_OBJECT
private slots:
    void boundedPerGroup()
    {
        LagHistory h(100);
        for (int i = 0; i < 1000; ++i) {
            h.append(u"a"_s, i * 1000, i);
            if (i % 2 == 0)
                h.append(u"b"_s, i * 1000, 1);
        }
        QVERIFY(h.series(u"a"_s).size() <= 100 + 100 / 8);
        QVERIFY(h.series(u"a"_s).size() >= 100);
        QCOMPARE(h.series(u"a"_s).last(), QPointF(999000, 999)); // newest kept, oldest dropped
        QCOMPARE(h.groups(), (QStringList{u"a"_s, u"b"_s}));
        h.clear();
        QVERIFY(h.groups().isEmpty());
    }

    void decimate_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("columns");
        QTest::newRow("fewer points than columns") << 50 << 200;
        QTest::newRow("many points") << 10000 << 200;
        QTest::newRow("one column") << 500 << 1;
    }

    void decimate()
    {
        QFETCH(int, points);
        QFETCH(int, columns);
        QVector<QPointF> in;
        for (int i = 0; i < points; ++i)
            in.append(QPointF(i, (i * 7919) % 1000)); // jagged
        in[points / 2].setY(5000);                    // a spike that must survive
        const QVector<QPointF> out = LagHistory::decimate(in, 0, points - 1, columns);
        QVERIFY(out.size() <= 2 * columns);
        QVERIFY(out.size() <= in.size());
        double maxY = 0;
        for (int i = 0; i < out.size(); ++i) {
            maxY = std::max(maxY, out.at(i).y());
            if (i > 0)
                QVERIFY(out.at(i).x() > out.at(i - 1).x()); // time order kept
        }
        QCOMPARE(maxY, 5000.0);
        if (points <= columns)
            QCOMPARE(out, in);
    }

    void decimateOutsideRangeIsDropped()
    {
        const QVector<QPointF> in{{0, 1}, {10, 2}, {20, 3}};
        QCOMPARE(LagHistory::decimate(in, 5, 15, 10), (QVector<QPointF>{{10, 2}}));
        QVERIFY(LagHistory::decimate(in, 15, 5, 10).isEmpty());
    }

    void backfillGoesBeforeOwnSamplesOnly()
    {
        LagHistory h(100);
        h.append(u"g"_s, 10000, 7);
        h.append(u"g"_s, 12000, 8);
        // Older points, one at the first own sample's time and one after: those two lose.
        h.backfill(u"g"_s, {{4000, 1}, {6000, 2}, {8000, 3}, {10000, 99}, {11000, 99}});
        QCOMPARE(h.series(u"g"_s), (QVector<QPointF>{{4000, 1}, {6000, 2}, {8000, 3}, {10000, 7}, {12000, 8}}));
        // A group the console has not sampled yet takes the whole backfill, in time order.
        h.backfill(u"new"_s, {{1000, 5}, {2000, 6}});
        QCOMPARE(h.series(u"new"_s), (QVector<QPointF>{{1000, 5}, {2000, 6}}));
        // Out-of-order or repeated times are dropped rather than drawn backwards.
        h.backfill(u"odd"_s, {{3000, 1}, {2000, 2}, {3000, 3}, {4000, 4}});
        QCOMPARE(h.series(u"odd"_s), (QVector<QPointF>{{3000, 1}, {4000, 4}}));
    }

    void backfillKeepsTheCapacity()
    {
        LagHistory h(10);
        for (int i = 0; i < 5; ++i)
            h.append(u"g"_s, 100000 + i * 1000, i);
        QVector<QPointF> older;
        for (int i = 0; i < 50; ++i)
            older.append(QPointF(i * 1000, 100 + i));
        h.backfill(u"g"_s, older);
        const QVector<QPointF> s = h.series(u"g"_s);
        QCOMPARE(s.size(), 10);
        QCOMPARE(s.first(), QPointF(45000, 145)); // the newest of the older points survive
        QCOMPARE(s.last(), QPointF(104000, 4));   // and every own sample
    }

    void gapsSplitTheLine()
    {
        // Samples every 2 s, then nothing for 10 minutes (the stack was down), then again.
        QVector<QPointF> points;
        for (int i = 0; i < 20; ++i)
            points.append(QPointF(i * 2000.0, i));
        for (int i = 0; i < 5; ++i)
            points.append(QPointF(638000.0 + i * 2000.0, 100 + i));
        QCOMPARE(LagHistory::gapThresholdMs(points), 15000.0); // 5 x 2 s is below the floor
        const auto runs = LagHistory::splitAtGaps(points, LagHistory::gapThresholdMs(points));
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs.at(0).size(), 20);
        QCOMPARE(runs.at(1).first(), QPointF(638000.0, 100));
        // Prometheus' history at 30 s steps: 5 x 30 s = 150 s; the 180 s hole is a gap.
        const QVector<QPointF> coarse{{0, 1}, {30000, 1}, {60000, 1}, {90000, 1}, {120000, 1}, {300000, 1}};
        QCOMPARE(LagHistory::gapThresholdMs(coarse), 150000.0);
        QCOMPARE(LagHistory::splitAtGaps(coarse, 150000.0).size(), 2);
        QVERIFY(LagHistory::splitAtGaps({}, 15000).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLagHistory)
#include "tst_laghistory.moc"
