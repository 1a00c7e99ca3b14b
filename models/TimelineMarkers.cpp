#include "TimelineMarkers.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// A console action and the change it made are this far apart at most: the intent is written
// just before the request, the feed polls every 5 s, and the outcome after verification.
constexpr qint64 kBeforeIntentMs = 5 * 1000;
constexpr qint64 kAfterFinishMs = 20 * 1000;
// The console's requests identify themselves as this field manager (its User-Agent).
const QString kConsoleManager = u"sagadeck"_s;

QString hms(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"HH:mm:ss"_s) + u" UTC"_s : u"no time"_s;
}

QString managerText(const DeploymentChange &c)
{
    if (c.manager.isEmpty())
        return u"unknown (no managedFields entry owns the field)"_s;
    QStringList parts;
    if (!c.operation.isEmpty())
        parts << c.operation;
    if (!c.subresource.isEmpty())
        parts << u"subresource "_s + c.subresource;
    if (c.managerTime.isValid())
        parts << hms(c.managerTime);
    return parts.isEmpty() ? c.manager : c.manager + u" ("_s + parts.join(u", "_s) + u')';
}

QString changeVerb(DeploymentChange::Kind kind)
{
    switch (kind) {
    case DeploymentChange::Kind::Restart: return u"restart"_s;
    case DeploymentChange::Kind::Scale: return u"scale"_s;
    case DeploymentChange::Kind::Created: return u"created"_s;
    case DeploymentChange::Kind::Removed: return u"removed"_s;
    case DeploymentChange::Kind::Image: return u"rollback"_s; // the console's verb that changes images
    }
    return QString();
}

} // namespace

namespace {
// A kind's word and glyph side by side, so that a new kind cannot get one and miss the other.
struct KindLook
{
    QString name;
    QString glyph;
};

KindLook lookOf(TimelineMarker::Kind kind)
{
    switch (kind) {
    case TimelineMarker::Kind::Alert: return {u"alert"_s, u"▲A"_s};
    case TimelineMarker::Kind::Action: return {u"action"_s, u"●C"_s};
    case TimelineMarker::Kind::Deployment: return {u"deployment"_s, u"◆D"_s};
    }
    return {};
}
} // namespace

QString markerKindName(TimelineMarker::Kind kind)
{
    return lookOf(kind).name;
}

QString markerKindGlyph(TimelineMarker::Kind kind)
{
    return lookOf(kind).glyph;
}

QString consoleActor(const ConsoleAction &a)
{
    if (a.osUser.isEmpty())
        return a.identity.isEmpty() ? u"unknown user"_s : a.identity;
    return a.identity.isEmpty() ? a.osUser : a.osUser + u" as "_s + a.identity;
}

TimelineMarker alertMarker(const AlertTransition &t)
{
    TimelineMarker m;
    m.kind = TimelineMarker::Kind::Alert;
    m.at = t.at.toUTC();
    m.target = t.instance(); // "HighErrorRate{service=payment-service}"
    m.title = t.instance() + u" → "_s + alertStateName(t.to);
    m.who = u"sagadeck alert evaluation"_s;
    m.what = u"%1: %2 → %3"_s.arg(t.instance(), alertStateName(t.from), alertStateName(t.to));
    m.detail = !t.detail.isEmpty() ? t.detail
        : std::isnan(t.value)      ? QString()
                                   : u"value %1"_s.arg(QString::number(t.value, 'g', 4));
    m.key = u"alert:%1:%2:%3"_s.arg(t.instance()).arg(m.at.toMSecsSinceEpoch()).arg(alertStateName(t.to));
    return m;
}

TimelineMarker actionMarker(const ConsoleAction &a)
{
    TimelineMarker m;
    m.kind = TimelineMarker::Kind::Action;
    m.at = a.at.toUTC();
    m.target = a.targetName;
    m.title = a.verb + u' ' + a.targetName;
    m.who = consoleActor(a);
    const QString result = a.result.isEmpty() ? u"no outcome yet"_s : a.result;
    m.what = u"%1 %2 %3%4 → %5"_s.arg(a.verb, a.targetKind, a.targetName,
                                      a.parameters.isEmpty() ? QString() : u" ("_s + a.parameters + u')', result);
    QStringList detail;
    if (!a.reason.isEmpty())
        detail << u"reason: "_s + a.reason;
    if (!a.message.isEmpty())
        detail << a.message;
    m.detail = detail.join(u"; "_s);
    m.key = u"action:"_s + a.actionId;
    return m;
}

