#include "LagStatusEvaluator.h"
#include "LagTimeEstimator.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

Q_DECLARE_METATYPE(sagadeck::LagStatus)

namespace {
// One sample per entry, 500 ms apart: committed offset (-1: none), log end, active members.
QVector<LagSample> window(const QVector<qint64> &committed, const QVector<qint64> &logEnd, const QVector<int> &members)
{
    QVector<LagSample> w;
    for (int i = 0; i < committed.size(); ++i)
        w.append({1'000'000 + i * 500LL, committed.at(i), logEnd.at(i), members.at(i)});
    return w;
}
} // namespace

class TestLagStatus : public QObject
{
    Q_OBJECT
private slots:
    void evaluate_data()
    {
        QTest::addColumn<QVector<qint64>>("committed");
        QTest::addColumn<QVector<qint64>>("logEnd");
        QTest::addColumn<QVector<int>>("members");
        QTest::addColumn<LagStatus>("expected");
        QTest::addColumn<QString>("reasonContains");
        // Window of 4 samples throughout.
        QTest::newRow("ok: caught up once in the window")
            << QVector<qint64>{10, 12, 14, 15} << QVector<qint64>{12, 14, 14, 20} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Ok << u"caught up"_s;
        QTest::newRow("ok: moving, lag shrinking") << QVector<qint64>{10, 20, 30, 40} << QVector<qint64>{50, 55, 60, 62}
                                                   << QVector<int>{1, 1, 1, 1} << LagStatus::Ok << u"does not grow"_s;
        QTest::newRow("ok: moving, lag flat") << QVector<qint64>{10, 20, 30, 40} << QVector<qint64>{15, 25, 35, 45}
                                              << QVector<int>{1, 1, 1, 1} << LagStatus::Ok << u"does not grow"_s;
        QTest::newRow("warn: moving, lag growing every step")
            << QVector<qint64>{10, 12, 14, 16} << QVector<qint64>{20, 30, 40, 50} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Warn << u"grew from 10 to 34"_s;
        QTest::newRow("warn: moving, one dip, lag still growing")
            << QVector<qint64>{10, 10, 25, 26} << QVector<qint64>{20, 30, 40, 50} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Warn << u"grew"_s;
        QTest::newRow("ok: moving, lag up and down")
            << QVector<qint64>{10, 10, 30, 30} << QVector<qint64>{20, 30, 40, 38} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Ok << u"does not grow"_s;
        QTest::newRow("stall: member present, offset still, lag > 0")
            << QVector<qint64>{100, 100, 100, 100} << QVector<qint64>{150, 150, 160, 170} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Stall << u"offset 100 unchanged"_s;
        QTest::newRow("stall: flat lag counts too")
            << QVector<qint64>{100, 100, 100, 100} << QVector<qint64>{150, 150, 150, 150} << QVector<int>{2, 2, 2, 2}
            << LagStatus::Stall << u"2 member(s)"_s;
        QTest::newRow("stop: nobody commits, lag > 0")
            << QVector<qint64>{100, 100, 100, 100} << QVector<qint64>{150, 160, 170, 180} << QVector<int>{0, 0, 0, 0}
            << LagStatus::Stop << u"no active member; lag 80"_s;
        QTest::newRow("stop: no commit at all")
            << QVector<qint64>{-1, -1, -1, -1} << QVector<qint64>{5, 5, 6, 7} << QVector<int>{0, 0, 0, 0}
            << LagStatus::Stop << u"nothing committed"_s;
        QTest::newRow("stall: no commit at all, member present")
            << QVector<qint64>{-1, -1, -1, -1} << QVector<qint64>{5, 5, 6, 7} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Stall << u"nothing committed"_s;
        QTest::newRow("ok: no commit on an empty partition")
            << QVector<qint64>{-1, -1, -1, -1} << QVector<qint64>{0, 0, 0, 0} << QVector<int>{0, 0, 0, 0}
            << LagStatus::Ok << u"nothing to consume"_s;
        QTest::newRow("ok: idle group with nothing to read")
            << QVector<qint64>{40, 40, 40, 40} << QVector<qint64>{40, 40, 40, 40} << QVector<int>{0, 0, 0, 0}
            << LagStatus::Ok << u"caught up"_s;
        QTest::newRow("rewind: offset went back")
            << QVector<qint64>{100, 120, 30, 35} << QVector<qint64>{150, 160, 170, 180} << QVector<int>{1, 1, 1, 1}
            << LagStatus::Rewind << u"from 120 to 30"_s;
        QTest::newRow("rewind: beats caught-up") << QVector<qint64>{100, 0, 0} << QVector<qint64>{100, 100, 100}
                                                 << QVector<int>{0, 0, 0} << LagStatus::Rewind << u"from 100 to 0"_s;
        QTest::newRow("rewind: commit deleted") << QVector<qint64>{100, -1} << QVector<qint64>{150, 150}
                                                << QVector<int>{0, 0} << LagStatus::Rewind << u"deleted"_s;
        QTest::newRow("pending: window not full") << QVector<qint64>{100, 100} << QVector<qint64>{150, 160}
                                                  << QVector<int>{0, 0} << LagStatus::Pending << u"2 of 4"_s;
        QTest::newRow("only the newest window counts: old rewind forgotten")
            << QVector<qint64>{50, 10, 100, 100, 100, 100} << QVector<qint64>{150, 150, 150, 150, 150, 150}
            << QVector<int>{0, 0, 0, 0, 0, 0} << LagStatus::Stop << u"unchanged"_s;
    }

