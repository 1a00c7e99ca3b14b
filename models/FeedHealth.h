#pragma once

#include "TransportSecurity.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <array>

namespace sagadeck {

// The outside systems the console watches; one feed (and one health indicator) each.
enum class FeedKind
{
    Postgres,
    Kafka,
    Prometheus,
    Kubernetes,
    Orchestrator
};

inline constexpr std::array<FeedKind, 5> allFeedKinds{FeedKind::Postgres, FeedKind::Kafka, FeedKind::Prometheus,
                                                      FeedKind::Kubernetes, FeedKind::Orchestrator};

// docs/architecture.md: every feed reports one of these. Ordered from "nothing expected" to "broken"
// only for display; use the helpers below rather than comparing values.
enum class FeedState
{
    Disabled,
    Connecting,
    Live,
    Stale,
    Down
};

QString feedName(FeedKind kind);
QString stateName(FeedState state);

// A value snapshot of one feed's health. Crosses threads by value.
struct FeedHealth
{
    FeedKind feed = FeedKind::Postgres;
    FeedState state = FeedState::Disabled;
    QString reason;        // why it is not Live; text from outside, shown as plain text
    QDateTime lastSuccess; // invalid: never succeeded
    Transport transport;   // how safely its bytes travel

    // Age of the newest good data in ms at `now`, or -1 when there never was any.
    qint64 dataAgeMs(const QDateTime &now) const;
    // A feed's report: the new state and reason, and lastSuccess = `now` when it succeeded.
    // True when anything changed (every success moves lastSuccess, so progress is seen).
    bool report(FeedState newState, const QString &newReason, bool success, const QDateTime &now)
    {
        const FeedHealth before = *this;
        state = newState;
        reason = newReason;
        if (success)
            lastSuccess = now;
        return *this != before;
    }

    friend bool operator==(const FeedHealth &a, const FeedHealth &b)
    {
        return a.feed == b.feed && a.state == b.state && a.reason == b.reason && a.lastSuccess == b.lastSuccess
            && a.transport == b.transport;
    }
    friend bool operator!=(const FeedHealth &a, const FeedHealth &b) { return !(a == b); }
};

// A Live feed with no success for twice its refresh interval is Stale (docs/architecture.md), and
// after silenceLimitMs() it is Down: a hung server, or a network that drops packets, may hold
// a request forever without any error, so the silence itself is the reason. Any other state
// is returned unchanged: Stale never hides Down or Disabled.
FeedHealth withStaleness(FeedHealth health, const QDateTime &now, qint64 refreshIntervalMs);
// Five refresh intervals, at least 15 s (more than a slow answer, less than a coffee).
qint64 silenceLimitMs(qint64 refreshIntervalMs);

// "never", "4 s", "2 min 5 s", "3 h 10 min", "2 d 4 h": short enough for a status bar.
QString describeAge(qint64 ageMs);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::FeedHealth)
