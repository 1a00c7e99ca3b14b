#include "Theme.h"

#include "NamedValues.h"

#include <QApplication>
#include <QChart>
#include <QStyle>
#include <QWidget>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

ThemeColors lightColors()
{
    ThemeColors c;
    c.id = ThemeId::Light;
    c.window = QColor(0xf3, 0xf4, 0xf6);
    c.windowText = QColor(0x1a, 0x1a, 0x1a);
    c.base = Qt::white;
    c.alternateBase = QColor(0xec, 0xef, 0xf3);
    c.text = c.windowText;
    c.button = QColor(0xe6, 0xe8, 0xeb);
    c.buttonText = c.windowText;
    c.highlight = QColor(0x1f, 0x5f, 0xbf);
    c.highlightedText = Qt::white;
    c.toolTipBase = QColor(0xff, 0xfb, 0xe6);
    c.toolTipText = c.windowText;
    c.placeholderText = QColor(0x5a, 0x5f, 0x66);
    c.mid = QColor(0xb0, 0xb4, 0xba);
    c.link = QColor(0x1a, 0x56, 0xb0);
    c.good = QColor(0x1b, 0x7a, 0x38);
    c.warn = QColor(0x8f, 0x55, 0x00);
    c.bad = QColor(0xb8, 0x1b, 0x26);
    c.info = QColor(0x1f, 0x5f, 0xbf);
    c.neutral = QColor(0x5f, 0x5f, 0x5f);
    c.problemBg = QColor(0xfd, 0xe7, 0xe9);
    c.problemFg = QColor(0x8a, 0x10, 0x20);
    c.noticeBg = QColor(0xff, 0xf4, 0xce);
    c.noticeFg = QColor(0x5c, 0x3c, 0x00);
    return c;
}

ThemeColors darkColors()
{
    ThemeColors c;
    c.id = ThemeId::Dark;
    c.window = QColor(0x1e, 0x21, 0x24);
    c.windowText = QColor(0xe6, 0xe8, 0xea);
    c.base = QColor(0x16, 0x18, 0x1b);
    c.alternateBase = QColor(0x24, 0x28, 0x2c);
    c.text = c.windowText;
    c.button = QColor(0x2c, 0x30, 0x35);
    c.buttonText = c.windowText;
    c.highlight = QColor(0x2a, 0x5c, 0xb8);
    c.highlightedText = Qt::white;
    c.toolTipBase = QColor(0x2c, 0x30, 0x35);
    c.toolTipText = QColor(0xf0, 0xf0, 0xf0);
    c.placeholderText = QColor(0xa3, 0xa9, 0xb0);
    c.mid = QColor(0x50, 0x56, 0x5c);
    c.link = QColor(0x8a, 0xb4, 0xf8);
    c.good = QColor(0x5c, 0xc9, 0x7a);
    c.warn = QColor(0xf0, 0xb2, 0x4a);
    c.bad = QColor(0xff, 0x7a, 0x7a);
    c.info = QColor(0x7a, 0xb0, 0xff);
    c.neutral = QColor(0xa8, 0xa8, 0xa8);
    c.problemBg = QColor(0x4a, 0x10, 0x15);
    c.problemFg = QColor(0xff, 0xd7, 0xd9);
    c.noticeBg = QColor(0x3d, 0x30, 0x00);
    c.noticeFg = QColor(0xff, 0xe8, 0xa3);
    return c;
}

// Black background, white text, saturated status colours: for a wall display seen from across
// a room, and for people who need it.
ThemeColors highContrastColors()
{
    ThemeColors c;
    c.id = ThemeId::HighContrast;
    c.window = Qt::black;
    c.windowText = Qt::white;
    c.base = Qt::black;
    c.alternateBase = QColor(0x1a, 0x1a, 0x1a);
    c.text = Qt::white;
    c.button = Qt::black;
    c.buttonText = Qt::white;
    c.highlight = QColor(0xff, 0xe0, 0x00);
    c.highlightedText = Qt::black;
    c.toolTipBase = Qt::black;
    c.toolTipText = Qt::white;
    c.placeholderText = QColor(0xd0, 0xd0, 0xd0);
    c.mid = Qt::white;
    c.link = QColor(0x00, 0xe5, 0xff);
    c.good = QColor(0x3d, 0xff, 0x7a);
    c.warn = QColor(0xff, 0xd4, 0x00);
    c.bad = QColor(0xff, 0x6e, 0x6e);
    c.info = QColor(0x66, 0xcc, 0xff);
    c.neutral = QColor(0xd0, 0xd0, 0xd0);
    c.problemBg = QColor(0xb0, 0x00, 0x00);
    c.problemFg = Qt::white;
    c.noticeBg = QColor(0xff, 0xd4, 0x00);
    c.noticeFg = Qt::black;
    return c;
}

