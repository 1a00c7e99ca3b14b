#pragma once

#include "AlertRule.h"
#include "AlertTableModel.h"
#include "ChartCatalog.h"
#include "ErrorBudget.h"
#include "SiteNames.h"
#include "PromTypes.h"
#include "QueryStep.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

class QTimer;

namespace sagadeck {

// What one chart shows: its spec, the window asked for, the answer (decimated to the chart's
// width before it reaches QtCharts) and why there is none when there is none.
struct ChartData
{
    ChartSpec spec;
    QueryWindow window;
    QVector<PromSeries> series; // decimated
    qsizetype rawPoints = 0;    // before decimation
    QString error;              // the last request's failure; old series stay, marked old
    QStringList warnings;
    QDateTime lastSuccess; // when the shown series arrived
    bool answered = false; // at least one answer (success or failure)
    int widthPx = 600;
    quint64 pendingId = 0; // the only answer that will be applied
};

// The latest instant reading of one service-level quantity (ServiceLevelQueries), for the
// overview's tiles: evaluated with the alert rules, never taken from them.
struct LevelReading
{
    QString id;                  // success, latency, availability, errors
    QString query;               // serviceLevelQuery(id)
    QString signal;              // what the query measures, in words
    QDateTime at;                // the last answer (success or failure); invalid: none yet
    std::optional<double> value; // nullopt: no series (the query's metric is absent) or NaN
    QString error;               // the last request's failure
    QStringList absent;          // no series (or a 0): which of the query's metrics Prometheus lacks
    quint64 pendingId = 0;
    bool presenceChecked = false; // no series: Prometheus was asked which metrics exist
};

// The Metrics page's state on the GUI thread: the charts' time range and refresh, the alert
// rules and their evaluation. It asks for data with requested() (the session routes that to
// the PrometheusClient on its thread) and takes answers with applyAnswer(); answers whose id is
// not the latest for their chart or rule are late and are dropped. No I/O here.
class MetricsDashboard : public QObject
{
    Q_OBJECT
public:
    explicit MetricsDashboard(QObject *parent = nullptr);

    // A session starts it with its profile's values and stops it when it ends.
    void start(double scrapeIntervalS, int alertIntervalMs, const QVector<AlertRule> &rules, const QString &rulesError,
               const SiteNames &names = {}, const SloSettings &objectives = {});
    void stop();
    void clear();
    bool running() const { return m_running; }

    QStringList chartIds() const;
    const ChartData *chart(const QString &id) const;
    AlertTableModel *alerts() const { return m_alerts; }
    const QVector<AlertTransition> &transitions() const { return m_transitions; }
    QString rulesError() const { return m_rulesError; }
    QDateTime lastAlertEvaluation() const { return m_lastAlertEval; }
    // The service-level readings, in the overview's tile order.
    const QVector<LevelReading> &levels() const { return m_levels; }
    const LevelReading *level(const QString &id) const;
    // Sets a reading as an answer would (hand-filled models in tests use it too).
    void setLevel(const QString &id, std::optional<double> value, const QDateTime &at, const QString &error = {},
                  const QStringList &absent = {});

    double rangeS() const { return m_rangeS; }
    int autoRefreshMs() const { return m_autoRefreshMs; }
    bool zoomed() const { return m_zoomEnd > 0; }
    double scrapeIntervalS() const { return m_scrapeS; }
    const SloSettings &objectives() const { return m_objectives; } // the session's (slo:)

public slots:
    void setRange(double rangeS);
    void setAutoRefreshMs(int ms); // 0: off
    void zoomTo(double startS, double endS);
    void resetZoom();
    void setChartWidth(const QString &id, int px);
    void refreshCharts();
    void evaluateAlerts();
    void applyAnswer(const sagadeck::PromAnswer &answer);

signals:
    void requested(const sagadeck::PromRequest &request);
    void chartChanged(const QString &id);
    void viewChanged(); // range, zoom or refresh changed
    void transitionOccurred(const sagadeck::AlertTransition &transition);
    void levelsChanged();

private:
    void requestChart(ChartData &c);
    void applyChart(ChartData &c, const PromAnswer &a);
    void applyRule(const QString &rule, const PromAnswer &a);
    void applyLevel(LevelReading &l, const PromAnswer &a);
    void applyPresence(const QString &tag, const PromAnswer &a);
    // Asks which of the query's metrics exist (a rule or level with no series says which not).
    quint64 askPresence(const QString &tag, const QString &query);
    void record(const QVector<AlertTransition> &transitions);

    QVector<ChartData> m_charts;
    AlertTableModel *m_alerts;
    QHash<QString, quint64> m_pendingRule;     // rule -> latest request id
    QHash<QString, quint64> m_pendingPresence; // presence tag -> latest request id
    QVector<LevelReading> m_levels;
    quint64 m_pendingAlerts = 0;
    quint64 m_nextId = 1;
    QVector<AlertTransition> m_transitions;
    QString m_rulesError;
    QDateTime m_lastAlertEval;
    QTimer *m_chartTimer;
    QTimer *m_alertTimer;
    QTimer *m_widthTimer; // a resized chart asks again once its width settles
    SloSettings m_objectives;
    double m_scrapeS = 15;
    double m_rangeS = 3600;
    double m_zoomStart = 0;
    double m_zoomEnd = 0;
    int m_autoRefreshMs = 0;
    bool m_running = false;
};

} // namespace sagadeck
