#include "WallTiles.h"

#include "Theme.h"
#include "TrendPlot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextLayout>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QFont pixelFont(const QFont &base, double px, bool bold)
{
    QFont f = base;
    f.setPixelSize(std::max(8, int(std::lround(px))));
    f.setBold(bold);
    return f;
}

// Lines `text` takes at `width` in `font`, wrapped as a word-wrapped QLabel wraps it.
int wrappedLines(const QString &text, const QFont &font, int width)
{
    int lines = 0;
    for (const QString &paragraph : text.split(u'\n')) {
        QTextLayout layout(paragraph, font);
        QTextOption option;
        option.setWrapMode(QTextOption::WordWrap);
        layout.setTextOption(option);
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            if (line.naturalTextWidth() > width + 0.5)
                lines += 100; // a word wider than the room: it would be cut
            ++lines;
        }
        layout.endLayout();
    }
    return lines;
}

QString verdictGlyph(const QString &verdict)
{
    if (verdict == u"met"_s)
        return u"✓"_s;
    if (verdict == u"missed"_s)
        return u"✕"_s;
    if (verdict == u"at risk"_s)
        return u"▲"_s;
    return u"?"_s;
}

QColor verdictColor(const QString &verdict)
{
    const ThemeColors &t = currentTheme();
    if (verdict == u"met"_s)
        return t.good;
    if (verdict == u"missed"_s)
        return t.bad;
    if (verdict == u"at risk"_s)
        return t.warn;
    return t.neutral;
}

} // namespace

int inkHeight(const QFont &font, const QString &text)
{
    return QFontMetrics(font).tightBoundingRect(text).height();
}

WallScale wallScale(int screenHeight, const QFont &base)
{
    WallScale s;
    s.screenHeight = std::max(300, screenHeight);
    const double u = s.screenHeight / 100.0;
    s.caption = pixelFont(base, 2.6 * u, true);
    s.unit = pixelFont(base, 3.2 * u, true);
    s.detail = pixelFont(base, 2.3 * u, false);
    s.reading = pixelFont(base, 4.6 * u, true);
    s.strip = pixelFont(base, 2.5 * u, false);
    // The digits' drawn height, measured in the font the wall has: at least 8.2 % of the screen.
    QFont value = pixelFont(base, 100, true);
    value.setStretch(QFont::SemiCondensed);
    const double perPx = std::max(1, inkHeight(value, u"0123456789"_s)) / 100.0;
    double px = std::ceil(8.2 * u / perPx);
    value.setPixelSize(int(px));
    // Every digit, also those without an overshoot (a "4" is a little shorter than a "0").
    auto shortestDigit = [](const QFont &f) {
        int least = std::numeric_limits<int>::max();
        for (char16_t d = u'0'; d <= u'9'; ++d)
            least = std::min(least, inkHeight(f, QString(QChar(d))));
        return least;
    };
    while (shortestDigit(value) < 0.082 * s.screenHeight)
        value.setPixelSize(value.pixelSize() + 1);
    s.value = value;
    s.valueHeight = int(std::ceil(inkHeight(value, u"0123456789"_s) * 1.15));
    s.trendHeight = int(4 * u);
    s.pad = int(std::ceil(0.8 * u));
    return s;
}

QLabel *wallLabel(QWidget *parent, bool wrap)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(wrap);
    l->setMinimumWidth(1);
    l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return l;
}

QString breakableText(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        out += c;
        if (c == u'-' || c == u'_' || c == u'.' || c == u'/' || c == u'=' || c == u',')
            out += QChar(0x200B);
    }
    return out;
}

