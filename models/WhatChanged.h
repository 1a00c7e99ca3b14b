#pragma once

#include "AlertRule.h"
#include "DeploymentChangeDetector.h"
#include "DeploymentInfo.h"
#include "FeedHealth.h"
#include "TimelineMarkers.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QVector>

namespace sagadeck {

// One transition on the war-room wall's "What changed" strip.
struct ChangeEntry
{
    enum class Kind
    {
        Alert,
        Feed,
        Deployment,
        Action
    };

    Kind kind = Kind::Alert;
    QDateTime at; // UTC
    QString text; // "HighErrorRate{service=payment-service}: Normal → Firing"
    QString key;  // the same event is listed once
    QString age;  // "2 min ago", relative to the `now` entries() was asked for
};

// The wall's last 15 minutes of transitions — alert state changes, feed health changes,
// deployment changes and operator actions — newest first. Pure: the wall hands it what the
// models hold and asks for the list with a clock, so a test can do the same.
class WhatChanged
{
public:
    static constexpr int kWindowS = 15 * 60;

    // The dashboard's transitions as they are (newest first or not; duplicates by key dropped).
    void setAlertTransitions(const QVector<AlertTransition> &transitions);
    // A feed's health as reported; the first settled state of a feed (not Connecting) is the
    // baseline, not a change: the console connecting is not news for the room.
    void noteFeedHealth(const FeedHealth &health, const QDateTime &at);
    // A Deployment list from the Kubernetes feed (restarts made before the first list count at
    // the time their annotation says).
    void applyDeployments(const DeploymentList &deployments, const QDateTime &seenAt);
    // Operator actions (intent joined with outcome). The source may change (this console's audit
    // log today, everyone's later); the strip does not care.
    void setActions(const QVector<ConsoleAction> &actions);

    QVector<ChangeEntry> entries(const QDateTime &now) const;
    // The newest action's intent time (invalid: none): the trends mark it.
    QDateTime lastActionAt() const;

    // "just now", "40 s ago", "2 min ago", "1 h 5 min ago".
    static QString ageText(qint64 seconds);
    static QString kindName(ChangeEntry::Kind kind);  // alert | feed | deployment | action
    static QString kindGlyph(ChangeEntry::Kind kind); // the timeline's shapes, feeds as ■

private:
    void prune(const QDateTime &now);

    QVector<AlertTransition> m_alerts;
    QVector<ChangeEntry> m_feeds;
    QHash<int, FeedState> m_feedState;
    DeploymentChangeDetector m_detector;
    QVector<DeploymentChange> m_deployments;
    QVector<ConsoleAction> m_actions;
};

} // namespace sagadeck
