#include "TileTrends.h"

#include <cmath>

namespace sagadeck {

void TileTrends::add(const QString &id, const QDateTime &at, double value)
{
    if (!at.isValid() || !std::isfinite(value))
        return;
    QVector<QPointF> &p = m_points[id];
    const double x = double(at.toMSecsSinceEpoch());
    if (!p.isEmpty() && x < p.last().x())
        return; // a clock that went back: keep the series ordered
    if (p.size() >= 2 && x - p.at(p.size() - 2).x() <= m_stepS * 1000.0)
        p.last() = QPointF(x, value); // within a step of the one kept before: the newest wins
    else
        p.append(QPointF(x, value));
    const double from = x - m_spanS * 1000.0;
    qsizetype drop = 0;
    while (drop < p.size() - 1 && p.at(drop + 1).x() <= from)
        ++drop;
    p.remove(0, drop);
}

QVector<QPointF> TileTrends::points(const QString &id, const QDateTime &now) const
{
    const double to = double(now.toMSecsSinceEpoch());
    return pointsInWindow(m_points.value(id), to - m_spanS * 1000.0, to);
}

QVector<QPointF> pointsInWindow(const QVector<QPointF> &points, double fromMs, double toMs)
{
    QVector<QPointF> out;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const QPointF &p = points.at(i);
        if (p.x() > toMs)
            break;
        if (p.x() >= fromMs)
            out.append(p);
        else if (i + 1 < points.size() && points.at(i + 1).x() > fromMs)
            out.append(QPointF(fromMs, p.y()));
    }
    return out;
}

} // namespace sagadeck
