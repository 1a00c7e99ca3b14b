#pragma once

#include "KafkaLagStore.h"
#include "SnapshotTableModel.h"

namespace sagadeck {

// Per-partition offsets, lag, status and replication of one consumer group. A partition without
// a committed offset shows "no commit", one whose log end or committed offset cannot be read
// (no leader, its group's coordinator gone) "unknown", never a number.
class PartitionLagModel : public SnapshotTableModel<PartitionLagRow>
{
    Q_OBJECT
public:
    enum Column
    {
        Topic,
        Partition,
        Status,
        Committed,
        LogEnd,
        Lag,
        LagTimeColumn,
        ReplicationColumn,
        OwnerColumn,  // the member's client id
        HostColumn,   // its host
        MemberColumn, // its member id
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        StatusRole, // LagStatus as int
        ReasonRole,
        NoCommitRole,    // bool
        ReplicationRole, // Replication as int
    };
    Q_ENUM(Role)

    explicit PartitionLagModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    QString group() const { return m_group; }

public slots:
    // The rows of the shown group (a new group resets; the same keys update in place).
    void setRows(const QString &group, const QVector<sagadeck::PartitionLagRow> &rows);

private:
    QString m_group;
};

} // namespace sagadeck
