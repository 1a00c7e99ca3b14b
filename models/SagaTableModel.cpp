#include "SagaTableModel.h"
#include "PlainText.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kFlushMs = 100;

QStringList columnTitles()
{
    QStringList titles;
    for (int c = 0; c < sagaColumnCount; ++c)
        titles << sagaColumnTitle(SagaColumn(c));
    return titles;
}
} // namespace

SagaTableModel::SagaTableModel(QObject *parent)
    : ColumnTableModel(sagaColumnCount, columnTitles(), {}, parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &SagaTableModel::flushChangedRows);
}

int SagaTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

std::optional<SagaRow> SagaTableModel::rowAt(int row) const
{
    const auto page = m_pages.constFind(row / pageSize);
    if (page == m_pages.cend() || row % pageSize >= page->size())
        return std::nullopt;
    return page->at(row % pageSize);
}

QVariant SagaTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const auto row = rowAt(index.row());
    if (!row) {
        // Not loaded: ask for its page (once) and say so rather than show an empty cell.
        if (role == Qt::DisplayRole || role == LoadedRole) {
            const int page = index.row() / pageSize;
            if (!m_requested.contains(page))
                const_cast<SagaTableModel *>(this)->requestPage(page);
        }
        if (role == LoadedRole)
            return false;
        return role == Qt::DisplayRole && index.column() == 0 ? QVariant(u"loading…"_s) : QVariant();
    }
    switch (role) {
    case Qt::DisplayRole: return displayValue(*row, index.column());
    case Qt::ToolTipRole:
        return index.column() == int(SagaColumn::LastError) && !row->lastError.isEmpty()
            ? QVariant(plainTooltip(row->lastError))
            : QVariant();
    case RowRole: return QVariant::fromValue(*row);
    case IdRole: return row->id;
    case StatusRole: return int(row->status);
    case SortRole: return sortValue(*row, index.column());
    case LoadedRole: return true;
    default: return {};
    }
}

QVariant SagaTableModel::displayValue(const SagaRow &row, int column) const
{
    switch (SagaColumn(column)) {
    case SagaColumn::Id: return row.id.toString(QUuid::WithoutBraces);
    case SagaColumn::Type: return row.type;
    case SagaColumn::Status: return row.status == SagaStatus::Unknown ? row.statusText : sagaStatusLabel(row.status);
    case SagaColumn::CurrentStep: return row.currentStep;
    case SagaColumn::Attempt: return row.attempt;
    case SagaColumn::LastError: return row.lastError.section(u'\n', 0, 0);
    case SagaColumn::CreatedAt: return row.createdAt.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    case SagaColumn::UpdatedAt: return row.updatedAt.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    }
    return {};
}

QVariant SagaTableModel::sortValue(const SagaRow &row, int column) const
{
    switch (SagaColumn(column)) {
    case SagaColumn::Attempt: return row.attempt;
    case SagaColumn::CreatedAt: return row.createdAtUs;
    case SagaColumn::UpdatedAt: return row.updatedAtUs;
    default: return displayValue(row, column);
    }
}

void SagaTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= sagaColumnCount)
        return;
    SagaFilter f = m_filter;
    f.sortColumn = SagaColumn(column);
    f.sortOrder = order;
    setFilter(f);
}

void SagaTableModel::setFilter(const SagaFilter &filter)
{
    if (filter == m_filter && m_generation != 0)
        return;
    m_filter = filter;
    emit filterChanged(m_filter);
    startGeneration();
}

void SagaTableModel::reload()
{
    startGeneration();
}

void SagaTableModel::startGeneration()
{
    // A whole new snapshot: the one case for a model reset.
    beginResetModel();
    ++m_generation;
    m_pages.clear();
    m_rowOfId.clear();
    m_requested.clear();
    m_changedRows.clear();
    m_total = 0;
    m_countKnown = false;
    m_anchors.clear();
    if (m_searchPlan.known || !m_searchPlan.error.isEmpty()) {
        m_searchPlan = {};
        emit searchPlanChanged();
    }
    m_anchorSpacing = 0;
    endResetModel();
    const bool hadPending = !m_pendingIds.isEmpty();
    m_pendingIds.clear();
    if (hadPending)
        emit pendingChangesChanged(0);
    if (!m_lastError.isEmpty()) {
        m_lastError.clear();
        emit errorChanged(m_lastError);
    }
    emit countChanged(m_total);
    // Rows first: they are what the operator waits for; the count follows.
    requestPage(0);
    emit countRequested(m_generation, m_filter);
}

void SagaTableModel::ensureLoaded(int first, int last)
{
    if (m_total == 0)
        return;
    first = std::max(0, first);
    last = std::min(int(m_total) - 1, last);
    for (int page = first / pageSize; page <= last / pageSize; ++page)
        if (!m_pages.contains(page) && !m_requested.contains(page))
            requestPage(page);
}

void SagaTableModel::requestPage(int page)
{
    m_requested.insert(page);
    m_lastPageWanted = page;
    SagaPageRequest request;
    request.generation = m_generation;
    request.filter = m_filter;
    request.offset = page * pageSize;
    request.limit = pageSize;
    request.skip = request.offset;
    // Continuing right after a loaded page is a keyset query with nothing to skip; a jump
    // starts from the nearest anchor before it and skips fewer rows than the anchor spacing.
    const auto previous = m_pages.constFind(page - 1);
    if (previous != m_pages.cend() && previous->size() == pageSize) {
        request.after = previous->last();
        request.skip = 0;
    } else if (m_anchorSpacing > 0) {
        const int anchor = std::min(request.offset / m_anchorSpacing, int(m_anchors.size())) - 1;
        if (anchor >= 0) {
            request.after = m_anchors.at(anchor); // the row at (anchor + 1) * spacing - 1
            request.skip = request.offset - (anchor + 1) * m_anchorSpacing;
        }
    }
    emit pageRequested(request);
}

