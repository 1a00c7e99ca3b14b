#pragma once

#include <QJsonObject>

namespace sagadeck {

class FeedHealthModel;
class IncidentTimeline;
struct Profile;

// `sagadeck snapshot --page timeline`: the window, each lane's point count and last value, and
// the markers with kind/at/who/what.
QJsonObject timelineJson(const IncidentTimeline &timeline);
// Ready once every lane with a query has answered, the audit log was read, and — when the
// profile configures Kubernetes and it is Live — the deployments were seen once.
bool timelineReady(const IncidentTimeline &timeline, const FeedHealthModel &health, const Profile *profile);

} // namespace sagadeck
