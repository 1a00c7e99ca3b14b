#include "FeedHealth.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestFeedHealth : public QObject
{
    Q_OBJECT
private slots:
    void describeAge_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("expected");
        QTest::newRow("never") << qint64(-1) << u"never"_s;
        QTest::newRow("zero") << qint64(0) << u"0 s"_s;
        QTest::newRow("sub-second rounds down") << qint64(999) << u"0 s"_s;
        QTest::newRow("seconds") << qint64(59'999) << u"59 s"_s;
        QTest::newRow("one minute") << qint64(60'000) << u"1 min"_s;
        QTest::newRow("minutes and seconds") << qint64(125'000) << u"2 min 5 s"_s;
        QTest::newRow("one hour") << qint64(3'600'000) << u"1 h"_s;
        QTest::newRow("hours and minutes") << qint64(3 * 3'600'000 + 10 * 60'000) << u"3 h 10 min"_s;
        QTest::newRow("days and hours") << qint64(52 * 3'600'000) << u"2 d 4 h"_s;
        QTest::newRow("whole days") << qint64(48 * 3'600'000) << u"2 d"_s;
    }
    void describeAge()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, expected);
        QCOMPARE(::sagadeck::describeAge(ms), expected);
    }

    void dataAge()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
        FeedHealth h;
        QCOMPARE(h.dataAgeMs(now), qint64(-1));
        h.lastSuccess = now.addMSecs(-1500);
        QCOMPARE(h.dataAgeMs(now), qint64(1500));
        // A clock step backwards never gives a negative age.
        h.lastSuccess = now.addSecs(10);
        QCOMPARE(h.dataAgeMs(now), qint64(0));
    }

    void staleness_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<qint64>("ageMs"); // -1: never succeeded
        QTest::addColumn<int>("expected");
        const int live = int(FeedState::Live), stale = int(FeedState::Stale);
        // refresh interval is 1000 ms in every row: Stale after more than 2000 ms.
        QTest::newRow("fresh live") << live << qint64(500) << live;
        QTest::newRow("exactly 2x is still live") << live << qint64(2000) << live;
        QTest::newRow("past 2x is stale") << live << qint64(2001) << stale;
        QTest::newRow("live without data is stale") << live << qint64(-1) << stale;
        // ... and after the silence limit (five intervals, at least 15 s) it is Down.
        QTest::newRow("stale up to the silence limit") << live << qint64(15'000) << stale;
        QTest::newRow("silent past the limit is down") << live << qint64(15'001) << int(FeedState::Down);
        QTest::newRow("down stays down") << int(FeedState::Down) << qint64(60'000) << int(FeedState::Down);
        QTest::newRow("disabled stays disabled") << int(FeedState::Disabled) << qint64(-1) << int(FeedState::Disabled);
        QTest::newRow("connecting stays connecting")
            << int(FeedState::Connecting) << qint64(60'000) << int(FeedState::Connecting);
    }
    void staleness()
    {
        QFETCH(int, state);
        QFETCH(qint64, ageMs);
        QFETCH(int, expected);
        const QDateTime now = QDateTime::fromSecsSinceEpoch(2'000'000, Qt::UTC);
        FeedHealth h;
        h.state = FeedState(state);
        h.reason = u"original"_s;
        if (ageMs >= 0)
            h.lastSuccess = now.addMSecs(-ageMs);
        const FeedHealth out = withStaleness(h, now, 1000);
        QCOMPARE(int(out.state), expected);
        if ((out.state == FeedState::Stale || out.state == FeedState::Down) && ageMs >= 0 && state != expected)
            QVERIFY2(out.reason.contains(::sagadeck::describeAge(ageMs)), qPrintable(out.reason));
        if (out.state == FeedState::Down && state != expected)
            QVERIFY2(out.reason.startsWith(u"no answer for"_s), qPrintable(out.reason));
        if (out.state == h.state)
            QCOMPARE(out.reason, u"original"_s);
    }

    void silenceLimitScalesWithTheInterval()
    {
        QCOMPARE(silenceLimitMs(1000), qint64(15000));
        QCOMPARE(silenceLimitMs(5000), qint64(25000));
    }

    void names()
    {
        QStringList seen;
        for (FeedKind k : allFeedKinds) {
            QVERIFY(!feedName(k).isEmpty());
            QVERIFY2(!seen.contains(feedName(k)), "feed names must be distinct");
            seen << feedName(k);
        }
        QCOMPARE(stateName(FeedState::Stale), u"Stale"_s);
        QCOMPARE(stateName(FeedState::Down), u"Down"_s);
    }

    void reportSaysWhetherAnythingChanged()
    {
        FeedHealth h;
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1000000, Qt::UTC);
        QVERIFY(h.report(FeedState::Connecting, u"connecting"_s, false, t0));
        QVERIFY(!h.report(FeedState::Connecting, u"connecting"_s, false, t0.addSecs(1))); // same: no change
        QVERIFY(h.report(FeedState::Live, QString(), true, t0.addSecs(2)));
        QCOMPARE(h.lastSuccess, t0.addSecs(2));
        QVERIFY(h.report(FeedState::Live, QString(), true, t0.addSecs(3))); // progress counts
        QVERIFY(h.report(FeedState::Down, u"refused"_s, false, t0.addSecs(4)));
        QCOMPARE(h.lastSuccess, t0.addSecs(3)); // a failure keeps the last success
        QCOMPARE(h.reason, u"refused"_s);
    }
};

QTEST_APPLESS_MAIN(TestFeedHealth)
#include "tst_feedhealth.moc"
