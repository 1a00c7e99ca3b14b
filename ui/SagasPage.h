#pragma once

#include "BusinessKey.h"
#include "FeedHealth.h"
#include "Saga.h"
#include "SagaFilter.h"
#include "SavedFilters.h"

#include <QHash>
#include <QUuid>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;
class QTimer;

namespace sagadeck {

class FeedHealthModel;
class SagaActionBar;
class SagaDetailPane;
class SagaSummaryStore;
class SagaTableModel;
class StatusTile;

// Saga states from Postgres: status tiles, counts per type and throughput, the saga table
// (a window over the database, filtered and sorted in SQL) and the selected saga's detail.
// Holds no SQL: it edits the model's filter and asks for details through detailRequested().
class SagasPage : public QWidget
{
    Q_OBJECT
public:
    SagasPage(SagaTableModel *table, SagaSummaryStore *summary, FeedHealthModel *health, QWidget *parent = nullptr);

    QTableView *tableView() const { return m_view; }
    SagaDetailPane *detailPane() const { return m_detail; }
    StatusTile *tile(SagaStatus status) const { return m_tiles.value(int(status)); }
    QString countText() const;
    QString bannerText() const;

    // Filters the table as the filter bar would (also used by tiles and tests).
    void setStatusFilter(const QVector<SagaStatus> &statuses);
    // Sets the "updated in the last …" choice when the bar offers exactly that many minutes.
    void setWindowFilter(int minutes);
    // Shows one saga: clears the other filters, searches for its id and selects it when its
    // row arrives (used by other pages, e.g. a saga id clicked in the Kafka event stream).
    void focusSaga(const QUuid &id);
    // The profile's business keys: the search box finds a saga by "order_id:…" (and a bare value).
    void setBusinessKeys(const QVector<sagadeck::BusinessKey> &keys, const QString &instancesTable);
    QLabel *searchNote() const { return m_searchNote; }
    // Saved filters: the profile's list (ConsoleModels), shown in the "Saved filters" menu.
    void setSavedFilters(sagadeck::SavedFilterList *filters);
    // The filter bar as it is now, under `name`; and a saved one put back into the bar.
    SavedSagaFilter currentFilterAs(const QString &name) const;
    void applySavedFilter(const sagadeck::SavedSagaFilter &filter);
    QToolButton *savedFiltersButton() const { return m_savedButton; }
    void selectRow(int row);
    QUuid selectedSagaId() const;
    QVector<QUuid> selectedSagaIds() const;
    SagaTableModel *tableModel() const { return m_table; }
    SagaActionBar *actionBar() const { return m_actions; }

public slots:
    void showDetail(quint64 requestId, const sagadeck::SagaDetail &detail);
    void showDetailError(quint64 requestId, const QString &error);
    void copySelectedId();
    void exportVisibleRows();

signals:
    // The saga focusSaga() asked for is on screen with its detail, or could not be shown.
    void focusedSagaShown(const QUuid &id, const QString &status);
    void focusedSagaNotShown(const QUuid &id, const QString &why);
    // `whole`: the payload and errors uncut (the detail pane's "Load all").
    void detailRequested(quint64 requestId, const QUuid &id, bool whole);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *buildTiles();
    QWidget *buildFilterBar();
    void applyFilterFromBar();
    void refreshSummary();
    void refreshHealth();
    void refreshCount();
    void refreshSearchNote();
    void rebuildSavedFiltersMenu();
    void askToSaveFilter();
    void loadVisibleRows();
    void requestDetailOfSelection();

    SagaTableModel *m_table;
    SagaSummaryStore *m_summary;
    FeedHealthModel *m_health;
    QHash<int, StatusTile *> m_tiles;
    StatusTile *m_stuckTile = nullptr;
    QLabel *m_banner;
    QLabel *m_age;
    QLabel *m_types;
    QLabel *m_throughput;
    QLabel *m_count;
    QLabel *m_searchNote;
    QToolButton *m_savedButton = nullptr;
    SavedFilterList *m_savedFilters = nullptr;
    QComboBox *m_status;
    QComboBox *m_type;
    QLineEdit *m_step;
    QComboBox *m_window;
    QLineEdit *m_search;
    QPushButton *m_pending;
    QTableView *m_view;
    SagaDetailPane *m_detail;
    SagaActionBar *m_actions;
    QTimer *m_searchDebounce;
    QTimer *m_ageTick;
    quint64 m_detailRequest = 0;
    QUuid m_focusId;    // select this saga as soon as its row is loaded
    QUuid m_announceId; // the focused saga, until its detail is shown (focusedSagaShown)
    QUuid m_detailId;
    bool m_updatingBar = false;
    QVector<BusinessKey> m_businessKeys;
    QString m_instancesTable = QStringLiteral("saga_instances");
};

} // namespace sagadeck
