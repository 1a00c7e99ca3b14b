#pragma once

#include <QHash>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sagadeck {

// Total lag per group over time, in memory from the moment the console starts. Bounded: each
// group keeps at most `capacity` points (oldest dropped first).
class LagHistory
{
public:
    explicit LagHistory(int capacity = 7200)
        : m_capacity(qMax(2, capacity))
    {}

    void append(const QString &group, qint64 atMs, qint64 lag);
    // Older points from elsewhere (Prometheus) placed before the group's first own sample:
    // points at or after it are dropped, so the console's own samples always win.
    void backfill(const QString &group, const QVector<QPointF> &older);
    void clear() { m_series.clear(); }
    QStringList groups() const;
    // Points (x = ms since epoch, y = lag), oldest first.
    QVector<QPointF> series(const QString &group) const { return m_series.value(group); }
    int capacity() const { return m_capacity; }

    // Min/max decimation: at most two points per column of [fromMs, toMs], keeping each
    // column's extremes in time order, so spikes survive and a chart never draws more than
    // ~2 points per pixel.
    static QVector<QPointF> decimate(const QVector<QPointF> &points, double fromMs, double toMs, int columns);
    // Runs of points with no gap wider than `maxGapMs` between neighbours: where nothing was
    // measured (the console or the stack was down) a chart must show a gap, not a line.
    static QVector<QVector<QPointF>> splitAtGaps(const QVector<QPointF> &points, double maxGapMs);
    // The gap that counts as "no data": five sampling intervals (the median spacing), at least 15 s.
    static double gapThresholdMs(const QVector<QPointF> &points);

private:
    int m_capacity;
    QHash<QString, QVector<QPointF>> m_series;
};

} // namespace sagadeck
