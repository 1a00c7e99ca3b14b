#include "FeedHealth.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString feedName(FeedKind kind)
{
    switch (kind) {
    case FeedKind::Postgres: return u"Postgres"_s;
    case FeedKind::Kafka: return u"Kafka"_s;
    case FeedKind::Prometheus: return u"Prometheus"_s;
    case FeedKind::Kubernetes: return u"Kubernetes"_s;
    case FeedKind::Orchestrator: return u"Orchestrator"_s;
    }
    return u"Unknown feed"_s;
}

QString stateName(FeedState state)
{
    switch (state) {
    case FeedState::Disabled: return u"Disabled"_s;
    case FeedState::Connecting: return u"Connecting"_s;
    case FeedState::Live: return u"Live"_s;
    case FeedState::Stale: return u"Stale"_s;
    case FeedState::Down: return u"Down"_s;
    }
    return u"Unknown"_s;
}

qint64 FeedHealth::dataAgeMs(const QDateTime &now) const
{
    if (!lastSuccess.isValid())
        return -1;
    return std::max<qint64>(0, lastSuccess.msecsTo(now));
}

FeedHealth withStaleness(FeedHealth health, const QDateTime &now, qint64 refreshIntervalMs)
{
    if (health.state != FeedState::Live)
        return health;
    const qint64 age = health.dataAgeMs(now);
    if (age > silenceLimitMs(refreshIntervalMs)) {
        health.state = FeedState::Down;
        health.reason = u"no answer for %1 — the server or the network may be hung "
                        u"(the feed is still waiting for it)"_s.arg(describeAge(age));
    } else if (age < 0 || age > 2 * refreshIntervalMs) {
        health.state = FeedState::Stale;
        health.reason = age < 0 ? u"no data received yet"_s : u"no fresh data for "_s + describeAge(age);
    }
    return health;
}

qint64 silenceLimitMs(qint64 refreshIntervalMs)
{
    return std::max<qint64>(5 * refreshIntervalMs, 15000);
}

QString describeAge(qint64 ageMs)
{
    if (ageMs < 0)
        return u"never"_s;
    const qint64 s = ageMs / 1000;
    if (s < 60)
        return u"%1 s"_s.arg(s);
    const qint64 m = s / 60;
    if (m < 60)
        return s % 60 ? u"%1 min %2 s"_s.arg(m).arg(s % 60) : u"%1 min"_s.arg(m);
    const qint64 h = m / 60;
    if (h < 24)
        return m % 60 ? u"%1 h %2 min"_s.arg(h).arg(m % 60) : u"%1 h"_s.arg(h);
    const qint64 d = h / 24;
    return h % 24 ? u"%1 d %2 h"_s.arg(d).arg(h % 24) : u"%1 d"_s.arg(d);
}

} // namespace sagadeck
