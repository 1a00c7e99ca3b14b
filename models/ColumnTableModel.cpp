#include "ColumnTableModel.h"

namespace sagadeck {

ColumnTableModel::ColumnTableModel(int columns, QStringList titles, QHash<int, QByteArray> roles, QObject *parent)
    : QAbstractTableModel(parent)
    , m_titles(std::move(titles))
    , m_roles(std::move(roles))
{
    Q_ASSERT(m_titles.size() == columns);
}

int ColumnTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QVariant ColumnTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    // Views show no row numbers: only the column titles are headers.
    if (o != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_titles.size())
        return {};
    return m_titles.at(section);
}

QHash<int, QByteArray> ColumnTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(m_roles);
    return names;
}

bool ColumnTableModel::isCell(const QModelIndex &index) const
{
    return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

} // namespace sagadeck
