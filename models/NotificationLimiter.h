#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QVector>

namespace sagadeck {

// Decides whether an alert transition may raise a desktop notification: at most one per rule
// per `perRuleS`, and at most `globalMax` in any `globalWindowS` across all rules, so that a
// flapping rule or an incident touching every rule cannot bury the desktop. Pure: the caller
// passes the clock, so tests can drive it.
class NotificationLimiter
{
public:
    explicit NotificationLimiter(int perRuleS = 300, int globalMax = 4, int globalWindowS = 600);

    // True (and recorded) when a notification for `rule` may be shown at `now`.
    bool allow(const QString &rule, const QDateTime &now);
    int suppressed() const { return m_suppressed; }

private:
    int m_perRuleS;
    int m_globalMax;
    int m_globalWindowS;
    QHash<QString, QDateTime> m_lastByRule;
    QVector<QDateTime> m_recent;
    int m_suppressed = 0;
};

} // namespace sagadeck
