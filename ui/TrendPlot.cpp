#include "TrendPlot.h"

#include "Theme.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <limits>

namespace sagadeck {

TrendPlot::TrendPlot(QWidget *parent)
    : QWidget(parent)
    , m_color(currentTheme().text)
{
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void TrendPlot::setWindow(double fromMs, double toMs)
{
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    update();
}

void TrendPlot::setPoints(const QVector<QPointF> &points)
{
    m_points = points;
    update();
}

void TrendPlot::setThresholds(const QVector<double> &values)
{
    m_thresholds = values;
    update();
}

void TrendPlot::setMarkAt(double ms)
{
    m_markAt = ms;
    update();
}

void TrendPlot::setLineColor(const QColor &color)
{
    m_color = color;
    update();
}

void TrendPlot::setLineWidth(qreal px)
{
    m_lineWidth = std::max<qreal>(1, px);
    update();
}

void TrendPlot::paintEvent(QPaintEvent *)
{
    const ThemeColors &theme = currentTheme();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // Air above the line: a tile's number sits right on top of its trend.
    const QRectF area = QRectF(rect()).adjusted(m_lineWidth, m_lineWidth + height() * 0.15, -m_lineWidth, -m_lineWidth);
    // The y range holds the line and the thresholds, so a threshold is always on the plot.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const QPointF &pt : m_points) {
        lo = std::min(lo, pt.y());
        hi = std::max(hi, pt.y());
    }
    for (double t : m_thresholds) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    lo = std::min(lo, 0.0); // from zero: a rate that doubles looks doubled
    if (hi - lo <= 0)
        hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.2);
    hi += (hi - lo) * 0.08;
    auto x = [&](double ms) { return area.left() + (ms - m_fromMs) / (m_toMs - m_fromMs) * area.width(); };
    auto y = [&](double v) { return area.bottom() - (v - lo) / (hi - lo) * area.height(); };

    p.setPen(QPen(theme.mid, 1));
    p.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()));
    for (double t : m_thresholds) {
        QPen pen(theme.warn, std::max<qreal>(1, m_lineWidth * 0.6), Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(area.left(), y(t)), QPointF(area.right(), y(t)));
    }
    if (std::isfinite(m_markAt) && m_markAt >= m_fromMs && m_markAt <= m_toMs) {
        p.setPen(QPen(theme.info, std::max<qreal>(2, m_lineWidth)));
        p.drawLine(QPointF(x(m_markAt), area.top()), QPointF(x(m_markAt), area.bottom()));
    }
    if (m_points.isEmpty())
        return;
    QPainterPath path;
    path.moveTo(x(m_points.first().x()), y(m_points.first().y()));
    for (const QPointF &pt : m_points)
        path.lineTo(x(pt.x()), y(pt.y()));
    p.setPen(QPen(m_color, m_lineWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(path);
    if (m_points.size() == 1) // one sample is a dot, not nothing
        p.drawEllipse(QPointF(x(m_points.first().x()), y(m_points.first().y())), m_lineWidth, m_lineWidth);
}

} // namespace sagadeck
