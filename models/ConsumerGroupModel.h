#pragma once

#include "KafkaLagStore.h"
#include "SnapshotTableModel.h"

namespace sagadeck {

// One row per consumer group: status, total lag, lag in time, state, members. Fed from
// KafkaLagStore::groups() on the GUI thread; values update with dataChanged per run of rows.
class ConsumerGroupModel : public SnapshotTableModel<GroupLagRow>
{
    Q_OBJECT
public:
    enum Column
    {
        Group,
        Status,
        Lag,
        LagTimeColumn,
        State,
        Members,
        Partitions,
        Protocol,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers as numbers, status by severity
        GroupRole,               // QString group id
        StatusRole,              // LagStatus as int
        ReasonRole,              // why this status
    };
    Q_ENUM(Role)

    explicit ConsumerGroupModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &group) const;

public slots:
    void setRows(const QVector<sagadeck::GroupLagRow> &rows);
};

} // namespace sagadeck
