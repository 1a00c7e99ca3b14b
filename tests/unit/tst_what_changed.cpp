// The war-room wall's "What changed" (models/WhatChanged) and its tiles' own trends
// (models/TileTrends): pure logic on a fixed clock.
#include "TileTrends.h"
#include "WhatChanged.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 28), QTime(10, 30, 0), Qt::UTC);

AlertTransition transition(const QString &rule, AlertState from, AlertState to, int secondsAgo)
{
    AlertTransition t;
    t.rule = rule;
    t.from = from;
    t.to = to;
    t.at = kNow.addSecs(-secondsAgo);
    t.labels = {{u"service"_s, u"payment-service"_s}};
    return t;
}

FeedHealth health(FeedKind kind, FeedState state, const QString &reason = {})
{
    FeedHealth h;
    h.feed = kind;
    h.state = state;
    h.reason = reason;
    return h;
}

DeploymentInfo deployment(const QString &name, int replicas, const QDateTime &restartedAt = {})
{
    DeploymentInfo d;
    d.name = name;
    d.ns = u"microservices"_s;
    d.desiredReplicas = replicas;
    d.restartedAt = restartedAt;
    return d;
}

ConsoleAction action(const QString &id, const QString &verb, const QString &target, int secondsAgo,
                     const QString &result)
{
    ConsoleAction a;
    a.actionId = id;
    a.at = kNow.addSecs(-secondsAgo);
    a.osUser = u"alice"_s;
    a.verb = verb;
    a.targetKind = u"deployment"_s;
    a.targetName = target;
    a.result = result;
    if (!result.isEmpty())
        a.finishedAt = a.at.addSecs(20);
    return a;
}

QStringList texts(const QVector<ChangeEntry> &entries)
{
    QStringList out;
    for (const ChangeEntry &e : entries)
        out << e.age + u" | "_s + e.text;
    return out;
}

} // namespace

class TestWhatChanged : public QObject
{
    Q_OBJECT
private slots:
    void agesReadAsARoomSaysThem()
    {
        QCOMPARE(WhatChanged::ageText(0), u"just now"_s);
        QCOMPARE(WhatChanged::ageText(40), u"40 s ago"_s);
        QCOMPARE(WhatChanged::ageText(150), u"2 min ago"_s);
        QCOMPARE(WhatChanged::ageText(3600), u"1 h ago"_s);
        QCOMPARE(WhatChanged::ageText(3900), u"1 h 5 min ago"_s);
    }

    void everySourceNewestFirstWithinFifteenMinutes()
    {
        WhatChanged w;
        w.setAlertTransitions({transition(u"HighErrorRate"_s, AlertState::Normal, AlertState::Firing, 120),
                               transition(u"HighErrorRate"_s, AlertState::Normal, AlertState::Pending, 16 * 60)});
        w.noteFeedHealth(health(FeedKind::Kafka, FeedState::Live), kNow.addSecs(-600));
        w.noteFeedHealth(health(FeedKind::Kafka, FeedState::Down, u"connection refused"_s), kNow.addSecs(-300));
        // The first list: a restart made before it, at the annotation's time; then a scale.
        w.applyDeployments({deployment(u"payment-service"_s, 2, kNow.addSecs(-240))}, kNow.addSecs(-230));
        w.applyDeployments({deployment(u"payment-service"_s, 3, kNow.addSecs(-240))}, kNow.addSecs(-30));
        w.setActions({action(u"a1"_s, u"restart"_s, u"payment-service"_s, 245, u"done"_s),
                      action(u"a2"_s, u"retry"_s, u"3 sagas"_s, 5, QString())});

        const QVector<ChangeEntry> entries = w.entries(kNow);
        const QStringList shown = texts(entries);
        // The Pending of 16 min ago is out of the window; the restart Kubernetes shows is the
        // action's own (one entry, saying who), the scale nobody's action.
        QCOMPARE(entries.size(), 5);
        QCOMPARE(shown.at(0), u"just now | retry 3 sagas by alice · in flight"_s);
        QVERIFY2(shown.at(1).startsWith(u"30 s ago | scale payment-service 2→3"_s), qPrintable(shown.join(u'\n')));
        QCOMPARE(shown.at(2), u"2 min ago | HighErrorRate{service=payment-service} → Firing"_s);
        QCOMPARE(shown.at(3), u"4 min ago | restart payment-service by alice · done"_s);
        QCOMPARE(shown.at(4), u"5 min ago | Kafka Live → Down: connection refused"_s);
        QCOMPARE(entries.at(4).kind, ChangeEntry::Kind::Feed);
        for (qsizetype i = 1; i < entries.size(); ++i)
            QVERIFY(entries.at(i - 1).at >= entries.at(i).at);
        QCOMPARE(w.lastActionAt(), kNow.addSecs(-5));

        // Later, only what is still within 15 minutes.
        const QStringList later = texts(w.entries(kNow.addSecs(700)));
        QCOMPARE(later.size(), 3);
        QVERIFY2(later.first().startsWith(u"11 min ago | retry"_s), qPrintable(later.join(u'\n')));
    }

    void theConsoleConnectingIsNotAChange()
    {
        WhatChanged w;
        w.noteFeedHealth(health(FeedKind::Postgres, FeedState::Connecting), kNow.addSecs(-20));
        w.noteFeedHealth(health(FeedKind::Postgres, FeedState::Live), kNow.addSecs(-19));
        w.noteFeedHealth(health(FeedKind::Postgres, FeedState::Live), kNow.addSecs(-10));
        QVERIFY(w.entries(kNow).isEmpty());
        QVERIFY(!w.lastActionAt().isValid());
        w.noteFeedHealth(health(FeedKind::Postgres, FeedState::Stale, u"no answer for 30 s"_s), kNow.addSecs(-5));
        QCOMPARE(texts(w.entries(kNow)), QStringList{u"just now | Postgres Live → Stale: no answer for 30 s"_s});
    }

    void theSameEventIsListedOnce()
    {
        WhatChanged w;
        const AlertTransition t = transition(u"HighLatency"_s, AlertState::Pending, AlertState::Firing, 60);
        w.setAlertTransitions({t, t});
        QCOMPARE(w.entries(kNow).size(), 1);
    }

    void tileTrendsKeepThirtyMinutesOneSampleAStep()
    {
        TileTrends trends(30 * 60, 10);
        for (int s = 0; s <= 40 * 60; ++s)
            trends.add(u"alerts"_s, kNow.addSecs(-40 * 60 + s), s / 60);
        const QVector<QPointF> points = trends.points(u"alerts"_s, kNow);
        QVERIFY(!points.isEmpty());
        // The window's left edge carries the value just before it; the newest sample is the last.
        QCOMPARE(points.first().x(), double(kNow.addSecs(-30 * 60).toMSecsSinceEpoch()));
        QCOMPARE(points.last(), QPointF(double(kNow.toMSecsSinceEpoch()), 40));
        QVERIFY2(points.size() <= 30 * 6 + 3, qPrintable(QString::number(points.size())));
        for (qsizetype i = 2; i < points.size() - 1; ++i)
            QVERIFY(points.at(i).x() - points.at(i - 1).x() >= 10000);
        QVERIFY(trends.points(u"feeds"_s, kNow).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWhatChanged)
#include "tst_what_changed.moc"