WallTile::WallTile(const QString &id, const QString &caption, QWidget *parent)
    : QFrame(parent)
    , m_id(id)
    , m_captionText(caption)
    , m_caption(wallLabel(this, true))
    , m_number(wallLabel(this, false))
    , m_unit(wallLabel(this, true))
    , m_detail(wallLabel(this, true))
    , m_trend(new TrendPlot(this))
{
    setObjectName(u"wall_"_s + id);
    m_number->setObjectName(u"wallNumber_"_s + id);
    m_number->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_number->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_unit->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette detailPalette = m_detail->palette();
    detailPalette.setColor(QPalette::WindowText, currentTheme().placeholderText);
    m_detail->setPalette(detailPalette);
    auto *row = new QHBoxLayout;
    row->setSpacing(0);
    row->addWidget(m_number, 0);
    row->addWidget(m_unit, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addLayout(row);
    layout->addWidget(m_trend);
    layout->addWidget(m_detail, 1);
    setVerdict(u"no data"_s);
    setNumber(u"?"_s, QString());
    applyScale(wallScale(1080, font()));
}

void WallTile::applyScale(const WallScale &s)
{
    m_caption->setFont(s.caption);
    m_number->setFont(s.value);
    m_unit->setFont(s.unit);
    m_detail->setFont(s.detail);
    m_number->setFixedHeight(s.valueHeight);
    m_trend->setFixedHeight(s.trendHeight);
    m_trend->setLineWidth(std::max(2.0, s.screenHeight / 360.0));
    m_unit->setContentsMargins(s.pad, 0, 0, s.pad / 2);
    layout()->setContentsMargins(s.pad + s.pad / 2, s.pad, s.pad, s.pad);
    layout()->setSpacing(s.pad / 2);
    // Two lines of detail under the number, as high as their type.
    m_detail->setMinimumHeight(QFontMetrics(s.detail).lineSpacing() * m_detailLines + 2);
    setNumber(number(), unit()); // the number's width follows its font
    fitDetail();
}

void WallTile::setVerdict(const QString &verdict)
{
    if (verdict == m_verdict)
        return;
    m_verdict = verdict;
    const QColor accent = verdictColor(verdict);
    m_caption->setText(verdictGlyph(verdict) + u' ' + m_captionText);
    setStyleSheet(u"sagadeck--WallTile { border: 2px solid palette(mid); border-left: 10px solid %1;"
                  u" border-radius: 6px; background: palette(base); }"_s.arg(accent.name()));
    m_trend->setLineColor(accent);
    fitDetail();
}

void WallTile::setNumber(const QString &number, const QString &unit)
{
    m_number->setText(number);
    m_unit->setText(breakableText(unit));
    // The number takes the room its digits need; the unit wraps in what is left.
    m_number->setFixedWidth(QFontMetrics(m_number->font()).horizontalAdvance(number) + 4);
}

QString WallTile::number() const
{
    return m_number->text();
}

QString WallTile::unit() const
{
    return QString(m_unit->text()).remove(QChar(0x200B));
}

void WallTile::setDetail(const QString &detail)
{
    if (detail == m_detailText)
        return;
    m_detailText = detail;
    fitDetail();
}

QString WallTile::detailShown() const
{
    return QString(m_detail->text()).remove(QChar(0x200B));
}

void WallTile::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitDetail();
}

// The verdict's word first (the shape and colour only repeat it), then the detail's segments
// while they fit in the tile's lines: the rest is on the desk's overview and in the snapshot.
void WallTile::fitDetail()
{
    QStringList segments{m_verdict};
    for (const QString &s : m_detailText.split(u" · "_s, Qt::SkipEmptyParts))
        if (s != m_verdict)
            segments << s;
    const int width = m_detail->contentsRect().width();
    // As many lines as the row's height leaves the label, two at least.
    const int lines = std::max(m_detailLines,
                               m_detail->contentsRect().height() / QFontMetrics(m_detail->font()).lineSpacing());
    QString shown = breakableText(segments.first());
    for (qsizetype i = 1; i < segments.size() && width > 10; ++i) {
        const QString next = shown + u" · "_s + breakableText(segments.at(i));
        if (wrappedLines(next, m_detail->font(), width) > lines)
            break;
        shown = next;
    }
    if (m_detail->text() != shown)
        m_detail->setText(shown);
}

WallChart::WallChart(const QString &id, const QString &title, QWidget *parent)
    : QFrame(parent)
    , m_id(id)
    , m_title(wallLabel(this, true))
    , m_reading(wallLabel(this, false))
    , m_note(wallLabel(this, true))
    , m_trend(new TrendPlot(this))
{
    setObjectName(u"wallChart_"_s + id);
    m_title->setText(title);
    m_reading->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_reading->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    QPalette notePalette = m_note->palette();
    notePalette.setColor(QPalette::WindowText, currentTheme().placeholderText);
    m_note->setPalette(notePalette);
    setStyleSheet(u"sagadeck--WallChart { border: 2px solid palette(mid); border-radius: 6px;"
                  u" background: palette(base); }"_s);
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_reading, 0);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(m_note);
    layout->addWidget(m_trend, 1);
    applyScale(wallScale(1080, font()));
}

void WallChart::applyScale(const WallScale &s)
{
    m_title->setFont(s.caption);
    m_reading->setFont(s.reading);
    m_note->setFont(s.detail);
    m_trend->setLineWidth(std::max(2.0, s.screenHeight / 270.0));
    m_trend->setMinimumHeight(s.trendHeight);
    layout()->setContentsMargins(s.pad + s.pad / 2, s.pad, s.pad + s.pad / 2, s.pad);
    layout()->setSpacing(s.pad / 2);
    setReading(reading(), note(), m_reading->palette().color(QPalette::WindowText));
}

void WallChart::setThresholds(const QVector<ChartThreshold> &thresholds, double scale)
{
    m_thresholds = thresholds;
    QVector<double> values;
    for (const ChartThreshold &t : thresholds)
        values << t.value * scale;
    m_trend->setThresholds(values);
}

void WallChart::setReading(const QString &reading, const QString &note, const QColor &color)
{
    m_reading->setText(reading);
    m_reading->setFixedWidth(QFontMetrics(m_reading->font()).horizontalAdvance(reading) + 4);
    QPalette p = m_reading->palette();
    p.setColor(QPalette::WindowText, color);
    m_reading->setPalette(p);
    m_note->setText(breakableText(note));
}

QString WallChart::title() const
{
    return m_title->text();
}

QString WallChart::reading() const
{
    return m_reading->text();
}

QString WallChart::note() const
{
    return QString(m_note->text()).remove(QChar(0x200B));
}

} // namespace sagadeck