double channel(double v)
{
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

ThemeId g_current = ThemeId::Light;

} // namespace

namespace {
// A theme's two spellings side by side, so that a new theme cannot get one and miss the other.
struct ThemeWords
{
    QString name;  // for --theme and the settings
    QString title; // for menus
};

ThemeWords wordsFor(ThemeId id)
{
    switch (id) {
    case ThemeId::Light: return {u"light"_s, u"Light"_s};
    case ThemeId::Dark: return {u"dark"_s, u"Dark"_s};
    case ThemeId::HighContrast: return {u"high-contrast"_s, u"High contrast"_s};
    }
    return {};
}
} // namespace

QString themeName(ThemeId id)
{
    return wordsFor(id).name;
}

QString themeTitle(ThemeId id)
{
    return wordsFor(id).title;
}

std::optional<ThemeId> themeFromName(const QString &name)
{
    return valueNamed(allThemes(), themeName, name.trimmed().toLower());
}

QVector<ThemeId> allThemes()
{
    return {ThemeId::Light, ThemeId::Dark, ThemeId::HighContrast};
}

const ThemeColors &themeColors(ThemeId id)
{
    static const ThemeColors light = lightColors();
    static const ThemeColors dark = darkColors();
    static const ThemeColors high = highContrastColors();
    switch (id) {
    case ThemeId::Light: return light;
    case ThemeId::Dark: return dark;
    case ThemeId::HighContrast: return high;
    }
    return light;
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor withContrast(const QColor &color, const QColor &background, double minimum)
{
    QColor c = color.toHsl();
    const bool darkBackground = luminance(background) < 0.18;
    for (int step = 0; step < 100 && contrastRatio(c, background) < minimum; ++step) {
        const float l = c.lightnessF();
        c.setHslF(c.hslHueF(), c.hslSaturationF(),
                  darkBackground ? std::min(1.0f, l + 0.02f) : std::max(0.0f, l - 0.02f));
    }
    return c.toRgb();
}

QVector<ContrastPair> contrastPairs(const ThemeColors &c)
{
    const double text = c.id == ThemeId::HighContrast ? 7.0 : 4.5;
    QVector<ContrastPair> pairs{
        {u"window text on window"_s, c.windowText, c.window, text},
        {u"text on base"_s, c.text, c.base, text},
        {u"text on alternate base"_s, c.text, c.alternateBase, text},
        {u"button text on button"_s, c.buttonText, c.button, text},
        {u"selected text on highlight"_s, c.highlightedText, c.highlight, 4.5},
        {u"tooltip text on tooltip"_s, c.toolTipText, c.toolTipBase, text},
        {u"secondary text on base"_s, c.placeholderText, c.base, 4.5},
        {u"secondary text on window"_s, c.placeholderText, c.window, 4.5},
        {u"link on base"_s, c.link, c.base, 4.5},
        {u"problem banner"_s, c.problemFg, c.problemBg, text},
        {u"notice banner"_s, c.noticeFg, c.noticeBg, text},
    };
    const QVector<std::pair<QString, QColor>> status{
        {u"good"_s, c.good}, {u"warn"_s, c.warn}, {u"bad"_s, c.bad}, {u"info"_s, c.info}, {u"neutral"_s, c.neutral}};
    for (const auto &[name, colour] : status) {
        pairs.append({name + u" on base"_s, colour, c.base, 4.5});
        pairs.append({name + u" on window"_s, colour, c.window, 4.5});
        pairs.append({name + u" on alternate base"_s, colour, c.alternateBase, 4.5});
    }
    return pairs;
}

QPalette themePalette(const ThemeColors &c)
{
    QPalette p;
    p.setColor(QPalette::Window, c.window);
    p.setColor(QPalette::WindowText, c.windowText);
    p.setColor(QPalette::Base, c.base);
    p.setColor(QPalette::AlternateBase, c.alternateBase);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, c.button);
    p.setColor(QPalette::ButtonText, c.buttonText);
    p.setColor(QPalette::Highlight, c.highlight);
    p.setColor(QPalette::HighlightedText, c.highlightedText);
    p.setColor(QPalette::ToolTipBase, c.toolTipBase);
    p.setColor(QPalette::ToolTipText, c.toolTipText);
    p.setColor(QPalette::PlaceholderText, c.placeholderText);
    p.setColor(QPalette::Mid, c.mid);
    p.setColor(QPalette::Link, c.link);
    p.setColor(QPalette::BrightText, c.bad);
    // Disabled text stays readable (a disabled button still explains itself in its tooltip).
    p.setColor(QPalette::Disabled, QPalette::WindowText, c.placeholderText);
    p.setColor(QPalette::Disabled, QPalette::Text, c.placeholderText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, c.placeholderText);
    if (c.id != ThemeId::Light) {
        p.setColor(QPalette::Light, c.mid.lighter(130));
        p.setColor(QPalette::Midlight, c.mid);
        p.setColor(QPalette::Dark, c.window.darker(150));
        p.setColor(QPalette::Shadow, Qt::black);
    }
    return p;
}

