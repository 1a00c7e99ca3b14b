#pragma once

#include "AlertRule.h"
#include "DeploymentChangeDetector.h"
#include "TimelineMarker.h"

#include <QDateTime>
#include <QString>
#include <QVector>

// Turning each source into timeline markers: pure functions, unit-tested.
namespace sagadeck {

// One operator action of a sagadeck console (this one, or another from the team trail): its
// audit intent joined with its outcome (same ActionId).
// A plain value so that models need not know the audit log's format.
struct ConsoleAction
{
    QString actionId;
    QDateTime at;         // the intent's time
    QDateTime finishedAt; // the outcome's time; invalid while there is none
    QString osUser;
    QString identity;   // Kubernetes user (or the orchestrator's requested_by)
    QString verb;       // restart, scale, retry, compensate
    QString targetKind; // deployment, saga
    QString targetName;
    QString ns;
    QString reason;
    QString result; // done | failed | unknown; empty: no outcome yet
    QString message;
    QString parameters; // compact, e.g. "replicas=3"
};

// "alice as sagadeck-operator" (either part may be missing).
QString consoleActor(const ConsoleAction &a);

TimelineMarker alertMarker(const AlertTransition &t);
TimelineMarker actionMarker(const ConsoleAction &a);
// A restart or scale seen on the API. `actions` are the console actions known (this console's
// and, with the team trail, everyone's): when one aims at the same deployment with the same verb
// within a few seconds (and the field manager is not someone else's), the marker says it was
// that sagadeck action by that user.
TimelineMarker deploymentMarker(const DeploymentChange &c, const QVector<ConsoleAction> &actions);
// The console action (of any operator's sagadeck, with the team trail) that made this change,
// if one did: same deployment and verb, the console's field manager, and a time within the
// action's span; nullptr otherwise.
const ConsoleAction *matchingAction(const DeploymentChange &c, const QVector<ConsoleAction> &actions);
// The console action behind a change, or nullptr.
const ConsoleAction *matchingAction(const DeploymentChange &c, const QVector<ConsoleAction> &actions);

// The markers in [start, end], oldest first (ties keep source order).
TimelineMarkers markersInWindow(const TimelineMarkers &markers, const QDateTime &start, const QDateTime &end);

} // namespace sagadeck
