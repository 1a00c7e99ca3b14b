#pragma once

#include "KafkaLagStore.h"
#include "SnapshotTableModel.h"

namespace sagadeck {

// Topics with their partitions: leader, replicas, in-sync replicas, log end, message rate and
// replication (ok, under-replicated, leaderless: replicationOf()).
class TopicPartitionModel : public SnapshotTableModel<TopicPartitionRow>
{
    Q_OBJECT
public:
    enum Column
    {
        Topic,
        Partition,
        Leader,
        Replicas,
        Isr,
        LogEnd,
        Rate,
        ReplicationColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        UnderReplicatedRole, // bool
        ReplicationRole,     // Replication as int
    };
    Q_ENUM(Role)

    explicit TopicPartitionModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

public slots:
    void setRows(const QVector<sagadeck::TopicPartitionRow> &rows);
};

} // namespace sagadeck
