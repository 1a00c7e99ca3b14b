#pragma once

#include "KafkaLagStore.h"

#include <QAbstractTableModel>

namespace sagadeck {

// Per-partition offsets, lag and status of one consumer group. A partition without a
// committed offset shows "no commit", never a number.
class PartitionLagModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Topic, Partition, Status, Committed, LogEnd, Lag, LagTimeColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        StatusRole,      // LagStatus as int
        ReasonRole,
        NoCommitRole,    // bool
    };
    Q_ENUM(Role)

    explicit PartitionLagModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString group() const { return m_group; }
    const QVector<PartitionLagRow> &rows() const { return m_rows; }

public slots:
    // The rows of the shown group (a new group resets; the same keys update in place).
    void setRows(const QString &group, const QVector<sagadeck::PartitionLagRow> &rows);

private:
    QString m_group;
    QVector<PartitionLagRow> m_rows;
};

} // namespace sagadeck
