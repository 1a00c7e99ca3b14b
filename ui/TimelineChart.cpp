#include "TimelineChart.h"

#include "Theme.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr double kLeft = 84; // room for the lane titles' values and y labels
constexpr double kRight = 16;
constexpr double kTop = 6;
constexpr double kMarkerLane = 44; // two rows of glyphs
constexpr double kAxis = 24;
constexpr double kGap = 10;
constexpr double kHitPx = 6;
constexpr int kLanes = 3;

QColor kindColor(TimelineMarker::Kind kind)
{
    switch (kind) {
    case TimelineMarker::Kind::Alert: return themed(QColor(0xc6, 0x28, 0x28));
    case TimelineMarker::Kind::Action: return themed(QColor(0x15, 0x65, 0xc0));
    case TimelineMarker::Kind::Deployment: return themed(QColor(0x6a, 0x1b, 0x9a));
    }
    return currentTheme().text;
}

Qt::PenStyle kindPen(TimelineMarker::Kind kind)
{
    switch (kind) {
    case TimelineMarker::Kind::Alert: return Qt::SolidLine;
    case TimelineMarker::Kind::Action: return Qt::DashLine;
    case TimelineMarker::Kind::Deployment: return Qt::DotLine;
    }
    return Qt::SolidLine;
}

const QColor kLaneColors[kLanes] = {QColor(0xd8, 0x43, 0x15), QColor(0x00, 0x79, 0x6b), QColor(0x28, 0x35, 0x93)};

QString number(double v)
{
    return std::abs(v) >= 100 ? QString::number(v, 'f', 0) : QString::number(v, 'g', 3);
}
} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"timelineChart"_s);
    setMouseTracking(true);
    setMinimumHeight(360);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TimelineChart::setData(const QVector<TimelineSeries> &series, const QDateTime &start, const QDateTime &end,
                            const TimelineMarkers &markers, const QHash<QString, QString> &notes)
{
    m_series = series;
    m_start = start;
    m_end = end;
    m_markers = markers;
    m_notes = notes;
    update();
}

void TimelineChart::setHighlighted(const QString &key)
{
    m_highlight = key;
    update();
}

QRectF TimelineChart::plotArea() const
{
    return QRectF(kLeft, kTop, std::max(10.0, width() - kLeft - kRight), std::max(10.0, height() - kTop - kAxis));
}

int TimelineChart::plotWidth() const
{
    return int(plotArea().width());
}

QRectF TimelineChart::markerLaneRect() const
{
    const QRectF a = plotArea();
    return QRectF(a.left(), a.top(), a.width(), kMarkerLane);
}

QRectF TimelineChart::laneRect(int lane) const
{
    const QRectF a = plotArea();
    const double top = a.top() + kMarkerLane + kGap;
    const double h = (a.bottom() - top - kGap * (kLanes - 1)) / kLanes;
    return QRectF(a.left(), top + lane * (h + kGap), a.width(), std::max(4.0, h));
}

double TimelineChart::xFor(const QDateTime &t) const
{
    const QRectF a = plotArea();
    const double span = double(m_start.msecsTo(m_end));
    if (!(span > 0))
        return a.right();
    return a.left() + a.width() * double(m_start.msecsTo(t)) / span;
}

QPointF TimelineChart::markerPosition(int index) const
{
    if (index < 0 || index >= m_markers.size())
        return {};
    return QPointF(xFor(m_markers.at(index).at), laneRect(0).center().y());
}

int TimelineChart::markerAt(const QPointF &pos) const
{
    const QRectF a = plotArea();
    if (pos.y() < a.top() || pos.y() > a.bottom())
        return -1;
    int best = -1;
    double bestDx = kHitPx + 1;
    for (int i = 0; i < m_markers.size(); ++i) {
        const double dx = std::abs(xFor(m_markers.at(i).at) - pos.x());
        if (dx <= kHitPx && dx < bestDx) { // the newest of equals wins: it is drawn on top
            best = i;
            bestDx = dx;
        } else if (dx <= kHitPx && dx == bestDx) {
            best = i;
        }
    }
    return best;
}

