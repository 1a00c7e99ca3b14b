#include "LagHistory.h"

#include <algorithm>
#include <limits>

namespace sagadeck {

void LagHistory::append(const QString &group, qint64 atMs, qint64 lag)
{
    QVector<QPointF> &s = m_series[group];
    s.append(QPointF(double(atMs), double(lag)));
    // Drop in chunks so that a full history does not shift the whole vector every refresh.
    if (s.size() > m_capacity + m_capacity / 8)
        s.remove(0, s.size() - m_capacity);
}

void LagHistory::backfill(const QString &group, const QVector<QPointF> &older)
{
    QVector<QPointF> &s = m_series[group];
    const double firstOwn = s.isEmpty() ? std::numeric_limits<double>::infinity() : s.first().x();
    QVector<QPointF> merged;
    merged.reserve(older.size() + s.size());
    for (const QPointF &p : older)
        if (p.x() < firstOwn && (merged.isEmpty() || p.x() > merged.last().x()))
            merged.append(p);
    merged += s;
    if (merged.size() > m_capacity)
        merged.remove(0, merged.size() - m_capacity);
    s = merged;
}

QStringList LagHistory::groups() const
{
    QStringList g = m_series.keys();
    g.sort();
    return g;
}

QVector<QPointF> LagHistory::decimate(const QVector<QPointF> &points, double fromMs, double toMs, int columns)
{
    QVector<QPointF> out;
    if (columns <= 0 || toMs <= fromMs)
        return out;
    const double width = (toMs - fromMs) / columns;
    int column = -1;
    QPointF lo, hi;
    auto flush = [&] {
        if (column < 0)
            return;
        if (lo.x() == hi.x()) {
            out.append(lo);
        } else if (lo.x() < hi.x()) {
            out.append(lo);
            out.append(hi);
        } else {
            out.append(hi);
            out.append(lo);
        }
    };
    for (const QPointF &p : points) {
        if (p.x() < fromMs || p.x() > toMs)
            continue;
        const int c = std::min(columns - 1, int((p.x() - fromMs) / width));
        if (c != column) {
            flush();
            column = c;
            lo = hi = p;
            continue;
        }
        if (p.y() < lo.y())
            lo = p;
        if (p.y() > hi.y())
            hi = p;
    }
    flush();
    return out;
}

QVector<QVector<QPointF>> LagHistory::splitAtGaps(const QVector<QPointF> &points, double maxGapMs)
{
    QVector<QVector<QPointF>> runs;
    for (const QPointF &p : points) {
        if (runs.isEmpty() || p.x() - runs.last().last().x() > maxGapMs)
            runs.append(QVector<QPointF>());
        runs.last().append(p);
    }
    return runs;
}

double LagHistory::gapThresholdMs(const QVector<QPointF> &points)
{
    QVector<double> spacing;
    for (qsizetype i = 1; i < points.size(); ++i)
        spacing.append(points.at(i).x() - points.at(i - 1).x());
    if (spacing.isEmpty())
        return 15000;
    std::nth_element(spacing.begin(), spacing.begin() + spacing.size() / 2, spacing.end());
    return std::max(15000.0, 5 * spacing.at(spacing.size() / 2));
}

} // namespace sagadeck
