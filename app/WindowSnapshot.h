#pragma once

#include <QJsonObject>

namespace sagadeck {

class MainWindow;
class OverviewPage;
class WarRoomWall;

// What a snapshot reads from the window rather than the models: the overview's tiles as shown
// (verdict, value, detail), and the display mode (theme, war-room clock, rotation, alarm banner).
QJsonObject overviewJson(const OverviewPage &page);
// The war-room wall as shown: its tiles (number, unit, trend points, the last action's mark),
// the big charts (latest value, thresholds, points), "What changed" with ages and the
// escalation contacts: what a channel bot posts.
QJsonObject wallJson(const WarRoomWall &wall);
QJsonObject displayJson(const MainWindow &window, bool warRoom);

} // namespace sagadeck
