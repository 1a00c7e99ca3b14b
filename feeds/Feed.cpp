#include "Feed.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

Feed::Feed(FeedKind kind, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<FeedHealth>(); // healthChanged() crosses threads
    m_health.feed = kind;
    m_health.state = FeedState::Connecting;
}

Feed::~Feed() = default;

void Feed::start()
{
    if (m_running)
        return;
    m_running = true;
    onStart();
}

void Feed::stop()
{
    m_running = false;
    onStop();
}

void Feed::setHealth(FeedState state, const QString &reason, bool success)
{
    if (m_health.report(state, reason, success, QDateTime::currentDateTimeUtc()))
        emit healthChanged(m_health);
}

void Feed::setTransport(const Transport &transport)
{
    if (m_health.transport == transport)
        return;
    m_health.transport = transport;
    emit healthChanged(m_health);
}

void Feed::reportLive()
{
    m_backoff.reset();
    setHealth(FeedState::Live, QString(), true);
}

int Feed::reportDownAndBackOff(const QString &reason)
{
    const qint64 delay = m_backoff.next().count();
    setHealth(FeedState::Down,
              reason + u" — retrying in "_s + (delay < 1000 ? u"%1 ms"_s.arg(delay) : describeAge(delay)), false);
    return int(delay);
}

} // namespace sagadeck
