#pragma once

#include "KafkaCapacity.h"

#include <QUuid>
#include <QWidget>

class QCheckBox;
class QPushButton;
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

    // Capacity of the selected group: "3 consumers for 6 partitions of saga-events", and the
    // warning when consumers already equal or exceed the partitions (empty: none).
    QString capacityText() const;
    QString capacityWarning() const;
    // The topic the repairs act on: the selected group's widest topic, else the saga topic.
    QString selectedTopic() const;
    GroupCapacity capacity(const QString &group) const;
    QPushButton *resetOffsetsButton() const { return m_resetOffsets; }
    QPushButton *addPartitionsButton() const { return m_addPartitions; }
    // Set by the session's KafkaActionController: why the repairs cannot run (read-only, no
    // Kafka), or empty; a note of the last repair (plain text); busy while one runs.
    void setActionsBlocked(const QString &why);
    void showActionNote(const QString &note);
    QString actionNote() const;
    void setActionBusy(bool busy);

signals:
    // A saga id was clicked (in the tail): show it on the Sagas page.
    void sagaRequested(const QUuid &id);
    // The all-groups view opened at `page` (0-based), moved, or closed (page < 0).
    void allGroupsRequested(int page);
    // The repair buttons: for the selected group and its topic.
    void resetOffsetsRequested(const QString &group, const QString &topic);
    void addPartitionsRequested(const QString &topic, int currentPartitions);

private:
    void refreshData();
    void refreshHealth();
    void refreshReplication();
    void showSelectedPartitions();
    QWidget *buildScopeBar();
    void requestGroupsPage(int page);
    void updateScopeBar();
    QWidget *buildCapacityBar();
    void refreshCapacity();
    void updateActionButtons();

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
    QString m_sagaTopic;
    QLabel *m_capacity = nullptr;
    QLabel *m_capacityWarning = nullptr;
    QLabel *m_actionNote = nullptr;
    QPushButton *m_resetOffsets = nullptr;
    QPushButton *m_addPartitions = nullptr;
    QString m_actionsBlocked;
    bool m_actionBusy = false;
};

} // namespace sagadeck
