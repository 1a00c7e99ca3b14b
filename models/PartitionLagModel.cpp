#include "PartitionLagModel.h"
#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

PartitionLagModel::PartitionLagModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Topic"_s, u"Partition"_s, u"Status"_s, u"Committed"_s, u"Log end"_s, u"Lag (msgs)"_s,
                          u"Lag (time)"_s, u"Replication"_s, u"Owner (client id)"_s, u"Host"_s, u"Member id"_s},
                         {{SortRole, "sort"},
                          {StatusRole, "status"},
                          {ReasonRole, "reason"},
                          {NoCommitRole, "noCommit"},
                          {ReplicationRole, "replication"}},
                         parent)
{}

QVariant PartitionLagModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const PartitionLagRow &r = rowAt(index);
    const bool noCommit = r.noCommit();
    const bool leaderless = r.replication == Replication::Leaderless;
    switch (role) {
    case StatusRole: return int(r.verdict.status);
    case ReplicationRole: return int(r.replication);
    case ReasonRole: return r.verdict.reason;
    case Qt::ToolTipRole:
        return plainTooltip(index.column() == ReplicationColumn && r.replication != Replication::Ok
                                ? replicationName(r.replication) + u": "_s + r.replicationDetail
                                : r.verdict.reason);
    case NoCommitRole: return noCommit;
    case Qt::TextAlignmentRole:
        return (index.column() >= Committed && index.column() < ReplicationColumn) || index.column() == Partition
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case SortRole:
        switch (index.column()) {
        case Partition: return r.partition;
        case Status: return lagStatusSeverity(r.verdict.status);
        case Committed: return r.committed;
        case LogEnd: return r.logEnd;
        case Lag: return r.lag;
        case LagTimeColumn: return r.lagTime.seconds;
        case ReplicationColumn: return int(r.replication);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic: return r.topic;
        case Partition: return r.partition;
        case Status: return lagStatusName(r.verdict.status);
        case Committed:
            return r.committedUnknown ? u"unknown"_s : noCommit ? u"no commit"_s : QString::number(r.committed);
        case LogEnd:
            return r.logEnd >= 0 ? QString::number(r.logEnd) : leaderless ? u"unknown (no leader)"_s : u"unknown"_s;
        case Lag:
            return noCommit          ? u"no commit"_s
                : r.lag >= 0         ? QString::number(r.lag)
                : leaderless         ? u"unknown (no leader)"_s
                : r.committedUnknown ? u"unknown (committed offset not read)"_s
                                     : u"unknown (log end not read)"_s;
        case LagTimeColumn: return noCommit ? u"—"_s : LagTimeEstimator::describe(r.lagTime);
        case ReplicationColumn: return replicationName(r.replication);
        case OwnerColumn: return r.ownerMemberId.isEmpty() ? u"no member"_s : r.ownerClientId;
        case HostColumn: return r.ownerHost;
        case MemberColumn: return r.ownerMemberId;
        }
    }
    return {};
}

void PartitionLagModel::setRows(const QString &group, const QVector<PartitionLagRow> &rows)
{
    // Another group's partitions are another table, even where topics and numbers match.
    const bool otherGroup = group != m_group;
    m_group = group;
    replaceRows(rows, otherGroup);
}

} // namespace sagadeck
