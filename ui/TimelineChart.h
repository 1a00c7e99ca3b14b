#pragma once

#include "IncidentTimeline.h"

#include <QWidget>

namespace sagadeck {

// The incident timeline drawn on ONE time axis: a marker lane on top and three stacked lanes
// (failure rate %, p95 ms, lag messages) that share exactly the same x range. Each marker is a
// vertical line across every lane with a glyph and letter per kind (▲A alert, ●C console action,
// ◆D deployment) and its own line style, so kind never depends on colour alone. Hovering a
// marker shows who/what/when; clicking it selects it. Painted by hand: the lanes must line up
// to the pixel, which separate QtCharts views do not promise.
class TimelineChart : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);

    // `notes` per lane id: why a lane has no line (empty: it has data or is waiting).
    void setData(const QVector<TimelineSeries> &series, const QDateTime &start, const QDateTime &end,
                 const TimelineMarkers &markers, const QHash<QString, QString> &notes);
    void setHighlighted(const QString &key);
    QString highlighted() const { return m_highlight; }

    const TimelineMarkers &markers() const { return m_markers; }
    QDateTime start() const { return m_start; }
    QDateTime end() const { return m_end; }
    // Geometry, for the page and tests: the x of a time (the same in every lane), the plot
    // rectangle of a lane, the marker under a position (-1: none).
    double xFor(const QDateTime &t) const;
    QRectF laneRect(int lane) const;
    QRectF markerLaneRect() const;
    int markerAt(const QPointF &pos) const;
    QPointF markerPosition(int index) const; // a point on the marker's line, in the first lane
    // What hovering there shows: the marker's who/what/when, or the lanes' values at that time.
    QString tooltipAt(const QPointF &pos) const;
    static QString markerTooltip(const TimelineMarker &m);
    int plotWidth() const;
    int pointCount(const QString &laneId) const;

signals:
    void markerClicked(const QString &key);
    void plotWidthChanged(int px);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRectF plotArea() const;
    void paintLane(QPainter &p, int lane) const;
    void paintMarkers(QPainter &p) const;
    void paintTimeAxis(QPainter &p) const;
    QString valueAt(const TimelineSeries &s, double tS) const;

    QVector<TimelineSeries> m_series;
    QHash<QString, QString> m_notes;
    TimelineMarkers m_markers;
    QDateTime m_start;
    QDateTime m_end;
    QString m_highlight;
};

} // namespace sagadeck
