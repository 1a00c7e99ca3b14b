#pragma once

#include <QDateTime>
#include <QHash>
#include <QPointF>
#include <QString>
#include <QVector>

#include <algorithm>

namespace sagadeck {

// The war-room tiles' own trend: each tile's number as the wall read it, per tile id, over the
// last `spanS` (30 min). For the tiles whose number has no Prometheus history (alerts firing,
// failed sagas, deployments ready, feeds Live). Bounded: one sample per `stepS`, the newest
// sample of a step replacing the one before, and nothing older than the span.
class TileTrends
{
public:
    explicit TileTrends(int spanS = 30 * 60, int stepS = 10)
        : m_spanS(spanS)
        , m_stepS(std::max(1, stepS))
    {}

    void add(const QString &id, const QDateTime &at, double value);
    // Points (x = ms since the epoch, y = value) from `now` - span, oldest first.
    QVector<QPointF> points(const QString &id, const QDateTime &now) const;
    int spanS() const { return m_spanS; }
    void clear() { m_points.clear(); }

private:
    int m_spanS;
    int m_stepS;
    QHash<QString, QVector<QPointF>> m_points;
};

// Points of [fromMs, toMs] only, with the last point before `fromMs` kept at its edge so a
// line starts at the window's left side rather than at its first sample inside.
QVector<QPointF> pointsInWindow(const QVector<QPointF> &points, double fromMs, double toMs);

} // namespace sagadeck