const ConsoleAction *matchingAction(const DeploymentChange &c, const QVector<ConsoleAction> &actions)
{
    if (c.kind != DeploymentChange::Kind::Restart && c.kind != DeploymentChange::Kind::Scale
        && c.kind != DeploymentChange::Kind::Image)
        return nullptr;
    // Someone else's field manager owns the change: not ours, whatever the timing.
    if (!c.manager.isEmpty() && !c.manager.startsWith(kConsoleManager))
        return nullptr;
    const QString verb = changeVerb(c.kind);
    const ConsoleAction *best = nullptr;
    qint64 bestDistance = 0;
    for (const ConsoleAction &a : actions) {
        if (a.targetKind != u"deployment"_s || a.targetName != c.name || a.verb != verb)
            continue;
        if (!a.ns.isEmpty() && !c.ns.isEmpty() && a.ns != c.ns)
            continue;
        const QDateTime until = a.finishedAt.isValid() ? a.finishedAt : a.at;
        if (c.at < a.at.addMSecs(-kBeforeIntentMs) || c.at > until.addMSecs(kAfterFinishMs))
            continue;
        const qint64 distance = std::llabs(a.at.msecsTo(c.at));
        if (!best || distance < bestDistance) {
            best = &a;
            bestDistance = distance;
        }
    }
    return best;
}

TimelineMarker deploymentMarker(const DeploymentChange &c, const QVector<ConsoleAction> &actions)
{
    TimelineMarker m;
    m.kind = TimelineMarker::Kind::Deployment;
    m.at = c.at.toUTC();
    m.target = c.name;
    switch (c.kind) {
    case DeploymentChange::Kind::Restart:
        m.title = u"restart "_s + c.name;
        m.what = u"restart of deployment %1 (restartedAt %2)"_s.arg(c.name, c.at.toUTC().toString(Qt::ISODate));
        break;
    case DeploymentChange::Kind::Scale:
        m.title = u"scale %1 %2→%3"_s.arg(c.name).arg(c.fromReplicas).arg(c.toReplicas);
        m.what = u"scale of deployment %1 from %2 to %3 replicas"_s.arg(c.name).arg(c.fromReplicas).arg(c.toReplicas);
        break;
    case DeploymentChange::Kind::Created:
        m.title = u"created "_s + c.name;
        m.what = u"deployment %1 appeared (%2 replicas)"_s.arg(c.name).arg(c.toReplicas);
        break;
    case DeploymentChange::Kind::Removed:
        m.title = u"removed "_s + c.name;
        m.what = u"deployment %1 is gone"_s.arg(c.name);
        break;
    case DeploymentChange::Kind::Image: {
        // kubectl rollout undo writes as kubectl-rollout; the console's rollback is matched below.
        const bool undo = c.manager == u"kubectl-rollout"_s;
        const QString to = c.toImages.join(u", "_s);
        const QString tag = to.section(u':', -1);
        m.title = (undo ? u"rollback %1 → %2"_s : u"image %1 → %2"_s).arg(c.name, tag);
        m.what = u"%1 of deployment %2: %3 → %4 (revision %5%6)"_s
                     .arg(undo ? u"rollback"_s : u"image change"_s, c.name, c.fromImages.join(u", "_s), to)
                     .arg(c.revision)
                     .arg(c.changeCause.isEmpty() ? QString() : u", change-cause: "_s + c.changeCause);
        break;
    }
    }
    const QString manager = managerText(c);
    const ConsoleAction *ours = matchingAction(c, actions);
    if (ours && c.kind == DeploymentChange::Kind::Image)
        m.title = u"rollback %1 → %2"_s.arg(c.name, c.toImages.join(u", "_s).section(u':', -1));
    if (const ConsoleAction *a = ours) {
        m.who = u"sagadeck: "_s + consoleActor(*a);
        m.detail = u"field manager "_s + manager + (a->reason.isEmpty() ? QString() : u"; reason: "_s + a->reason);
    } else {
        m.who = manager;
        m.detail = c.kind == DeploymentChange::Kind::Scale
                || (c.kind == DeploymentChange::Kind::Image && c.manager.isEmpty())
            ? u"seen by the console at "_s + hms(c.at)
            : QString();
    }
    m.detail = (m.detail.isEmpty() ? QString() : m.detail + u"; "_s) + u"namespace "_s + c.ns;
    m.key = u"deployment:%1:%2/%3:%4:%5"_s.arg(changeVerb(c.kind), c.ns, c.name)
                .arg(c.at.toMSecsSinceEpoch())
                .arg(c.toReplicas);
    return m;
}

TimelineMarkers markersInWindow(const TimelineMarkers &markers, const QDateTime &start, const QDateTime &end)
{
    TimelineMarkers out;
    for (const TimelineMarker &m : markers)
        if (m.at.isValid() && m.at >= start && m.at <= end)
            out.append(m);
    std::stable_sort(out.begin(), out.end(),
                     [](const TimelineMarker &a, const TimelineMarker &b) { return a.at < b.at; });
    return out;
}

} // namespace sagadeck
