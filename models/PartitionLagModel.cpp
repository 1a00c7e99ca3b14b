#include "PartitionLagModel.h"

#include "RowRuns.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

PartitionLagModel::PartitionLagModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int PartitionLagModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PartitionLagModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionLagModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PartitionLagRow &r = m_rows.at(index.row());
    const bool noCommit = r.committed < 0;
    switch (role) {
    case StatusRole: return int(r.verdict.status);
    case ReasonRole:
    case Qt::ToolTipRole: return r.verdict.reason;
    case NoCommitRole: return noCommit;
    case Qt::TextAlignmentRole:
        return index.column() >= Committed || index.column() == Partition
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        switch (index.column()) {
        case Partition: return r.partition;
        case Status: return lagStatusSeverity(r.verdict.status);
        case Committed: return r.committed;
        case LogEnd: return r.logEnd;
        case Lag: return r.lag;
        case LagTimeColumn: return r.lagTime.seconds;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic: return r.topic;
        case Partition: return r.partition;
        case Status: return lagStatusName(r.verdict.status);
        case Committed: return noCommit ? u"no commit"_s : QString::number(r.committed);
        case LogEnd: return r.logEnd < 0 ? u"unknown"_s : QString::number(r.logEnd);
        case Lag: return noCommit ? u"no commit"_s : QString::number(r.lag);
        case LagTimeColumn: return noCommit ? u"—"_s : LagTimeEstimator::describe(r.lagTime);
        }
    }
    return {};
}

QVariant PartitionLagModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{u"Topic"_s, u"Partition"_s, u"Status"_s, u"Committed"_s,
                                   u"Log end"_s, u"Lag (msgs)"_s, u"Lag (time)"_s};
    return names.value(section);
}

QHash<int, QByteArray> PartitionLagModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sort");
    names.insert(StatusRole, "status");
    names.insert(ReasonRole, "reason");
    names.insert(NoCommitRole, "noCommit");
    return names;
}

void PartitionLagModel::setRows(const QString &group, const QVector<PartitionLagRow> &rows)
{
    if (group != m_group || !sameKeys(m_rows, rows)) {
        beginResetModel();
        m_group = group;
        m_rows = rows;
        endResetModel();
        return;
    }
    const QVector<PartitionLagRow> before = m_rows;
    m_rows = rows;
    emitChangedRuns(this, before, m_rows, {});
}

} // namespace sagadeck
