#include "FeedAlarmBanner.h"

#include "FeedHealthModel.h"
#include "StatusGlyph.h"
#include "Theme.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString notLiveText(const QVector<FeedHealth> &feeds, const QDateTime &now)
{
    QStringList lines;
    for (const FeedHealth &h : feeds) {
        if (h.state == FeedState::Live)
            continue;
        QString line = u"%1 %2 %3"_s.arg(glyphText(stateGlyph(h.state)), feedName(h.feed),
                                         stateName(h.state).toUpper());
        if (!h.reason.isEmpty())
            line += u" — "_s + (h.reason.size() > 140 ? h.reason.left(139) + u"…"_s : h.reason);
        line += h.lastSuccess.isValid() ? u" — last good data "_s + describeAge(h.dataAgeMs(now)) + u" ago"_s
                                        : u" — no data yet"_s;
        lines << line;
    }
    if (lines.isEmpty())
        return QString();
    return u"NOT LIVE — what this screen shows may be old or missing:\n"_s + lines.join(u'\n');
}

FeedAlarmBanner::FeedAlarmBanner(FeedHealthModel *health, QWidget *parent)
    : QLabel(parent)
    , m_health(health)
{
    setObjectName(u"feedAlarmBanner"_s);
    setTextFormat(Qt::PlainText); // reasons come from servers
    setWordWrap(true);
    setRole(this, "alarm");
    connect(m_health, &FeedHealthModel::healthChanged, this, &FeedAlarmBanner::refresh);
    auto *tick = new QTimer(this); // ages move on even when no feed reports
    connect(tick, &QTimer::timeout, this, &FeedAlarmBanner::refresh);
    tick->start(1000);
    refresh();
}

void FeedAlarmBanner::refresh()
{
    QVector<FeedHealth> feeds;
    for (FeedKind kind : allFeedKinds)
        feeds << m_health->health(kind);
    const QString text = notLiveText(feeds, QDateTime::currentDateTimeUtc());
    if (text != this->text())
        setText(text);
    setVisible(!text.isEmpty());
}

} // namespace sagadeck
