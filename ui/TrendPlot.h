#pragma once

#include <QColor>
#include <QPointF>
#include <QVector>
#include <QWidget>

#include <cmath>

namespace sagadeck {

// A trend drawn for a wall: one line over a time window, dashed lines at the thresholds and a
// vertical tick at the last operator action. It draws no text (the labels around it carry the
// words, so that the text-fits test sees them); the whole window is always the x range, so a
// short history reads as short.
class TrendPlot : public QWidget
{
    Q_OBJECT
public:
    explicit TrendPlot(QWidget *parent = nullptr);

    // x: ms since the epoch.
    void setWindow(double fromMs, double toMs);
    void setPoints(const QVector<QPointF> &points);
    void setThresholds(const QVector<double> &values);
    void setMarkAt(double ms); // NaN: none
    void setLineColor(const QColor &color);
    void setLineWidth(qreal px);

    const QVector<QPointF> &points() const { return m_points; }
    double markAt() const { return m_markAt; }
    double windowFromMs() const { return m_fromMs; }
    double windowToMs() const { return m_toMs; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QVector<QPointF> m_points;
    QVector<double> m_thresholds;
    double m_fromMs = 0;
    double m_toMs = 1;
    double m_markAt = std::nan("");
    QColor m_color;
    qreal m_lineWidth = 2;
};

} // namespace sagadeck