QString themeStyleSheet(const ThemeColors &c)
{
    const QString border = c.id == ThemeId::HighContrast ? u"2px"_s : u"1px"_s;
    return u"QLabel[sdRole=\"problem\"] { background: %1; color: %2; padding: 8px; font-weight: bold;"
           u" border: %9 solid %7; border-radius: 4px; }"
           u"QLabel[sdRole=\"notice\"] { background: %3; color: %4; padding: 6px;"
           u" border: %9 solid %8; border-radius: 4px; }"
           u"QLabel[sdRole=\"problemText\"] { color: %7; font-weight: bold; }"
           u"QLabel[sdRole=\"noticeText\"] { color: %8; }"
           u"QLabel[sdRole=\"alarm\"] { background: %1; color: %2; padding: 10px 14px; font-weight: bold;"
           u" border: 3px solid %2; }"
           u"QLabel[sdRole=\"badge\"] { background: %5; color: %6; padding: 3px 8px; font-weight: bold;"
           u" border-radius: 3px; }"_s.arg(c.problemBg.name(), c.problemFg.name(), c.noticeBg.name(), c.noticeFg.name(),
                                           c.highlight.name(), c.highlightedText.name(), c.bad.name(), c.warn.name(),
                                           border);
}

const ThemeColors &currentTheme()
{
    return themeColors(g_current);
}

void applyTheme(ThemeId id)
{
    g_current = id;
    const ThemeColors &c = themeColors(id);
    QApplication::setPalette(themePalette(c));
}

QColor themed(const QColor &color)
{
    const ThemeColors &t = currentTheme();
    return withContrast(withContrast(color, t.base), t.window);
}

void setRole(QWidget *widget, const char *role)
{
    // On the tagged widget only: an application-wide style sheet would put every widget's
    // painting through the (slow) style sheet style.
    widget->setProperty("sdRole", QString::fromLatin1(role));
    widget->setStyleSheet(themeStyleSheet(currentTheme()));
}

void applyChartTheme(QChart *chart)
{
    const ThemeColors &t = currentTheme();
    // Qt's own high-contrast chart theme is a light one: the dark theme's axes suit ours.
    chart->setTheme(t.id == ThemeId::Light ? QChart::ChartThemeLight : QChart::ChartThemeDark);
    chart->setBackgroundBrush(t.base);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(t.text);
    chart->legend()->setLabelColor(t.text);
}

void setHeadingFont(QWidget *widget, double scale)
{
    QFont f = widget->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * scale);
    widget->setFont(f);
}

} // namespace sagadeck
