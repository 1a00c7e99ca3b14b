#pragma once

#include "BusinessKey.h"
#include "ColumnTableModel.h"
#include "Saga.h"
#include "SagaFilter.h"

#include <QHash>
#include <QSet>
#include <QTimer>

#include <optional>

namespace sagadeck {

// The saga table as a window over the database: it knows how many rows match the filter and
// holds only the pages that were looked at (fetched on demand, around the visible range).
// Sorting and filtering are done by the database: sort() and setFilter() start a new
// generation and answers for older generations are dropped.
//
// Live changes update loaded rows in place (one dataChanged per contiguous range, at most
// every 100 ms) and never move or insert rows under the operator's eyes; rows that changed
// outside the window, or no longer fit the filter, are counted as pendingChanges() until
// reload().
//
// GUI thread only. Page and count requests leave through signals; the app routes them to
// the Postgres feed and its answers back to the apply* slots.
class SagaTableModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        RowRole = Qt::UserRole, // the whole SagaRow
        IdRole,                 // QUuid
        StatusRole,             // SagaStatus as int
        SortRole,               // the raw value the column sorts by
        LoadedRole,             // false while the row's page is being fetched
    };
    Q_ENUM(Role)

    static constexpr int pageSize = 200;
    static constexpr int maxCachedPages = 60;

    explicit SagaTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

    const SagaFilter &filter() const { return m_filter; }
    quint64 generation() const { return m_generation; }
    bool countKnown() const { return m_countKnown; }
    bool hasAnchors() const { return !m_anchors.isEmpty(); }
    qint64 totalCount() const { return m_total; }
    int pendingChanges() const { return m_pendingIds.size(); }
    QString lastError() const { return m_lastError; }
    // How Postgres runs the current filter's search (not known until the count worker says).
    const SagaSearchPlan &searchPlan() const { return m_searchPlan; }
    std::optional<SagaRow> rowAt(int row) const;
    // Rows loaded in [first, last], for export and snapshots; unloaded rows are skipped.
    QVector<SagaRow> loadedRows(int first, int last) const;
    int loadedRowCount() const;

public slots:
    void setFilter(const sagadeck::SagaFilter &filter);
    // Fetch again with the same filter (after a reconnect, or to show pending changes).
    void reload();
    // Make sure rows [first, last] are (being) loaded: the view calls this as it scrolls.
    void ensureLoaded(int first, int last);

    void applyCount(quint64 generation, qint64 count);
    void applySearchPlan(quint64 generation, const sagadeck::SagaSearchPlan &plan);
    void applyPage(quint64 generation, int offset, const QVector<sagadeck::SagaRow> &rows);
    void applyPageError(quint64 generation, int offset, const QString &error);
    // Every `spacing`-th row of the current order: where jumps start their keyset queries.
    void applyAnchors(quint64 generation, int spacing, const QVector<sagadeck::SagaRow> &anchors);
    void applyChanges(const QVector<sagadeck::SagaRow> &rows);

signals:
    void pageRequested(const sagadeck::SagaPageRequest &request);
    void countRequested(quint64 generation, const sagadeck::SagaFilter &filter);
    void anchorsRequested(quint64 generation, const sagadeck::SagaFilter &filter);
    void filterChanged(const sagadeck::SagaFilter &filter);
    void countChanged(qint64 count);
    void searchPlanChanged();
    void pendingChangesChanged(int count);
    void errorChanged(const QString &error);

private:
    void startGeneration();
    void requestPage(int page);
    void resizeTo(qint64 rows);
    void evictFarFrom(int page);
    void flushChangedRows();
    QVariant displayValue(const SagaRow &row, int column) const;
    QVariant sortValue(const SagaRow &row, int column) const;

    SagaFilter m_filter;
    quint64 m_generation = 0;
    qint64 m_total = 0; // rows the view shows (count, or what arrived before it)
    bool m_countKnown = false;
    QHash<int, QVector<SagaRow>> m_pages;
    QHash<QUuid, int> m_rowOfId;
    mutable QSet<int> m_requested; // pages asked for and not answered yet
    QSet<QUuid> m_pendingIds;
    QVector<SagaRow> m_anchors;
    int m_anchorSpacing = 0;
    QSet<int> m_changedRows;
    QTimer m_flushTimer;
    QString m_lastError;
    SagaSearchPlan m_searchPlan;
    int m_lastPageWanted = 0;
};

} // namespace sagadeck
