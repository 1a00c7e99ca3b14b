#pragma once

#include "FeedHealth.h"
#include "MetricsDashboard.h"

#include <QChartView>

class QLabel;
class QRubberBand;
class QDateTimeAxis;
class QValueAxis;

namespace sagadeck {

// One chart of the Metrics page: the decimated series of a ChartData as QtCharts lines, the
// service-level thresholds as dashed lines, axes with units, a legend whose markers toggle
// their series, a hover read-out of exact values, and a horizontal drag to zoom. Above it a
// status line says how old the data is and why it is not live; it never looks empty or healthy
// when it is not.
class MetricChart : public QChartView
{
    Q_OBJECT
public:
    explicit MetricChart(const ChartSpec &spec, QWidget *parent = nullptr);

    QString chartId() const { return m_spec.id; }
    void setData(const ChartData &data);
    // Re-renders the status line (data age) against the feed's health.
    void setFeedHealth(const FeedHealth &health, const QDateTime &now);
    QString statusText() const;
    QString readoutText() const;
    int plotWidth() const;
    int seriesCount() const;
    bool seriesVisible(const QString &name) const;
    void setSeriesVisible(const QString &name, bool visible);
    // The read-out for a position in the plot, as hovering there would show it.
    void showReadoutAt(const QPointF &viewPos);

signals:
    void zoomRequested(double startS, double endS);
    void resetZoomRequested();
    void exportPngRequested(const QString &chartId);
    void exportCsvRequested(const QString &chartId);
    void widthChanged(const QString &chartId, int px);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void rebuildSeries();
    void applyStatus();
    void applyAxes();
    double timeAt(double viewX) const;

    ChartSpec m_spec;
    ChartData m_data;
    bool m_seriesStale = false; // data arrived while hidden: rebuild when shown
    // The status line as computed; laid out on its label only while shown (text layout is the
    // costly part, and every chart's status changes at once when the feed's health does).
    QString m_statusText;
    QString m_statusLine;
    FeedState m_statusShown = FeedState::Connecting;
    bool m_statusStale = false;
    FeedHealth m_health;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    QLabel *m_status;
    QLabel *m_readout;
    QRubberBand *m_band = nullptr;
    QPoint m_pressAt;
    bool m_dragging = false;
    QSet<QString> m_hidden; // series the operator switched off, kept across refreshes
};

} // namespace sagadeck
