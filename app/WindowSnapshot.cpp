#include "WindowSnapshot.h"

#include "EscalationPanel.h"
#include "FeedAlarmBanner.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PageRotator.h"
#include "StatusTile.h"
#include "Theme.h"
#include "TrendPlot.h"
#include "WallTiles.h"
#include "WarRoomWall.h"
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

namespace {
QJsonArray trendJson(const TrendPlot &trend)
{
    QJsonArray points;
    for (const QPointF &p : trend.points())
        points.append(QJsonArray{QDateTime::fromMSecsSinceEpoch(qint64(p.x()), Qt::UTC).toString(Qt::ISODate), p.y()});
    return points;
}

QJsonValue markJson(const TrendPlot &trend)
{
    const double at = trend.markAt();
    if (!std::isfinite(at) || at < trend.windowFromMs() || at > trend.windowToMs())
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(qint64(at), Qt::UTC).toString(Qt::ISODate);
}
} // namespace

QJsonObject wallJson(const WarRoomWall &wall)
{
    QJsonArray tiles;
    for (const WallTile *t : wall.tiles())
        tiles.append(QJsonObject{{u"id"_s, t->id()},
                                 {u"caption"_s, t->caption()},
                                 {u"verdict"_s, t->verdict()},
                                 {u"number"_s, t->number()},
                                 {u"unit"_s, t->unit()},
                                 {u"detail_shown"_s, t->detailShown()},
                                 {u"trend"_s, trendJson(*t->trend())},
                                 {u"last_action_at"_s, markJson(*t->trend())}});
    QJsonArray charts;
    for (const WallChart *c : wall.charts()) {
        QJsonArray thresholds;
        for (const ChartThreshold &t : c->thresholds())
            thresholds.append(QJsonObject{{u"value"_s, t.value}, {u"label"_s, t.label}});
        const QVector<QPointF> &points = c->trend()->points();
        charts.append(QJsonObject{{u"id"_s, c->id()},
                                  {u"title"_s, c->title()},
                                  {u"latest"_s, c->reading()},
                                  {u"latest_value"_s, points.isEmpty() ? QJsonValue() : QJsonValue(points.last().y())},
                                  {u"note"_s, c->note()},
                                  {u"thresholds"_s, thresholds},
                                  {u"points"_s, trendJson(*c->trend())},
                                  {u"last_action_at"_s, markJson(*c->trend())}});
    }
    QJsonArray changes;
    for (const ChangeEntry &e : wall.changesShown())
        changes.append(QJsonObject{{u"at"_s, e.at.toString(Qt::ISODate)},
                                   {u"age"_s, e.age},
                                   {u"kind"_s, WhatChanged::kindName(e.kind)},
                                   {u"text"_s, e.text}});
    QJsonArray contacts;
    for (const QString &line : wall.contactsShown())
        contacts.append(line);
    return QJsonObject{{u"screen_height"_s, wall.screenHeight()},
                       {u"tiles"_s, tiles},
                       {u"charts"_s, charts},
                       {u"what_changed"_s, changes},
                       {u"what_changed_in_window"_s, wall.changesInWindow()},
                       {u"escalation"_s,
                        QJsonObject{{u"shown"_s, wall.escalationShown()},
                                    {u"title"_s, wall.escalationTitle()},
                                    {u"contacts"_s, contacts}}}};
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
