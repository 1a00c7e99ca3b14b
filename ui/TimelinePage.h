#pragma once

#include "AuditLogReader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;
class QTimer;

namespace sagadeck {

class AuditLogFollower;
class TeamTrail;
class FeedHealthModel;
class IncidentTimeline;
class TimelineChart;
class TimelineMarkerModel;

// The incident timeline page: the window picker, the chart (failure rate, p95 and lag on one
// time axis with alert, action and deployment markers), its legend, and the list of markers
// (clicking one highlights it on the chart). It feeds the timeline the audit log's actions
// (read off the GUI thread) and says plainly when Prometheus or Kubernetes is not Live.
class TimelinePage : public QWidget
{
    Q_OBJECT
public:
    TimelinePage(IncidentTimeline *timeline, FeedHealthModel *health, const QString &auditLogPath,
                 QWidget *parent = nullptr);

    TimelineChart *chart() const { return m_chart; }
    QTableView *markerView() const { return m_view; }
    TimelineMarkerModel *markerModel() const { return m_markers; }
    QComboBox *spanPicker() const { return m_span; }
    QString statusText() const;
    QString bannerText() const;
    QString legendText() const;
    // Everyone's actions as markers: this console's log and what others published to the trail.
    void setTeamTrail(TeamTrail *trail);

public slots:
    // Pushes the timeline's current state to the chart and the list now (normally coalesced).
    void sync();

private:
    void scheduleSync();
    void refreshStatus();
    void onAuditLoaded(const AuditReadResult &result);
    void pushActions();
    void onRowClicked(const QModelIndex &index);
    void onMarkerClicked(const QString &key);
    QHash<QString, QString> laneNotes() const;

    IncidentTimeline *m_timeline;
    FeedHealthModel *m_health;
    AuditLogFollower *m_audit;
    TimelineChart *m_chart;
    TimelineMarkerModel *m_markers;
    QTableView *m_view;
    QComboBox *m_span;
    QLabel *m_status;
    QLabel *m_banner;
    QLabel *m_legend;
    QTimer *m_coalesce;
    QTimer *m_tick;
    QVector<AuditRecord> m_localRecords; // the last good read of this console's log
    QString m_localError;
    TeamTrail *m_trail = nullptr;
};

} // namespace sagadeck