void SagaTableModel::resizeTo(qint64 rows)
{
    if (rows > m_total) {
        beginInsertRows({}, int(m_total), int(rows - 1));
        m_total = rows;
        endInsertRows();
    } else if (rows < m_total) {
        beginRemoveRows({}, int(rows), int(m_total - 1));
        m_total = rows;
        for (auto it = m_pages.begin(); it != m_pages.end();) {
            const int firstRow = it.key() * pageSize;
            if (firstRow >= rows) {
                for (const SagaRow &r : std::as_const(*it))
                    m_rowOfId.remove(r.id);
                it = m_pages.erase(it);
            } else {
                if (firstRow + it->size() > rows) {
                    for (int i = int(rows - firstRow); i < it->size(); ++i)
                        m_rowOfId.remove(it->at(i).id);
                    it->resize(int(rows - firstRow));
                }
                ++it;
            }
        }
        endRemoveRows();
    } else {
        return;
    }
    emit countChanged(m_total);
}

void SagaTableModel::applySearchPlan(quint64 generation, const SagaSearchPlan &plan)
{
    if (generation != m_generation)
        return;
    m_searchPlan = plan;
    emit searchPlanChanged();
}

void SagaTableModel::applyCount(quint64 generation, qint64 count)
{
    if (generation != m_generation)
        return; // an answer for a filter that is no longer shown
    m_countKnown = true;
    if (count == m_total)
        emit countChanged(m_total); // no resize, but the count is now known
    else
        resizeTo(count);
    // Deep tables get anchors, so that a jump anywhere is a short query.
    if (count > 5 * pageSize && m_anchors.isEmpty())
        emit anchorsRequested(m_generation, m_filter);
}

void SagaTableModel::applyAnchors(quint64 generation, int spacing, const QVector<SagaRow> &anchors)
{
    if (generation != m_generation || spacing <= 0 || spacing % pageSize != 0)
        return;
    m_anchors = anchors;
    m_anchorSpacing = spacing;
}

void SagaTableModel::applyPage(quint64 generation, int offset, const QVector<SagaRow> &rows)
{
    if (generation != m_generation || offset % pageSize != 0)
        return;
    const int page = offset / pageSize;
    m_requested.remove(page);
    // Before the count arrives, the rows that did arrive are all the view can show.
    if (!m_countKnown && offset + rows.size() > m_total)
        resizeTo(offset + rows.size());
    const int usable = int(std::clamp<qint64>(m_total - offset, 0, rows.size()));
    if (usable == 0)
        return;
    QVector<SagaRow> kept = rows.mid(0, usable);
    for (int i = 0; i < kept.size(); ++i)
        m_rowOfId.insert(kept.at(i).id, offset + i);
    m_pages.insert(page, kept);
    evictFarFrom(m_lastPageWanted);
    emit dataChanged(index(offset, 0), index(offset + usable - 1, sagaColumnCount - 1));
}

void SagaTableModel::applyPageError(quint64 generation, int offset, const QString &error)
{
    if (generation != m_generation)
        return;
    if (offset >= 0) // a negative offset: the count failed, not a page
        m_requested.remove(offset / pageSize);
    m_lastError = error;
    emit errorChanged(error);
}

void SagaTableModel::evictFarFrom(int page)
{
    while (m_pages.size() > maxCachedPages) {
        int farthest = -1;
        for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
            if (farthest < 0 || std::abs(it.key() - page) > std::abs(farthest - page))
                farthest = it.key();
        for (const SagaRow &r : m_pages.value(farthest))
            m_rowOfId.remove(r.id);
        m_pages.remove(farthest);
    }
}

void SagaTableModel::applyChanges(const QVector<SagaRow> &rows)
{
    const int pendingBefore = m_pendingIds.size();
    for (const SagaRow &changed : rows) {
        const auto at = m_rowOfId.constFind(changed.id);
        if (at == m_rowOfId.cend()) {
            // Not on screen: a new saga, or one that moved into this filter.
            if (m_filter.matches(changed, false))
                m_pendingIds.insert(changed.id);
            continue;
        }
        const int row = *at;
        SagaRow &current = m_pages[row / pageSize][row % pageSize];
        if (current == changed)
            continue;
        current = changed;
        m_changedRows.insert(row);
        // Shown in place (its position is not changed under the reader), but it may no
        // longer belong to this filter: reload() settles that.
        if (!m_filter.matches(changed, true))
            m_pendingIds.insert(changed.id);
    }
    if (m_pendingIds.size() != pendingBefore)
        emit pendingChangesChanged(m_pendingIds.size());
    if (!m_changedRows.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void SagaTableModel::flushChangedRows()
{
    // One dataChanged per contiguous run of changed rows.
    QList<int> rows(m_changedRows.cbegin(), m_changedRows.cend());
    m_changedRows.clear();
    std::sort(rows.begin(), rows.end());
    const QList<int> roles{Qt::DisplayRole, Qt::ToolTipRole, RowRole, StatusRole, SortRole};
    for (int i = 0; i < rows.size();) {
        int j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        emit dataChanged(index(rows.at(i), 0), index(rows.at(j), sagaColumnCount - 1), roles);
        i = j + 1;
    }
}

QVector<SagaRow> SagaTableModel::loadedRows(int first, int last) const
{
    QVector<SagaRow> out;
    for (int r = std::max(0, first); r <= last && r < m_total; ++r)
        if (const auto row = rowAt(r))
            out.append(*row);
    return out;
}

int SagaTableModel::loadedRowCount() const
{
    int n = 0;
    for (const auto &page : m_pages)
        n += int(page.size());
    return n;
}

} // namespace sagadeck
