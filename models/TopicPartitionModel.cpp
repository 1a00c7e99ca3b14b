#include "TopicPartitionModel.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QString ids(const QVector<int> &v)
{
    QStringList s;
    for (int i : v)
        s << QString::number(i);
    return s.join(u',');
}
} // namespace

TopicPartitionModel::TopicPartitionModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Topic"_s, u"Partition"_s, u"Leader"_s, u"Replicas"_s, u"ISR"_s, u"Log end"_s, u"Msgs/s"_s},
                         {{SortRole, "sort"}, {UnderReplicatedRole, "underReplicated"}}, parent)
{}

QVariant TopicPartitionModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const TopicPartitionRow &r = rowAt(index);
    switch (role) {
    case UnderReplicatedRole: return r.underReplicated();
    case Qt::ToolTipRole:
        return !r.error.isEmpty() ? r.error
            : r.underReplicated()
            ? u"under-replicated: %1 of %2 replicas in sync"_s.arg(r.isr.size()).arg(r.replicas.size())
            : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Topic ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case SortRole:
        switch (index.column()) {
        case Partition: return r.partition;
        case Leader: return r.leader;
        case LogEnd: return r.logEnd;
        case Rate: return r.messagesPerS;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic: return r.topic;
        case Partition: return r.partition;
        case Leader: return r.leader < 0 ? u"none"_s : QString::number(r.leader);
        case Replicas: return ids(r.replicas);
        case Isr: return r.underReplicated() ? ids(r.isr) + u" ⚠"_s : ids(r.isr);
        case LogEnd: return r.logEnd < 0 ? u"unknown"_s : QString::number(r.logEnd);
        case Rate: return r.messagesPerS < 0 ? u"…"_s : QString::number(r.messagesPerS, 'f', 1);
        }
    }
    return {};
}

void TopicPartitionModel::setRows(const QVector<TopicPartitionRow> &rows)
{
    replaceRows(rows);
}

} // namespace sagadeck
