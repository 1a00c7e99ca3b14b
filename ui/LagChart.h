#pragma once

#include <QChartView>
#include <QHash>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace sagadeck {

class LagHistory;

// Lag over time, one line per consumer group, from the LagHistory (the console's samples, and
// Prometheus' from before it started when configured). Points are
// min/max-decimated to at most two per pixel column of the plot before they reach the chart.
class LagChart : public QChartView
{
    Q_OBJECT
public:
    explicit LagChart(QWidget *parent = nullptr);

    // Redraws from `history` over the last `spanMs` ending at `nowMs`.
    void render(const LagHistory &history, qint64 nowMs, qint64 spanMs = 15 * 60 * 1000);
    int seriesCount() const { return int(m_series.size()); }
    int pointCount(const QString &group) const;
    void setHighlighted(const QString &group);

private:
    QChart *m_chart;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QHash<QString, QLineSeries *> m_series;        // per group: its first run, in the legend
    QHash<QString, QVector<QLineSeries *>> m_more; // its later runs (after gaps), same pen
    QString m_highlight;
};

} // namespace sagadeck
