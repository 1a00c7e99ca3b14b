#include "ConsumerGroupModel.h"
#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

ConsumerGroupModel::ConsumerGroupModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Group"_s, u"Status"_s, u"Lag (msgs)"_s, u"Lag (time)"_s, u"State"_s, u"Members"_s,
                          u"Partitions"_s, u"Assignor"_s},
                         {{SortRole, "sort"}, {GroupRole, "group"}, {StatusRole, "status"}, {ReasonRole, "reason"}},
                         parent)
{}

QVariant ConsumerGroupModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const GroupLagRow &r = rowAt(index);
    switch (role) {
    case GroupRole: return r.group;
    case StatusRole: return int(r.status);
    case ReasonRole: return r.reason;
    case Qt::ToolTipRole: return plainTooltip(r.error.isEmpty() ? r.reason : r.error);
    case Qt::TextAlignmentRole:
        return index.column() == Lag || index.column() == Members || index.column() == Partitions
                || index.column() == LagTimeColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
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
        case Lag: return r.lagText();
        case LagTimeColumn: return LagTimeEstimator::describe(r.lagTime);
        case State: return r.error.isEmpty() ? r.state : u"error: "_s + r.error;
        case Members: return r.members;
        case Partitions: return r.partitions;
        case Protocol: return r.protocol;
        }
    }
    return {};
}

int ConsumerGroupModel::rowOf(const QString &group) const
{
    return findRow([&](const GroupLagRow &r) { return r.group == group; });
}

void ConsumerGroupModel::setRows(const QVector<GroupLagRow> &rows)
{
    replaceRows(rows);
}

} // namespace sagadeck
