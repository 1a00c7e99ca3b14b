#pragma once

#include "AlertRule.h"
#include "DeploymentChangeDetector.h"
#include "DeploymentInfo.h"
#include "PromTypes.h"
#include "QueryStep.h"
#include "SiteNames.h"
#include "TimelineMarkers.h"

#include <QDateTime>
#include <QObject>

class QTimer;

namespace sagadeck {

// One lane of the timeline: a Prometheus range query over the window, decimated for drawing.
struct TimelineSeries
{
    QString id;          // failure | p95 | lag
    QString title;       // "Saga failure rate"
    QString unit;        // axis unit after scaling: "%", "ms", "messages"
    double scale = 1;    // raw value * scale = shown value
    QString query;       // empty: not available, see `unavailable`
    QString unavailable; // why there is no query (e.g. no lag_metric in the profile)
    QueryWindow window;
    QVector<PromPoint> points; // decimated, raw values
    qsizetype rawPoints = 0;
    QString error; // the last answer's failure; the old points stay, marked old
    QDateTime lastSuccess;
    bool answered = false;
    quint64 pendingId = 0; // the only answer that will be applied
};

// The incident timeline on the GUI thread: a window ending now (15 min to 3 h), three series
// asked from Prometheus through the session (requested() / applyAnswer(), late answers dropped
// by id) and the markers of three sources — alert transitions, this console's actions from the
// audit log and deployment changes seen on the Kubernetes API. No I/O here.
class IncidentTimeline : public QObject
{
    Q_OBJECT
public:
    explicit IncidentTimeline(QObject *parent = nullptr);

    static const QVector<int> &spanChoicesS(); // 15 m, 30 m, 1 h, 3 h
    static constexpr int kDefaultSpanS = 30 * 60;
    static constexpr int kMaxSpanS = 3 * 60 * 60;

    // `lagQuery` empty: the lag lane says `lagUnavailable` instead.
    void start(double scrapeIntervalS, int refreshMs, const QString &lagQuery, const QString &lagUnavailable,
               const SiteNames &names = {});
    void stop();
    void clear();
    bool running() const { return m_running; }

    int spanS() const { return m_spanS; }
    QDateTime windowStart() const { return m_end.addSecs(-m_spanS); }
    QDateTime windowEnd() const { return m_end; }
    const QVector<TimelineSeries> &series() const { return m_series; }
    const TimelineSeries *seriesById(const QString &id) const;
    // Every marker in the window, oldest first.
    TimelineMarkers markers() const;
    // The audit log as last read: when, and why not when it could not be.
    QDateTime actionsReadAt() const { return m_actionsReadAt; }
    QString actionsError() const { return m_actionsError; }
    QDateTime deploymentsSeenAt() const { return m_deploymentsAt; }
    int refreshMs() const;

    static QString failureQuery(const SiteNames &names = {});
    static QString latencyQuery(const SiteNames &names = {});

public slots:
    void setSpanS(int spanS);
    void setWidth(int px);
    void refresh();
    void applyAnswer(const sagadeck::PromAnswer &answer);
    void addAlertTransition(const sagadeck::AlertTransition &transition);
    void setConsoleActions(const QVector<sagadeck::ConsoleAction> &actions, const QDateTime &readAt,
                           const QString &error);
    void applyDeployments(const sagadeck::DeploymentList &deployments, const QDateTime &seenAt);

signals:
    void requested(const sagadeck::PromRequest &request);
    void seriesChanged();
    void markersChanged();
    void windowChanged();

private:
    void follow(); // the window ends now
    void prune();

    QVector<TimelineSeries> m_series;
    TimelineMarkers m_alerts;
    QVector<DeploymentChange> m_changes;
    QVector<ConsoleAction> m_actions;
    DeploymentChangeDetector m_detector;
    QDateTime m_actionsReadAt;
    QString m_actionsError;
    QDateTime m_deploymentsAt;
    QDateTime m_end;
    QTimer *m_timer;
    quint64 m_nextId = quint64(2) << 48; // apart from the dashboard's and the backfill's ids
    double m_scrapeS = 15;
    int m_refreshMs = 15000;
    int m_spanS = kDefaultSpanS;
    int m_widthPx = 900;
    bool m_running = false;
};

} // namespace sagadeck
