#pragma once

#include <QAbstractItemModel>
#include <QVector>

namespace sagadeck {

// Whether two row lists hold the same keys in the same order (then values can be updated in
// place with dataChanged; otherwise the model must be reset).
template <typename Row>
bool sameKeys(const QVector<Row> &a, const QVector<Row> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (!a.at(i).sameKey(b.at(i)))
            return false;
    return true;
}

// Emits one dataChanged per contiguous run of changed rows (all columns), none when nothing
// changed. Call after the model's rows were replaced by `now`.
template <typename Row>
int emitChangedRuns(QAbstractItemModel *model, const QVector<Row> &before, const QVector<Row> &now,
                    const QList<int> &roles)
{
    int runs = 0;
    const int lastColumn = model->columnCount() - 1;
    qsizetype i = 0;
    while (i < now.size()) {
        if (before.at(i) == now.at(i)) {
            ++i;
            continue;
        }
        const qsizetype first = i;
        while (i < now.size() && !(before.at(i) == now.at(i)))
            ++i;
        emit model->dataChanged(model->index(int(first), 0), model->index(int(i - 1), lastColumn), roles);
        ++runs;
    }
    return runs;
}

} // namespace sagadeck
