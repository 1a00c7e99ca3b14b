#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

namespace sagadeck {

// The scaffolding every flat table model of the console shares: no children, a fixed set of
// column titles, and a few roles of its own with names (for QML and the item model tester).
// A model says what its columns and roles are once, in its constructor, and keeps data().
class ColumnTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    // `titles`: one per column, in order (`columns` of them: the model's ColumnCount, so that
    // a column added without a title is caught); `roles`: the model's own, added to Qt's.
    ColumnTableModel(int columns, QStringList titles, QHash<int, QByteArray> roles, QObject *parent);

    // Whether `index` is a cell of this table: the check each data() starts with.
    bool isCell(const QModelIndex &index) const;

private:
    QStringList m_titles;
    QHash<int, QByteArray> m_roles;
};

} // namespace sagadeck