QString TimelineChart::markerTooltip(const TimelineMarker &m)
{
    return u"%1 %2\nwhen: %3 (%4 UTC)\nwho: %5\nwhat: %6%7"_s.arg(
        markerKindGlyph(m.kind), m.title, m.at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s),
        m.at.toUTC().toString(u"HH:mm:ss"_s), m.who, m.what, m.detail.isEmpty() ? QString() : u'\n' + m.detail);
}

QString TimelineChart::valueAt(const TimelineSeries &s, double tS) const
{
    if (s.points.isEmpty())
        return u"no data"_s;
    const auto it = std::lower_bound(s.points.cbegin(), s.points.cend(), tS,
                                     [](const PromPoint &p, double t) { return p.t < t; });
    const PromPoint &p = it == s.points.cend() ? s.points.last() : *it;
    if (std::abs(p.t - tS) > std::max(3 * s.window.step, 1.0))
        return u"no sample"_s;
    return number(p.v * s.scale) + u' ' + s.unit;
}

QString TimelineChart::tooltipAt(const QPointF &pos) const
{
    const int i = markerAt(pos);
    if (i >= 0)
        return markerTooltip(m_markers.at(i));
    const QRectF a = plotArea();
    if (!a.contains(pos) || !m_start.isValid())
        return QString();
    const double span = double(m_start.msecsTo(m_end));
    const QDateTime t = m_start.addMSecs(qint64((pos.x() - a.left()) / a.width() * span));
    QStringList lines{t.toLocalTime().toString(u"HH:mm:ss"_s)};
    const double tS = double(t.toMSecsSinceEpoch()) / 1000.0;
    for (const TimelineSeries &s : m_series)
        lines << s.title + u": "_s + valueAt(s, tS);
    return lines.join(u'\n');
}

int TimelineChart::pointCount(const QString &laneId) const
{
    for (const TimelineSeries &s : m_series)
        if (s.id == laneId)
            return int(s.points.size());
    return 0;
}

bool TimelineChart::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

void TimelineChart::mousePressEvent(QMouseEvent *e)
{
    const int i = markerAt(e->position());
    if (i >= 0) {
        setHighlighted(m_markers.at(i).key);
        emit markerClicked(m_markers.at(i).key);
    }
    QWidget::mousePressEvent(e);
}

void TimelineChart::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    emit plotWidthChanged(plotWidth());
}

void TimelineChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    for (int lane = 0; lane < kLanes && lane < m_series.size(); ++lane)
        paintLane(p, lane);
    paintTimeAxis(p);
    paintMarkers(p);
}

void TimelineChart::paintLane(QPainter &p, int lane) const
{
    const TimelineSeries &s = m_series.at(lane);
    const QRectF r = laneRect(lane);
    p.setPen(QPen(palette().mid().color(), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);

    double hi = 0;
    for (const PromPoint &pt : s.points)
        if (std::isfinite(pt.v))
            hi = std::max(hi, pt.v * s.scale);
    hi = hi > 0 ? hi * 1.15 : 1;
    // y labels: 0 and the top, with the unit
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(palette().text().color());
    const QRectF labelBox(0, r.top(), kLeft - 6, r.height());
    p.drawText(labelBox, Qt::AlignRight | Qt::AlignTop, number(hi) + u' ' + s.unit);
    p.drawText(labelBox, Qt::AlignRight | Qt::AlignBottom, u"0"_s);
    p.setPen(QPen(palette().midlight().color(), 1, Qt::DotLine));
    p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));

    // The line, broken where samples are missing (a gap is not a straight line across).
    p.setPen(QPen(themed(kLaneColors[lane]), 1.6)); // readable on the dark themes too
    const double span = double(m_start.msecsTo(m_end)) / 1000.0;
    const double t0 = double(m_start.toMSecsSinceEpoch()) / 1000.0;
    const double gap = std::max(3 * s.window.step, 1.0);
    QPainterPath path;
    bool open = false;
    double lastT = 0;
    for (const PromPoint &pt : s.points) {
        if (!std::isfinite(pt.v) || span <= 0 || pt.t < t0 || pt.t > t0 + span) {
            open = false;
            continue;
        }
        const QPointF xy(r.left() + r.width() * (pt.t - t0) / span, r.bottom() - r.height() * (pt.v * s.scale) / hi);
        if (open && pt.t - lastT <= gap)
            path.lineTo(xy);
        else
            path.moveTo(xy);
        open = true;
        lastT = pt.t;
    }
    p.drawPath(path);

    // Title with the last value, and why there is no line when there is none.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().text().color());
    QString title = s.title + u" ("_s + s.unit + u')';
    if (!s.points.isEmpty())
        title += u" · last "_s + number(s.points.last().v * s.scale) + u' ' + s.unit;
    p.drawText(r.adjusted(6, 2, -6, -2), Qt::AlignLeft | Qt::AlignTop, title);
    const QString note = m_notes.value(s.id);
    if (!note.isEmpty()) {
        p.setFont(font());
        p.setPen(currentTheme().bad);
        p.drawText(r.adjusted(6, 2, -6, -2), Qt::AlignCenter | Qt::TextWordWrap, note);
    }
}

