#include "ConsumerGroupModel.h"

#include "RowRuns.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

ConsumerGroupModel::ConsumerGroupModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ConsumerGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConsumerGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConsumerGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GroupLagRow &r = m_rows.at(index.row());
    switch (role) {
    case GroupRole: return r.group;
    case StatusRole: return int(r.status);
    case ReasonRole: return r.reason;
    case Qt::ToolTipRole:
        return r.error.isEmpty() ? r.reason : r.error;
    case Qt::TextAlignmentRole:
        return index.column() == Lag || index.column() == Members || index.column() == Partitions
                   || index.column() == LagTimeColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        switch (index.column()) {
        case Status: return lagStatusSeverity(r.status);
        case Lag: return r.totalLag;
        case LagTimeColumn: return r.lagTime.seconds;
        case Members: return r.members;
        case Partitions: return r.partitions;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Group: return r.group;
        case Status: return lagStatusName(r.status);
        case Lag:
            return r.noCommit > 0 ? u"%1 (+%2 no commit)"_s.arg(r.totalLag).arg(r.noCommit)
                                  : QString::number(r.totalLag);
        case LagTimeColumn: return LagTimeEstimator::describe(r.lagTime);
        case State: return r.error.isEmpty() ? r.state : u"error: "_s + r.error;
        case Members: return r.members;
        case Partitions: return r.partitions;
        case Protocol: return r.protocol;
        }
    }
    return {};
}

QVariant ConsumerGroupModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{u"Group"_s, u"Status"_s, u"Lag (msgs)"_s, u"Lag (time)"_s,
                                   u"State"_s, u"Members"_s, u"Partitions"_s, u"Assignor"_s};
    return names.value(section);
}

QHash<int, QByteArray> ConsumerGroupModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sort");
    names.insert(GroupRole, "group");
    names.insert(StatusRole, "status");
    names.insert(ReasonRole, "reason");
    return names;
}

int ConsumerGroupModel::rowOf(const QString &group) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).group == group)
            return int(i);
    return -1;
}

void ConsumerGroupModel::setRows(const QVector<GroupLagRow> &rows)
{
    if (!sameKeys(m_rows, rows)) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    const QVector<GroupLagRow> before = m_rows;
    m_rows = rows;
    emitChangedRuns(this, before, m_rows, {});
}

} // namespace sagadeck
