#pragma once

#include "ColumnTableModel.h"
#include "RowRuns.h"

#include <QVector>

#include <utility>

namespace sagadeck {

// A table of value rows that a feed replaces as a whole with each snapshot. Rows with the
// same keys in the same order are updated in place (one dataChanged per run of changed rows,
// so selections and scroll positions survive); any other change is a model reset.
// `Row` has sameKey() and operator==.
template <typename Row>
class SnapshotTableModel : public ColumnTableModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

    const QVector<Row> &rows() const { return m_rows; }

    // The first row for which `matches(row)` holds, or -1.
    template <typename Predicate>
    int findRow(Predicate matches) const
    {
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            if (matches(m_rows.at(i)))
                return int(i);
        return -1;
    }

protected:
    using ColumnTableModel::ColumnTableModel;

    const Row &rowAt(const QModelIndex &index) const { return m_rows.at(index.row()); }

    // The next snapshot; `reset` forces a reset even when the keys match (a different set).
    void replaceRows(const QVector<Row> &rows, bool reset = false)
    {
        if (reset || !sameKeys(m_rows, rows)) {
            resetRows(rows);
            return;
        }
        const QVector<Row> before = std::exchange(m_rows, rows);
        emitChangedRuns(this, before, m_rows, {});
    }

    void resetRows(const QVector<Row> &rows)
    {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }

private:
    QVector<Row> m_rows;
};

} // namespace sagadeck
