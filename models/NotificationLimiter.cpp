#include "NotificationLimiter.h"

namespace sagadeck {

NotificationLimiter::NotificationLimiter(int perRuleS, int globalMax, int globalWindowS)
    : m_perRuleS(perRuleS)
    , m_globalMax(globalMax)
    , m_globalWindowS(globalWindowS)
{}

bool NotificationLimiter::allow(const QString &rule, const QDateTime &now)
{
    const QDateTime windowStart = now.addSecs(-m_globalWindowS);
    m_recent.erase(
        std::remove_if(m_recent.begin(), m_recent.end(), [&](const QDateTime &t) { return t <= windowStart; }),
        m_recent.end());
    const auto last = m_lastByRule.constFind(rule);
    const bool ruleQuiet = last == m_lastByRule.cend() || last->secsTo(now) >= m_perRuleS;
    if (!ruleQuiet || m_recent.size() >= m_globalMax) {
        ++m_suppressed;
        return false;
    }
    m_lastByRule.insert(rule, now);
    m_recent.append(now);
    return true;
}

} // namespace sagadeck
