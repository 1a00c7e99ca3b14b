#pragma once

#include <QHash>
#include <QWidget>

class QLabel;
class QTimer;

namespace sagadeck {

class DeploymentTableModel;
class EscalationPanel;
class FeedHealthModel;
class KafkaLagStore;
class MetricsDashboard;
class SagaSummaryStore;
class StatusTile;

// The first page: the service-level targets against the latest evaluated values, firing
// alerts, failed and stuck sagas, the worst consumer group, deployment readiness and feed
// health, each a tile that opens its page. Reads the models the other pages fill; a tile whose
// feed is not Live says so instead of showing a verdict.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    struct Sources
    {
        FeedHealthModel *health = nullptr;
        MetricsDashboard *metrics = nullptr;
        SagaSummaryStore *sagas = nullptr;
        KafkaLagStore *kafka = nullptr;
        DeploymentTableModel *deployments = nullptr;
    };

    explicit OverviewPage(const Sources &sources, QWidget *parent = nullptr);

    // Tiles by id: success, latency, availability, errors, alerts, sagas, kafka, deployments, feeds.
    StatusTile *tile(const QString &id) const { return m_tiles.value(id); }
    QStringList tileIds() const { return m_order; }
    // The verdict a tile shows: met, at risk, missed, no data (colour and shape follow it).
    QString verdict(const QString &id) const { return m_verdicts.value(id); }
    // Below the tiles: the profile's escalation contacts and dashboards.
    EscalationPanel *escalation() const { return m_escalation; }

public slots:
    void refresh();

signals:
    void pageRequested(const QString &pageId);

private:
    StatusTile *addTile(const QString &id, const QString &caption, const QString &page);
    void show(const QString &id, const QString &verdict, const QString &value, const QString &detail);
    void refreshServiceLevels();
    void refreshBudgets(); // the objectives' error budgets over their window, and their burn
    void refreshAlerts();
    void refreshSagas();
    void refreshKafka();
    void refreshDeployments();
    void refreshFeeds();

    Sources m_src;
    QHash<QString, StatusTile *> m_tiles;
    QHash<QString, QString> m_verdicts;
    QStringList m_order;
    QLabel *m_updated;
    QTimer *m_tick;
    EscalationPanel *m_escalation;
};

} // namespace sagadeck