void TimelineChart::paintTimeAxis(QPainter &p) const
{
    const QRectF a = plotArea();
    if (!m_start.isValid() || !(m_start < m_end))
        return;
    const qint64 spanS = m_start.secsTo(m_end);
    const qint64 tick = spanS <= 15 * 60 ? 120 : spanS <= 30 * 60 ? 300 : spanS <= 3600 ? 600 : 1800;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    const qint64 first = (m_start.toSecsSinceEpoch() / tick + 1) * tick;
    for (qint64 t = first; t <= m_end.toSecsSinceEpoch(); t += tick) {
        const QDateTime at = QDateTime::fromSecsSinceEpoch(t, Qt::UTC);
        const double x = xFor(at);
        p.setPen(QPen(palette().midlight().color(), 1, Qt::DotLine));
        p.drawLine(QPointF(x, laneRect(0).top()), QPointF(x, a.bottom()));
        p.setPen(palette().text().color());
        p.drawText(QRectF(x - 40, a.bottom() + 2, 80, kAxis - 2), Qt::AlignHCenter | Qt::AlignTop,
                   at.toLocalTime().toString(u"HH:mm"_s));
    }
}

void TimelineChart::paintMarkers(QPainter &p) const
{
    const QRectF lane = markerLaneRect();
    const QRectF a = plotArea();
    p.setPen(QPen(palette().mid().color(), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(lane);
    QFont glyphFont = font();
    glyphFont.setBold(true);
    p.setFont(glyphFont);
    const QFontMetricsF fm(glyphFont);
    // Newest first, right to left: each glyph sits on its line, or as close to its left as the
    // glyph on its right in the same row allows (two rows), with a tick down to its line.
    double rowLeft[2] = {lane.right() - 1, lane.right() - 1};
    for (int i = int(m_markers.size()) - 1; i >= 0; --i) {
        const TimelineMarker &m = m_markers.at(i);
        const double x = xFor(m.at);
        if (x < a.left() - 1 || x > a.right() + 1)
            continue;
        const bool hl = m.key == m_highlight;
        const QColor c = kindColor(m.kind);
        p.setPen(QPen(c, hl ? 3 : 1.4, kindPen(m.kind)));
        p.drawLine(QPointF(x, lane.top() + kMarkerLane), QPointF(x, a.bottom()));
        const QString glyph = markerKindGlyph(m.kind);
        const double w = fm.horizontalAdvance(glyph) + 6;
        double left[2];
        for (int r = 0; r < 2; ++r)
            left[r] = std::max(lane.left() + 1, std::min(x - w / 2, rowLeft[r] - w - 2));
        const int row = std::abs(left[0] + w / 2 - x) <= std::abs(left[1] + w / 2 - x) ? 0 : 1;
        rowLeft[row] = left[row];
        const QRectF box(left[row], lane.top() + 2 + row * (kMarkerLane / 2), w, kMarkerLane / 2 - 4);
        p.setPen(QPen(c, hl ? 2 : 1));
        p.drawLine(QPointF(box.center().x(), box.bottom()), QPointF(x, lane.top() + kMarkerLane));
        p.setPen(QPen(c, hl ? 2.5 : 1));
        p.setBrush(hl ? c.lighter(170) : palette().base().color());
        p.drawRoundedRect(box, 3, 3);
        p.setPen(c.darker(120));
        p.drawText(box, Qt::AlignCenter, glyph);
    }
    p.setBrush(Qt::NoBrush);
}

} // namespace sagadeck
