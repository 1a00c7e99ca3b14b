#include "WindowSnapshot.h"

#include "EscalationPanel.h"
#include "FeedAlarmBanner.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PageRotator.h"
#include "StatusTile.h"
#include "Theme.h"
#include "WarRoomBar.h"

#include <QJsonArray>
#include <QMenuBar>

using namespace Qt::StringLiterals;

namespace sagadeck {

QJsonObject overviewJson(const OverviewPage &page)
{
    QJsonArray tiles;
    for (const QString &id : page.tileIds()) {
        const StatusTile *tile = page.tile(id);
        tiles.append(QJsonObject{{u"id"_s, id},
                                 {u"caption"_s, tile->caption()},
                                 {u"verdict"_s, page.verdict(id)},
                                 {u"value"_s, tile->value()},
                                 {u"detail"_s, tile->detail()}});
    }
    QJsonArray contacts, dashboards;
    for (const EscalationContact &c : page.escalation()->contacts())
        contacts.append(QJsonObject{{u"role"_s, c.role}, {u"reach"_s, c.reach}, {u"level"_s, c.level}});
    for (const DashboardLink &d : page.escalation()->dashboards())
        dashboards.append(QJsonObject{{u"title"_s, d.title}, {u"url"_s, d.url}});
    return QJsonObject{{u"tiles"_s, tiles},
                       {u"escalation"_s, QJsonObject{{u"contacts"_s, contacts}, {u"dashboards"_s, dashboards}}}};
}

QJsonObject displayJson(const MainWindow &window, bool warRoom)
{
    QJsonObject o{{u"theme"_s, themeName(currentTheme().id)},
                  {u"war_room"_s, warRoom},
                  {u"page_shown"_s, window.currentPageId()},
                  {u"width"_s, window.width()},
                  {u"height"_s, window.height()}};
    if (!window.warRoom())
        return o;
    const FeedAlarmBanner *banner = window.alarmBanner();
    o.insert(u"alarm_banner"_s, QJsonObject{{u"visible"_s, banner->alarming()}, {u"text"_s, banner->text()}});
    o.insert(u"clock"_s, window.warRoomBar()->clockText());
    QJsonArray rotation;
    for (const QString &id : window.rotator()->pages())
        rotation.append(id);
    o.insert(u"rotation"_s,
             QJsonObject{{u"running"_s, window.rotator()->running()},
                         {u"interval_s"_s, window.rotator()->intervalS()},
                         {u"pages"_s, rotation},
                         {u"status"_s, window.warRoomBar()->rotationText()}});
    o.insert(u"navigation_visible"_s, window.menuBar()->isVisible());
    return o;
}

} // namespace sagadeck
