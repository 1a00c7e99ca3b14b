#include "TopicPartitionModel.h"
#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

TopicPartitionModel::TopicPartitionModel(QObject *parent)
    : SnapshotTableModel(
        ColumnCount,
        {u"Topic"_s, u"Partition"_s, u"Leader"_s, u"Replicas"_s, u"ISR"_s, u"Log end"_s, u"Msgs/s"_s, u"Replication"_s},
        {{SortRole, "sort"}, {UnderReplicatedRole, "underReplicated"}, {ReplicationRole, "replication"}}, parent)
{}

QVariant TopicPartitionModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const TopicPartitionRow &r = rowAt(index);
    const Replication replication = r.replication();
    switch (role) {
    case UnderReplicatedRole: return replication == Replication::UnderReplicated;
    case ReplicationRole: return int(replication);
    case Qt::ToolTipRole: {
        QStringList tip;
        if (replication != Replication::Ok)
            tip << replicationName(replication) + u": "_s + r.replicationDetail;
        if (!r.error.isEmpty())
            tip << r.error;
        return tip.isEmpty() ? QVariant() : QVariant(plainTooltip(tip.join(u'\n')));
    }
    case Qt::TextAlignmentRole:
        return index.column() == Topic || index.column() == ReplicationColumn
            ? QVariant()
            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case SortRole:
        switch (index.column()) {
        case Partition: return r.partition;
        case Leader: return r.leader;
        case LogEnd: return r.logEnd;
        case Rate: return r.messagesPerS;
        case ReplicationColumn: return int(replication);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic: return r.topic;
        case Partition: return r.partition;
        case Leader: return r.leader < 0 ? u"none"_s : QString::number(r.leader);
        case Replicas: return brokerIdsText(r.replicas);
        case Isr:
            return replication == Replication::UnderReplicated ? brokerIdsText(r.isr) + u" ⚠"_s : brokerIdsText(r.isr);
        case LogEnd:
            return r.logEnd >= 0                         ? QString::number(r.logEnd)
                : replication == Replication::Leaderless ? u"unknown (no leader)"_s
                                                         : u"unknown"_s;
        case Rate:
            return r.messagesPerS >= 0                   ? QString::number(r.messagesPerS, 'f', 1)
                : replication == Replication::Leaderless ? u"unknown"_s
                                                         : u"…"_s;
        case ReplicationColumn: return replicationName(replication);
        }
    }
    return {};
}

void TopicPartitionModel::setRows(const QVector<TopicPartitionRow> &rows)
{
    replaceRows(rows);
}

} // namespace sagadeck