    void evaluate()
    {
        QFETCH(QVector<qint64>, committed);
        QFETCH(QVector<qint64>, logEnd);
        QFETCH(QVector<int>, members);
        QFETCH(LagStatus, expected);
        QFETCH(QString, reasonContains);
        const LagVerdict v = LagStatusEvaluator(4).evaluate(window(committed, logEnd, members));
        QCOMPARE(lagStatusName(v.status), lagStatusName(expected));
        QVERIFY2(v.reason.contains(reasonContains), qPrintable(v.reason));
    }

    void emptyIsPending() { QCOMPARE(LagStatusEvaluator(4).evaluate({}).status, LagStatus::Pending); }

    void severityOrdersGroupStatus()
    {
        QCOMPARE(worseOf(LagStatus::Ok, LagStatus::Warn), LagStatus::Warn);
        QCOMPARE(worseOf(LagStatus::Stop, LagStatus::Warn), LagStatus::Stop);
        QCOMPARE(worseOf(LagStatus::Stall, LagStatus::Rewind), LagStatus::Stall);
        QCOMPARE(worseOf(LagStatus::Pending, LagStatus::Ok), LagStatus::Ok);
    }

    void lagTime_data()
    {
        QTest::addColumn<qint64>("lag");
        QTest::addColumn<qint64>("delta");
        QTest::addColumn<qint64>("spanMs");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("no lag") << 0LL << 0LL << 0LL << 0.0 << u"0 s"_s;
        QTest::newRow("10 msg/s, 50 behind") << 50LL << 100LL << 10'000LL << 5.0 << u"5 s"_s;
        QTest::newRow("1 msg/s, 250 behind") << 250LL << 4LL << 4'000LL << 250.0 << u"4 min 10 s"_s;
        QTest::newRow("fast producer") << 1LL << 1000LL << 1'000LL << 0.001 << u"< 1 s"_s;
        QTest::newRow("no writes: unknown") << 30LL << 0LL << 5'000LL << -1.0 << u"unknown"_s;
        QTest::newRow("no span: unknown") << 30LL << 10LL << 0LL << -1.0 << u"unknown"_s;
        QTest::newRow("hours") << 36'000LL << 10LL << 1'000LL << 3600.0 << u"1 h 0 min"_s;
    }

    void lagTime()
    {
        QFETCH(qint64, lag);
        QFETCH(qint64, delta);
        QFETCH(qint64, spanMs);
        QFETCH(double, seconds);
        QFETCH(QString, text);
        const LagTime t = LagTimeEstimator::fromLogEndRate(lag, delta, spanMs);
        QCOMPARE(t.seconds, seconds);
        QCOMPARE(t.method, u"from log-end rate"_s);
        QCOMPARE(LagTimeEstimator::describe(t), text);
    }
};

QTEST_GUILESS_MAIN(TestLagStatus)
#include "tst_lagstatus.moc"
