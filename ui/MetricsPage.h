#pragma once

#include "AlertRule.h"
#include "FeedHealth.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace sagadeck {

class AlertNotifier;
class FeedHealthModel;
class MetricChart;
class MetricsDashboard;
struct AlertTransition;

// The runbook's dashboards and alerts: one MetricChart per chart of the catalogue, a time range
// and auto-refresh picker, the alert rules with their states and the list of transitions.
// Holds no HTTP: it changes the dashboard's view and the dashboard asks the feed.
class MetricsPage : public QWidget
{
    Q_OBJECT
public:
    MetricsPage(MetricsDashboard *dashboard, FeedHealthModel *health, QWidget *parent = nullptr);

    MetricChart *chart(const QString &id) const { return m_charts.value(id); }
    QComboBox *rangePicker() const { return m_range; }
    QComboBox *refreshPicker() const { return m_refresh; }
    QPushButton *resetZoomButton() const { return m_resetZoom; }
    QTableView *alertView() const { return m_alertView; }
    QListWidget *transitionList() const { return m_transitions; }
    AlertNotifier *notifier() const { return m_notifier; }
    QString bannerText() const;
    QString noticeText() const;
    MetricsDashboard *dashboard() const { return m_dashboard; }
    // Silence / unsilence the selected console instance (also in the table's context menu).
    QPushButton *silenceButton() const { return m_silence; }
    QPushButton *unsilenceButton() const { return m_unsilence; }
    // Why silencing is refused (read-only...); empty: allowed. The buttons say it.
    void setSilenceRefusal(const QString &why);

    bool exportChartPng(const QString &id, const QString &path, QString *error);
    bool exportChartCsv(const QString &id, const QString &path, QString *error);

public slots:
    void showNotice(const QString &text);

signals:
    void silenceRequested(const QString &rule, const sagadeck::AlertLabels &labels);
    void unsilenceRequested(const QString &silenceId);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void layoutCharts();
    QWidget *buildToolbar();
    QWidget *buildAlerts();
    void refreshHealth();
    void onRangePicked(int index);
    void pickCustomRange();
    void addTransition(const AlertTransition &t);
    void exportAll();
    void updateSilenceButtons();
    void showAlertMenu(const QPoint &at);
    void requestSilence();
    void requestUnsilence();

    MetricsDashboard *m_dashboard;
    FeedHealthModel *m_health;
    QHash<QString, MetricChart *> m_charts;
    QVector<MetricChart *> m_chartOrder;
    QGridLayout *m_grid = nullptr;
    int m_columns = 0;
    QComboBox *m_range = nullptr;
    QComboBox *m_refresh = nullptr;
    QPushButton *m_resetZoom = nullptr;
    QLabel *m_banner;
    QLabel *m_notice;
    QTableView *m_alertView = nullptr;
    QListWidget *m_transitions = nullptr;
    AlertNotifier *m_notifier;
    QPushButton *m_silence = nullptr;
    QPushButton *m_unsilence = nullptr;
    QString m_silenceRefusal;
    int m_lastRangeIndex = 2;
};

} // namespace sagadeck
