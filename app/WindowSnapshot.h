#pragma once

#include <QJsonObject>

namespace sagadeck {

class MainWindow;
class OverviewPage;

// What a snapshot reads from the window rather than the models: the overview's tiles as shown
// (verdict, value, detail), and the display mode (theme, war-room clock, rotation, alarm banner).
QJsonObject overviewJson(const OverviewPage &page);
QJsonObject displayJson(const MainWindow &window, bool warRoom);

} // namespace sagadeck
