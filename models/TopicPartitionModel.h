#pragma once

#include "KafkaLagStore.h"

#include <QAbstractTableModel>

namespace sagadeck {

// Topics with their partitions: leader, replicas, in-sync replicas, log end, message rate.
class TopicPartitionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Topic, Partition, Leader, Replicas, Isr, LogEnd, Rate, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        UnderReplicatedRole,   // bool
    };
    Q_ENUM(Role)

    explicit TopicPartitionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public slots:
    void setRows(const QVector<sagadeck::TopicPartitionRow> &rows);

private:
    QVector<TopicPartitionRow> m_rows;
};

} // namespace sagadeck
