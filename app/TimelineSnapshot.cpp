#include "TimelineSnapshot.h"

#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "Profile.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
} // namespace

QJsonObject timelineJson(const IncidentTimeline &timeline)
{
    QJsonArray series;
    for (const TimelineSeries &s : timeline.series()) {
        QJsonObject o{{u"id"_s, s.id},
                      {u"title"_s, s.title},
                      {u"unit"_s, s.unit},
                      {u"query"_s, s.query},
                      {u"unavailable"_s, s.unavailable},
                      {u"points"_s, s.points.size()},
                      {u"raw_points"_s, s.rawPoints},
                      {u"step_s"_s, s.window.step},
                      {u"last_success"_s, isoUtc(s.lastSuccess)},
                      {u"error"_s, s.error}};
        if (!s.points.isEmpty() && std::isfinite(s.points.last().v)) {
            o.insert(u"last_value"_s, s.points.last().v * s.scale);
            o.insert(u"last_at"_s, isoUtc(QDateTime::fromMSecsSinceEpoch(qint64(s.points.last().t * 1000), Qt::UTC)));
        } else {
            o.insert(u"last_value"_s, QJsonValue());
        }
        series.append(o);
    }
    QJsonArray markers;
    for (const TimelineMarker &m : timeline.markers())
        markers.append(QJsonObject{{u"kind"_s, markerKindName(m.kind)},
                                   {u"at"_s, isoUtc(m.at)},
                                   {u"title"_s, m.title},
                                   {u"who"_s, m.who},
                                   {u"what"_s, m.what},
                                   {u"detail"_s, m.detail},
                                   {u"target"_s, m.target}});
    return {{u"window"_s,
             QJsonObject{{u"start"_s, isoUtc(timeline.windowStart())},
                         {u"end"_s, isoUtc(timeline.windowEnd())},
                         {u"span_s"_s, timeline.spanS()}}},
            {u"series"_s, series},
            {u"markers"_s, markers},
            {u"deployments_seen_at"_s, isoUtc(timeline.deploymentsSeenAt())},
            {u"audit_read_at"_s, isoUtc(timeline.actionsReadAt())},
            {u"audit_error"_s, timeline.actionsError()}};
}

bool timelineReady(const IncidentTimeline &timeline, const FeedHealthModel &health, const Profile *profile)
{
    for (const TimelineSeries &s : timeline.series())
        if (!s.query.isEmpty() && !s.answered)
            return false;
    if (!timeline.actionsReadAt().isValid())
        return false;
    if (profile && profile->kubernetes.enabled()) {
        const FeedState kube = health.health(FeedKind::Kubernetes).state;
        if (kube == FeedState::Connecting || (kube == FeedState::Live && !timeline.deploymentsSeenAt().isValid()))
            return false;
    }
    return true;
}

} // namespace sagadeck
