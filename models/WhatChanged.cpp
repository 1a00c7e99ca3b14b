#include "WhatChanged.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// Older entries are of no use to the strip; the bound keeps a flapping feed from growing it.
constexpr int kMaxKept = 200;
} // namespace

void WhatChanged::setAlertTransitions(const QVector<AlertTransition> &transitions)
{
    m_alerts = transitions;
}

void WhatChanged::noteFeedHealth(const FeedHealth &health, const QDateTime &at)
{
    const int kind = int(health.feed);
    const auto known = m_feedState.constFind(kind);
    if (known == m_feedState.cend()) {
        if (health.state != FeedState::Connecting && health.state != FeedState::Disabled)
            m_feedState.insert(kind, health.state); // the baseline
        return;
    }
    if (*known == health.state)
        return;
    ChangeEntry e;
    e.kind = ChangeEntry::Kind::Feed;
    e.at = at.toUTC();
    e.text = u"%1 %2 → %3"_s.arg(feedName(health.feed), stateName(*known), stateName(health.state));
    if (health.state != FeedState::Live && !health.reason.isEmpty())
        e.text += u": "_s + health.reason;
    e.key = u"feed:%1:%2:%3"_s.arg(kind).arg(int(health.state)).arg(e.at.toMSecsSinceEpoch());
    m_feedState.insert(kind, health.state);
    m_feeds.append(e);
    prune(e.at);
}

void WhatChanged::applyDeployments(const DeploymentList &deployments, const QDateTime &seenAt)
{
    m_deployments += m_detector.apply(deployments, seenAt);
    prune(seenAt.toUTC());
}

void WhatChanged::setActions(const QVector<ConsoleAction> &actions)
{
    m_actions = actions;
}

void WhatChanged::prune(const QDateTime &now)
{
    const QDateTime from = now.addSecs(-kWindowS);
    auto old = [&from](const auto &x) { return x.at.isValid() && x.at < from; };
    m_feeds.erase(std::remove_if(m_feeds.begin(), m_feeds.end(), old), m_feeds.end());
    m_deployments.erase(std::remove_if(m_deployments.begin(), m_deployments.end(), old), m_deployments.end());
    if (m_feeds.size() > kMaxKept)
        m_feeds.remove(0, m_feeds.size() - kMaxKept);
    if (m_deployments.size() > kMaxKept)
        m_deployments.remove(0, m_deployments.size() - kMaxKept);
}

QVector<ChangeEntry> WhatChanged::entries(const QDateTime &now) const
{
    const QDateTime end = now.toUTC();
    const QDateTime from = end.addSecs(-kWindowS);
    QVector<ChangeEntry> out;
    QSet<QString> seen;
    auto add = [&](ChangeEntry e) {
        // A clock a second apart from the source's is still now, not the future.
        if (!e.at.isValid() || e.at < from || e.at > end.addSecs(5) || seen.contains(e.key))
            return;
        seen.insert(e.key);
        e.age = ageText(std::max<qint64>(0, e.at.secsTo(end)));
        out.append(e);
    };
    for (const AlertTransition &t : m_alerts) {
        const TimelineMarker m = alertMarker(t);
        add({ChangeEntry::Kind::Alert, m.at, m.title, m.key, {}});
    }
    for (const ChangeEntry &e : m_feeds)
        add(e);
    for (const DeploymentChange &c : m_deployments) {
        if (matchingAction(c, m_actions))
            continue; // an operator's action made it: its own entry says so, with who
        const TimelineMarker m = deploymentMarker(c, m_actions);
        add({ChangeEntry::Kind::Deployment, m.at, m.who.isEmpty() ? m.title : m.title + u" by "_s + m.who, m.key, {}});
    }
    for (const ConsoleAction &a : m_actions) {
        QString text = u"%1 %2 by %3"_s.arg(a.verb, a.targetName, consoleActor(a));
        text += a.result.isEmpty() ? u" · in flight"_s : u" · "_s + a.result;
        add({ChangeEntry::Kind::Action, a.at.toUTC(), text, u"action:"_s + a.actionId, {}});
    }
    std::stable_sort(out.begin(), out.end(), [](const ChangeEntry &a, const ChangeEntry &b) { return a.at > b.at; });
    return out;
}

QDateTime WhatChanged::lastActionAt() const
{
    QDateTime last;
    for (const ConsoleAction &a : m_actions)
        if (a.at.isValid() && (!last.isValid() || a.at > last))
            last = a.at.toUTC();
    return last;
}

QString WhatChanged::ageText(qint64 seconds)
{
    if (seconds < 10)
        return u"just now"_s;
    if (seconds < 60)
        return u"%1 s ago"_s.arg(seconds);
    if (seconds < 3600)
        return u"%1 min ago"_s.arg(seconds / 60);
    const qint64 minutes = (seconds % 3600) / 60;
    return minutes == 0 ? u"%1 h ago"_s.arg(seconds / 3600) : u"%1 h %2 min ago"_s.arg(seconds / 3600).arg(minutes);
}

QString WhatChanged::kindName(ChangeEntry::Kind kind)
{
    switch (kind) {
    case ChangeEntry::Kind::Alert: return u"alert"_s;
    case ChangeEntry::Kind::Feed: return u"feed"_s;
    case ChangeEntry::Kind::Deployment: return u"deployment"_s;
    case ChangeEntry::Kind::Action: return u"action"_s;
    }
    return {};
}

QString WhatChanged::kindGlyph(ChangeEntry::Kind kind)
{
    switch (kind) {
    case ChangeEntry::Kind::Alert: return markerKindGlyph(TimelineMarker::Kind::Alert);
    case ChangeEntry::Kind::Feed: return u"■F"_s;
    case ChangeEntry::Kind::Deployment: return markerKindGlyph(TimelineMarker::Kind::Deployment);
    case ChangeEntry::Kind::Action: return markerKindGlyph(TimelineMarker::Kind::Action);
    }
    return {};
}

} // namespace sagadeck
