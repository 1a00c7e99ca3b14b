#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

class QChart;
class QWidget;

namespace sagadeck {

enum class ThemeId
{
    Light,
    Dark,
    HighContrast
};

// Every colour the console paints with, per theme. Status colours are drawn as glyphs and text
// on `base` and `window`, so they must read on both; banners carry their own pair.
struct ThemeColors
{
    ThemeId id = ThemeId::Light;
    QColor window, windowText, base, alternateBase, text, button, buttonText;
    QColor highlight, highlightedText, toolTipBase, toolTipText, placeholderText, mid, link;
    QColor good, warn, bad, info, neutral;
    QColor problemBg, problemFg; // a feed or action problem
    QColor noticeBg, noticeFg;   // something to know, not broken
};

// A foreground/background pair that must stay readable, named for the test's message.
struct ContrastPair
{
    QString name;
    QColor foreground;
    QColor background;
    double minimum = 4.5; // WCAG AA for normal text; the high-contrast theme asks for 7 (AAA)
};

QString themeName(ThemeId id);  // light | dark | high-contrast
QString themeTitle(ThemeId id); // for menus
std::optional<ThemeId> themeFromName(const QString &name);
QVector<ThemeId> allThemes();
const ThemeColors &themeColors(ThemeId id);

// WCAG 2 contrast ratio of two opaque colours: 1 (same) .. 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);
// `color` made lighter or darker (keeping its hue) until it reaches `minimum` on `background`.
QColor withContrast(const QColor &color, const QColor &background, double minimum = 4.5);
// The pairs the console draws with in this theme (text on every surface, status on base and
// window, banners, selection, tooltips).
QVector<ContrastPair> contrastPairs(const ThemeColors &colors);

QPalette themePalette(const ThemeColors &colors);
// The rules for widgets tagged with the "sdRole" property (setRole puts them on the widget).
QString themeStyleSheet(const ThemeColors &colors);

// The theme in use; Light until applyTheme is called.
const ThemeColors &currentTheme();
// Sets the application's palette. Widgets built afterwards pick the theme up fully
// (fonts, charts); the window is rebuilt on a change.
void applyTheme(ThemeId id);
// A fixed status colour adjusted to read on the current theme's base.
QColor themed(const QColor &color);
// Tags a widget for the theme's style sheet: "problem", "notice", "problemText", "noticeText",
// "alarm" (the war-room banner), "badge".
void setRole(QWidget *widget, const char *role);
// QtCharts keeps its own colours: match the chart to the current theme.
void applyChartTheme(QChart *chart);
// Titles and headline values: bold, `scale` times the widget's own type (which the war-room
// display has already made larger).
void setHeadingFont(QWidget *widget, double scale);

} // namespace sagadeck
