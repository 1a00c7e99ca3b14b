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
        QCOMPARE(h.series(u"a"_s).last(), QPointF(999000, 999));   // newest kept, oldest dropped
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
            in.append(QPointF(i, (i * 7919) % 1000));   // jagged
        in[points / 2].setY(5000);                       // a spike that must survive
        const QVector<QPointF> out = LagHistory::decimate(in, 0, points - 1, columns);
        QVERIFY(out.size() <= 2 * columns);
        QVERIFY(out.size() <= in.size());
        double maxY = 0;
        for (int i = 0; i < out.size(); ++i) {
            maxY = std::max(maxY, out.at(i).y());
            if (i > 0)
                QVERIFY(out.at(i).x() > out.at(i - 1).x());   // time order kept
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
};

QTEST_GUILESS_MAIN(TestLagHistory)
#include "tst_laghistory.moc"
