#include "TopicPartitionModel.h"

#include "RowRuns.h"

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
    : QAbstractTableModel(parent)
{
}

int TopicPartitionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TopicPartitionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TopicPartitionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TopicPartitionRow &r = m_rows.at(index.row());
    switch (role) {
    case UnderReplicatedRole: return r.underReplicated();
    case Qt::ToolTipRole:
        return !r.error.isEmpty() ? r.error
            : r.underReplicated() ? u"under-replicated: %1 of %2 replicas in sync"_s.arg(r.isr.size()).arg(r.replicas.size())
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

QVariant TopicPartitionModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{u"Topic"_s, u"Partition"_s, u"Leader"_s, u"Replicas"_s,
                                   u"ISR"_s, u"Log end"_s, u"Msgs/s"_s};
    return names.value(section);
}

QHash<int, QByteArray> TopicPartitionModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sort");
    names.insert(UnderReplicatedRole, "underReplicated");
    return names;
}

void TopicPartitionModel::setRows(const QVector<TopicPartitionRow> &rows)
{
    if (!sameKeys(m_rows, rows)) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    const QVector<TopicPartitionRow> before = m_rows;
    m_rows = rows;
    emitChangedRuns(this, before, m_rows, {});
}

} // namespace sagadeck
