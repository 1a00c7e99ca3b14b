#include "SeriesDecimator.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sagadeck;

// Min/max decimation: the drawn polyline keeps every extreme of every pixel column, the first
// and the last sample, stays in time order and has at most 2 points per column (+ ends).
class TestSeriesDecimator : public QObject
{
    Q_OBJECT
private:
    static QVector<PromPoint> noise(int n, quint32 seed)
    {
        QRandomGenerator rng(seed);
        QVector<PromPoint> pts;
        pts.reserve(n);
        for (int i = 0; i < n; ++i)
            pts.append({1000.0 + i * 0.5, rng.generateDouble() * 100 - 50});
        return pts;
    }

private slots:
    void keepsEveryExtreme_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("columns");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("1M into 800") << 1000000 << 800 << 1u;
        QTest::newRow("100k into 333") << 100000 << 333 << 7u;
        QTest::newRow("5000 into 1000") << 5000 << 1000 << 3u;
        QTest::newRow("2003 into 1000 (just over)") << 2003 << 1000 << 9u;
    }
    void keepsEveryExtreme()
    {
        QFETCH(int, points);
        QFETCH(int, columns);
        QFETCH(quint32, seed);
        QVector<PromPoint> pts = noise(points, seed);
        // Spikes and dips a naive sampler would miss.
        pts[points / 3].v = 1e6;
        pts[points / 2 + 1].v = -1e6;
        const double x0 = pts.first().t, x1 = pts.last().t;
        const QVector<PromPoint> out = decimateMinMax(pts, x0, x1, columns);

        QVERIFY(out.size() <= 2 * columns + 2);
        QCOMPARE(out.first(), pts.first());
        QCOMPARE(out.last(), pts.last());
        for (int i = 1; i < out.size(); ++i)
            QVERIFY(out[i - 1].t < out[i].t);
        // Independent check: every column's min and max value is in the output.
        const double width = (x1 - x0) / columns;
        QVector<double> lo(columns, std::numeric_limits<double>::infinity());
        QVector<double> hi(columns, -std::numeric_limits<double>::infinity());
        for (const PromPoint &p : pts) {
            const int c = std::min(columns - 1, int(std::floor((p.t - x0) / width)));
            lo[c] = std::min(lo[c], p.v);
            hi[c] = std::max(hi[c], p.v);
        }
        QVector<double> outLo(columns, std::numeric_limits<double>::infinity());
        QVector<double> outHi(columns, -std::numeric_limits<double>::infinity());
        for (const PromPoint &p : out) {
            const int c = std::min(columns - 1, int(std::floor((p.t - x0) / width)));
            outLo[c] = std::min(outLo[c], p.v);
            outHi[c] = std::max(outHi[c], p.v);
        }
        QCOMPARE(outLo, lo);
        QCOMPARE(outHi, hi);
        // Every output point is a real sample, not an average.
        for (const PromPoint &p : out) {
            const int i = int(std::lround((p.t - 1000.0) / 0.5));
            QCOMPARE(pts[i], p);
        }
    }

    void shortSeriesUnchanged()
    {
        const QVector<PromPoint> pts = noise(100, 2);
        QCOMPARE(decimateMinMax(pts, pts.first().t, pts.last().t, 800), pts);
        QCOMPARE(decimateMinMax({}, 0, 1, 800), QVector<PromPoint>());
        QCOMPARE(decimateMinMax(pts, 0, 0, 10), pts); // empty range: nothing to bin
    }

    void dropsNonFinite()
    {
        QVector<PromPoint> pts{{1, 1},
                               {2, std::numeric_limits<double>::quiet_NaN()},
                               {3, 3},
                               {4, std::numeric_limits<double>::infinity()}};
        const QVector<PromPoint> out = decimateMinMax(pts, 1, 4, 100);
        QCOMPARE(out, (QVector<PromPoint>{{1, 1}, {3, 3}}));
    }

    void flatSeriesKeepsEnds()
    {
        QVector<PromPoint> pts;
        for (int i = 0; i < 10000; ++i)
            pts.append({double(i), 5});
        const QVector<PromPoint> out = decimateMinMax(pts, 0, 9999, 100);
        QCOMPARE(out.first(), pts.first());
        QCOMPARE(out.last(), pts.last());
        QVERIFY(out.size() <= 202);
    }
};

QTEST_GUILESS_MAIN(TestSeriesDecimator)
#include "tst_seriesdecimator.moc"
