// The war-room's pure parts: the alarm banner's text and the page rotation's order.
#include "FeedAlarmBanner.h"
#include "PageRotator.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestWarRoomParts : public QObject
{
    Q_OBJECT
private:
    static FeedHealth feed(FeedKind kind, FeedState state, const QString &reason, const QDateTime &last)
    {
        FeedHealth h;
        h.feed = kind;
        h.state = state;
        h.reason = reason;
        h.lastSuccess = last;
        return h;
    }

private slots:
    void allLiveMeansNoBanner()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVector<FeedHealth> feeds;
        for (FeedKind kind : allFeedKinds)
            feeds << feed(kind, FeedState::Live, QString(), now);
        QCOMPARE(notLiveText(feeds, now), QString());
    }

    void everyFeedThatIsNotLiveHasItsLine()
    {
        const QDateTime now = QDateTime::fromString(u"2026-11-28T10:00:00Z"_s, Qt::ISODate);
        const QVector<FeedHealth> feeds{
            feed(FeedKind::Postgres, FeedState::Live, QString(), now),
            feed(FeedKind::Kafka, FeedState::Down, u"broker 127.0.0.1:29092 refused the connection"_s,
                 now.addSecs(-42)),
            feed(FeedKind::Prometheus, FeedState::Stale, u"no answer for 12 s"_s, now.addSecs(-12)),
            feed(FeedKind::Kubernetes, FeedState::Connecting, QString(), QDateTime()),
            feed(FeedKind::Orchestrator, FeedState::Disabled, u"not configured in profile 'x'"_s, QDateTime()),
        };
        const QStringList lines = notLiveText(feeds, now).split(u'\n');
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines.at(0).startsWith(u"NOT LIVE"_s));
        QCOMPARE(lines.at(1),
                 u"✕ Kafka DOWN — broker 127.0.0.1:29092 refused the connection — last good data 42 s ago"_s);
        QCOMPARE(lines.at(2), u"▲ Prometheus STALE — no answer for 12 s — last good data 12 s ago"_s);
        QCOMPARE(lines.at(3), u"◌ Kubernetes CONNECTING — no data yet"_s);
        QCOMPARE(lines.at(4), u"– Orchestrator DISABLED — not configured in profile 'x' — no data yet"_s);
    }

    void longReasonsAreCut()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString text = notLiveText({feed(FeedKind::Kafka, FeedState::Down, QString(500, u'x'), QDateTime())},
                                         now);
        QVERIFY(text.contains(QString(139, u'x') + u"…"_s));
        QVERIFY(!text.contains(QString(140, u'x')));
    }

    void rotationGoesRoundAndFollowsThePageShown()
    {
        PageRotator r;
        const QStringList pages{u"overview"_s, u"sagas"_s, u"kafka"_s};
        QCOMPARE(r.nextAfter(u"overview"_s), QString()); // nothing to rotate yet
        r.start(pages, 5);
        QVERIFY(r.running());
        QCOMPARE(r.nextPage(), u"sagas"_s);
        QCOMPARE(r.nextAfter(u"kafka"_s), u"overview"_s);
        QCOMPARE(r.nextAfter(u"audit"_s), u"overview"_s); // a page outside the rotation
        r.setCurrent(u"kafka"_s);                         // someone clicked a tile
        QCOMPARE(r.nextPage(), u"overview"_s);
        QVERIFY2(r.secondsToNext() >= 4 && r.secondsToNext() <= 5, qPrintable(QString::number(r.secondsToNext())));
    }

    void rotationOffOrPointlessDoesNotRun()
    {
        PageRotator r;
        r.start({u"overview"_s, u"sagas"_s}, 0);
        QVERIFY(!r.running());
        QCOMPARE(r.secondsToNext(), -1);
        r.start({u"overview"_s}, 10);
        QVERIFY(!r.running());
    }

    void rotationAsksForTheNextPageOnTime()
    {
        PageRotator r;
        QSignalSpy due(&r, &PageRotator::pageDue);
        r.start({u"overview"_s, u"sagas"_s}, 1);
        QVERIFY(due.wait(3000));
        QCOMPARE(due.takeFirst().at(0).toString(), u"sagas"_s);
        QVERIFY(due.wait(3000));
        QCOMPARE(due.takeFirst().at(0).toString(), u"overview"_s);
    }
};

QTEST_MAIN(TestWarRoomParts)
#include "tst_war_room_parts.moc"
