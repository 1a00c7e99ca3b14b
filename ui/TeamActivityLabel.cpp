#include "TeamActivityLabel.h"

#include "TeamTrail.h"
#include "Theme.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

TeamActivityLabel::TeamActivityLabel(TeamTrail *trail, QWidget *parent)
    : QLabel(parent)
    , m_trail(trail)
    , m_tick(new QTimer(this))
{
    setObjectName(u"teamActivity"_s);
    setTextFormat(Qt::PlainText); // user names and targets come from other consoles
    connect(m_trail, &TeamTrail::changed, this, &TeamActivityLabel::render);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &TeamActivityLabel::render);
    m_tick->start();
    render();
}

void TeamActivityLabel::setCompact(bool compact)
{
    m_compact = compact;
    render();
}

void TeamActivityLabel::render()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList running;
    for (const ConsoleAction &a : m_trail->inFlight(now))
        running << TeamTrail::inFlightText(a, now);
    m_inFlight = running.isEmpty() ? QString() : u"In flight: "_s + running.join(u" · "_s);
    m_health = m_trail->healthText();
    const bool healthy = m_trail->readerLive() && m_trail->publisherWaiting() <= 0;
    if (m_compact) {
        QString text = m_trail->readerLive() ? u"Team trail: live"_s : u"Team trail: NOT READ"_s;
        if (!running.isEmpty())
            text += u" · %1 in flight"_s.arg(running.size());
        setText(text);
        setToolTip(m_inFlight.isEmpty() ? m_health : m_inFlight + u"\n"_s + m_health);
    } else {
        setText(m_inFlight.isEmpty() ? m_health : m_inFlight + u"   ("_s + m_health + u")"_s);
    }
    // A trail that cannot be read is said in the alarm colour; running actions in the accent.
    setStyleSheet(healthy ? (m_inFlight.isEmpty() ? QString() : u"font-weight: bold;"_s)
                          : u"color: %1; font-weight: bold;"_s.arg(currentTheme().problemFg.name()));
}

} // namespace sagadeck
