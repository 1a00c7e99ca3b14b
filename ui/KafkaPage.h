#pragma once

#include <QUuid>
#include <QWidget>

class QCheckBox;
class QLabel;
class QToolButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTimer;

namespace sagadeck {

class ConsumerGroupModel;
class EventTailModel;
class EventTailPanel;
class FeedHealthModel;
class KafkaLagStore;
class LagBackfill;
class LagChart;
class PartitionLagModel;
class TopicPartitionModel;

// The Kafka page: consumer groups with Burrow-style status, lag in messages and time, the
// selected group's partitions, lag over time, topics, and the live saga-events tail. A line
// under the feed's banner says which partitions are leaderless (red) or under-replicated
// (amber), and each partition row says its replication.
// Holds no Kafka client: it shows KafkaLagStore and EventTailModel, and says why when the
// Kafka feed is not Live.
class KafkaPage : public QWidget
{
    Q_OBJECT
public:
    KafkaPage(KafkaLagStore *store, EventTailModel *tail, FeedHealthModel *health, const QString &sagaTopic,
              QWidget *parent = nullptr);

    QTableView *groupView() const { return m_groupView; }
    QTableView *partitionView() const { return m_partitionView; }
    QTableView *topicView() const { return m_topicView; }
    LagChart *chart() const { return m_chart; }
    EventTailPanel *tailPanel() const { return m_tail; }
    QTabWidget *tabs() const { return m_tabs; }
    ConsumerGroupModel *groupModel() const { return m_groups; }
    PartitionLagModel *partitionModel() const { return m_partitions; }

    // Where the lag chart's older part comes from (Prometheus, when configured); optional.
    void setLagBackfill(LagBackfill *backfill);
    QString chartSourceText() const;
    void selectGroup(const QString &group);
    QString selectedGroup() const { return m_selected; }
    QString bannerText() const;
    // The replication line: empty when every partition is ok (or nothing is known yet).
    QString replicationText() const;
    bool replicationIsProblem() const; // red (a partition is leaderless) rather than amber
    QString ageText() const;

    // The line over the groups: the profile's groups, or those and a page of the cluster's others.
    QString scopeText() const;
    QCheckBox *allGroupsBox() const { return m_allGroups; }
    QToolButton *nextPageButton() const { return m_nextPage; }

signals:
    // A saga id was clicked (in the tail): show it on the Sagas page.
    void sagaRequested(const QUuid &id);
    // The all-groups view opened at `page` (0-based), moved, or closed (page < 0).
    void allGroupsRequested(int page);

private:
    void refreshData();
    void refreshHealth();
    void refreshReplication();
    void showSelectedPartitions();
    QWidget *buildScopeBar();
    void requestGroupsPage(int page);
    void updateScopeBar();

    KafkaLagStore *m_store;
    FeedHealthModel *m_health;
    ConsumerGroupModel *m_groups;
    PartitionLagModel *m_partitions;
    TopicPartitionModel *m_topics;
    QSortFilterProxyModel *m_groupSort;
    QLabel *m_banner;
    QLabel *m_replication;
    QLabel *m_age;
    QTableView *m_groupView;
    QTableView *m_partitionView;
    QTableView *m_topicView;
    LagChart *m_chart;
    QLabel *m_chartSource;
    EventTailPanel *m_tail;
    QTabWidget *m_tabs;
    QTimer *m_tick;
    QString m_selected;
    QCheckBox *m_allGroups = nullptr;
    QToolButton *m_prevPage = nullptr;
    QToolButton *m_nextPage = nullptr;
    QLabel *m_scope = nullptr;
    int m_requestedPage = -1;
};

} // namespace sagadeck
