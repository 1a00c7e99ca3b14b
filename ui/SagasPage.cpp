#include "SagasPage.h"
#include "FileExport.h"
#include "Theme.h"

#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "SagaCsv.h"
#include "PlainText.h"
#include "SagaActionBar.h"
#include "SagaDetailPane.h"
#include "SagaStatusStyle.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "StatusTile.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr int kStuckWindow = -1;

// The status column shows the status's shape beside its name.
class SagaStatusDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(SagaTableModel::LoadedRole).toBool()) {
            option->icon = sagaStatusIcon(SagaStatus(index.data(SagaTableModel::StatusRole).toInt()), 14);
            option->features |= QStyleOptionViewItem::HasDecoration;
        }
    }
};

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

// 10.0 M, 734 k, 512: an estimate is not worth more digits.
QString approximateNumber(qint64 n)
{
    if (n >= 1'000'000)
        return QString::number(double(n) / 1e6, 'f', 1) + u" M"_s;
    if (n >= 10'000)
        return QString::number(double(n) / 1e3, 'f', 0) + u" k"_s;
    return QString::number(n);
}

QStringList statusNames(const QVector<SagaStatus> &statuses)
{
    QStringList names;
    for (SagaStatus s : statuses)
        names << sagaStatusName(s);
    return names;
}

} // namespace

SagasPage::SagasPage(SagaTableModel *table, SagaSummaryStore *summary, FeedHealthModel *health, QWidget *parent)
    : QWidget(parent)
    , m_table(table)
    , m_summary(summary)
    , m_health(health)
    , m_banner(new QLabel(this))
    , m_age(new QLabel(this))
    , m_types(new QLabel(this))
    , m_throughput(new QLabel(this))
    , m_count(new QLabel(this))
    , m_searchNote(new QLabel(this))
    , m_pending(new QPushButton(this))
    , m_view(new QTableView(this))
    , m_detail(new SagaDetailPane(this))
    , m_actions(new SagaActionBar(this))
    , m_searchDebounce(new QTimer(this))
    , m_ageTick(new QTimer(this))
{
    setObjectName(u"page_sagas"_s);
    auto *title = new QLabel(u"Sagas"_s, this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.6);
    tf.setBold(true);
    title->setFont(tf);

    for (QLabel *l : {m_banner, m_age, m_types, m_throughput, m_count, m_searchNote})
        l->setTextFormat(Qt::PlainText);
    m_searchNote->setObjectName(u"searchNote"_s);
    m_searchNote->setWordWrap(true);
    m_searchNote->setTextInteractionFlags(Qt::TextSelectableByMouse); // the CREATE INDEX can be copied
    m_searchNote->hide();
    m_banner->setObjectName(u"feedBanner"_s);
    m_banner->setWordWrap(true);
    setRole(m_banner, "problem");
    m_count->setObjectName(u"rowCount"_s);
    m_pending->setObjectName(u"pendingChanges"_s);
    m_pending->hide();
    connect(m_pending, &QPushButton::clicked, m_table, &SagaTableModel::reload);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_age);

    m_view->setObjectName(u"sagaTable"_s);
    m_view->setModel(m_table);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several sagas can be selected for a bulk retry or compensation.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->hide();
    // The error is the widest text: it gets room of its own and the table scrolls sideways,
    // rather than being squeezed to nothing by the fixed columns.
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(int(SagaColumn::Id), 270);
    m_view->setColumnWidth(int(SagaColumn::Type), 140);
    m_view->setColumnWidth(int(SagaColumn::Status), 110);
    m_view->setColumnWidth(int(SagaColumn::CurrentStep), 130);
    m_view->setColumnWidth(int(SagaColumn::Attempt), 64);
    m_view->setColumnWidth(int(SagaColumn::CreatedAt), 170);
    m_view->setColumnWidth(int(SagaColumn::UpdatedAt), 170);
    m_view->setColumnWidth(int(SagaColumn::LastError), 260);
    // Indicator first: enabling sorting sorts by whatever the indicator shows.
    m_view->horizontalHeader()->setSortIndicator(int(m_table->filter().sortColumn), m_table->filter().sortOrder);
    m_view->setSortingEnabled(true);
    m_view->setItemDelegateForColumn(int(SagaColumn::Status), new SagaStatusDelegate(m_view));

    // The table gets the full width; the selected saga's detail sits below it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    connect(m_detail, &SagaDetailPane::loadAllRequested, this, [this](const QUuid &id) {
        if (id != m_detailId)
            return;
        ++m_detailRequest;
        emit detailRequested(m_detailRequest, id, true);
    });
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({560, 380});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 8);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_banner);
    layout->addWidget(buildTiles());
    auto *facts = new QHBoxLayout;
    facts->addWidget(m_types, 1);
    facts->addWidget(m_throughput);
    layout->addLayout(facts);
    layout->addWidget(buildFilterBar());
    layout->addWidget(m_actions);
    layout->addWidget(split, 1);

    connect(m_summary, &SagaSummaryStore::changed, this, &SagasPage::refreshSummary);
    connect(m_health, &FeedHealthModel::healthChanged, this, &SagasPage::refreshHealth);
    connect(m_health, &FeedHealthModel::healthChanged, this, &SagasPage::refreshCount);
    connect(m_table, &SagaTableModel::countChanged, this, &SagasPage::refreshCount);
    connect(m_table, &SagaTableModel::errorChanged, this, &SagasPage::refreshCount);
    connect(m_table, &SagaTableModel::filterChanged, this, &SagasPage::refreshCount);
    connect(m_table, &SagaTableModel::filterChanged, this, &SagasPage::refreshSearchNote);
    connect(m_table, &SagaTableModel::searchPlanChanged, this, &SagasPage::refreshSearchNote);
    connect(m_table, &SagaTableModel::pendingChangesChanged, this, [this](int n) {
        m_pending->setText(u"%1 change(s) not shown — refresh"_s.arg(number(n)));
        m_pending->setVisible(n > 0);
    });
    connect(m_table, &QAbstractItemModel::modelReset, this, [this] {
        m_detailId = QUuid();
        m_detail->showMessage(u"Select a saga to see its steps and payload."_s);
    });
    connect(m_table, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &tl, const QModelIndex &br) {
        // The selected saga changed (live, or its page arrived): show it anew.
        const QModelIndexList sel = m_view->selectionModel()->selectedRows();
        if (!sel.isEmpty() && sel.first().row() >= tl.row() && sel.first().row() <= br.row())
            requestDetailOfSelection();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SagasPage::requestDetailOfSelection);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_actions->setSelectionCount(int(m_view->selectionModel()->selectedRows().size())); });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &SagasPage::loadVisibleRows);
    connect(m_table, &QAbstractItemModel::rowsInserted, this, &SagasPage::loadVisibleRows);
    connect(m_table, &QAbstractItemModel::dataChanged, this, [this] {
        // A saga asked for by focusSaga(): select it once its row is here.
        if (!m_focusId.isNull() && m_table->rowAt(0) && m_table->rowAt(0)->id == m_focusId) {
            m_focusId = QUuid();
            selectRow(0);
        }
    });

    connect(m_table, &SagaTableModel::countChanged, this, [this](qint64 count) {
        if (m_announceId.isNull() || count != 0 || !m_table->countKnown()
            || m_table->filter().search != m_announceId.toString(QUuid::WithoutBraces))
            return;
        const QUuid id = std::exchange(m_announceId, QUuid());
        m_focusId = QUuid();
        emit focusedSagaNotShown(id, u"no saga with this id in "_s + m_instancesTable);
    });

    m_ageTick->setInterval(1000);
    connect(m_ageTick, &QTimer::timeout, this, &SagasPage::refreshHealth);
    m_ageTick->start();

    refreshSummary();
    refreshHealth();
    refreshCount();
}

QWidget *SagasPage::buildTiles()
{
    auto *box = new QWidget(this);
    auto *grid = new QHBoxLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    for (SagaStatus s : knownSagaStatuses) {
        auto *tile = new StatusTile(sagaStatusLabel(s), sagaStatusIcon(s, 18), sagaStatusColor(s), box);
        tile->setToolTip(u"Show %1 sagas"_s.arg(sagaStatusName(s)));
        // A finished status is counted over the summary's window: the table shows the same sagas.
        connect(tile, &QPushButton::clicked, this, [this, s] {
            setStatusFilter({s});
            if (isTerminal(s))
                setWindowFilter(m_summary->summary().finishedWindowMinutes);
        });
        m_tiles.insert(int(s), tile);
        grid->addWidget(tile);
    }
    m_stuckTile = new StatusTile(u"Stuck"_s, sagaStatusIcon(SagaStatus::Compensating, 18), QColor(0xb3, 0x6b, 0x00),
                                 box);
    m_stuckTile->setObjectName(u"tile_stuck"_s);
    connect(m_stuckTile, &QPushButton::clicked, this, [this] {
        m_updatingBar = true;
        m_status->setCurrentIndex(m_status->findData(u"IN_PROGRESS,COMPENSATING"_s));
        m_window->setCurrentIndex(m_window->findData(kStuckWindow));
        m_updatingBar = false;
        applyFilterFromBar();
    });
    grid->addWidget(m_stuckTile);
    return box;
}

QWidget *SagasPage::buildFilterBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);

    m_status = new QComboBox(bar);
    m_status->setObjectName(u"statusFilter"_s);
    m_status->addItem(u"All statuses"_s, QString());
    for (SagaStatus s : knownSagaStatuses)
        m_status->addItem(sagaStatusIcon(s, 14), sagaStatusLabel(s), sagaStatusName(s));
    m_status->addItem(u"Failed or compensated"_s, u"FAILED,COMPENSATED"_s);
    m_status->addItem(u"Unfinished"_s, u"STARTED,IN_PROGRESS,COMPENSATING"_s);
    m_status->addItem(u"In progress or compensating"_s, u"IN_PROGRESS,COMPENSATING"_s);

    m_type = new QComboBox(bar);
    m_type->setObjectName(u"typeFilter"_s);
    m_type->addItem(u"All types"_s, QString());
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_step = new QLineEdit(bar);
    m_step->setObjectName(u"stepFilter"_s);
    m_step->setPlaceholderText(u"Current step"_s);
    m_step->setClearButtonEnabled(true);

    m_window = new QComboBox(bar);
    m_window->setObjectName(u"windowFilter"_s);
    m_window->addItem(u"Any time"_s, 0);
    m_window->addItem(u"Updated in the last 15 min"_s, 15);
    m_window->addItem(u"Updated in the last hour"_s, 60);
    m_window->addItem(u"Updated in the last 24 h"_s, 24 * 60);
    m_window->addItem(u"Updated in the last 7 days"_s, 7 * 24 * 60);
    m_window->addItem(u"Untouched past the stuck threshold"_s, kStuckWindow);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"searchFilter"_s);
    m_search->setPlaceholderText(u"Saga id or error text"_s);
    m_search->setClearButtonEnabled(true);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(350);

    auto *refresh = new QPushButton(u"Refresh"_s, bar);
    refresh->setToolTip(u"Fetch the rows again with the same filter"_s);
    auto *copy = new QPushButton(u"Copy id"_s, bar);
    copy->setObjectName(u"copyId"_s);
    auto *exportCsv = new QPushButton(u"Export CSV…"_s, bar);
    exportCsv->setObjectName(u"exportCsv"_s);

    row->addWidget(m_status);
    row->addWidget(m_type);
    row->addWidget(m_step);
    row->addWidget(m_window);
    row->addWidget(m_search, 1);
    m_savedButton = new QToolButton(bar);
    m_savedButton->setObjectName(u"savedFilters"_s);
    m_savedButton->setText(u"Saved filters"_s);
    m_savedButton->setPopupMode(QToolButton::InstantPopup);
    m_savedButton->setMenu(new QMenu(m_savedButton));
    m_savedButton->setToolTip(u"Save the filter bar under a name, or apply a saved one"_s);
    row->addWidget(m_savedButton);
    row->addWidget(refresh);
    row->addWidget(copy);
    row->addWidget(exportCsv);

    auto *outer = new QWidget(this);
    auto *col = new QVBoxLayout(outer);
    col->setContentsMargins(0, 0, 0, 0);
    col->setSpacing(4);
    col->addWidget(bar);
    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_count, 1);
    countRow->addWidget(m_pending);
    col->addLayout(countRow);
    col->addWidget(m_searchNote);

    const auto apply = [this] {
        if (!m_updatingBar)
            applyFilterFromBar();
    };
    connect(m_status, &QComboBox::currentIndexChanged, this, apply);
    connect(m_type, &QComboBox::currentIndexChanged, this, apply);
    connect(m_window, &QComboBox::currentIndexChanged, this, apply);
    connect(m_step, &QLineEdit::editingFinished, this, apply);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_searchDebounce, &QTimer::timeout, this, apply);
    connect(refresh, &QPushButton::clicked, m_table, &SagaTableModel::reload);
    connect(copy, &QPushButton::clicked, this, &SagasPage::copySelectedId);
    connect(exportCsv, &QPushButton::clicked, this, &SagasPage::exportVisibleRows);
    return outer;
}

void SagasPage::applyFilterFromBar()
{
    SagaFilter f;
    f.sortColumn = m_table->filter().sortColumn;
    f.sortOrder = m_table->filter().sortOrder;
    for (const QString &name : m_status->currentData().toString().split(u',', Qt::SkipEmptyParts))
        f.statuses.append(parseSagaStatus(name));
    f.type = m_type->currentData().toString();
    f.step = m_step->text().trimmed();
    f.search = m_search->text().trimmed();
    const int minutes = m_window->currentData().toInt();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (minutes > 0)
        f.updatedFrom = now.addSecs(-60LL * minutes);
    else if (minutes == kStuckWindow)
        f.updatedTo = now.addSecs(-qint64(m_summary->summary().stuckAfterS));
    m_table->setFilter(f);
}

void SagasPage::setStatusFilter(const QVector<SagaStatus> &statuses)
{
    const int index = m_status->findData(statusNames(statuses).join(u','));
    m_updatingBar = true;
    m_status->setCurrentIndex(std::max(0, index));
    if (m_window->currentData().toInt() == kStuckWindow)
        m_window->setCurrentIndex(0);
    m_updatingBar = false;
    applyFilterFromBar();
}

void SagasPage::setWindowFilter(int minutes)
{
    const int index = m_window->findData(minutes);
    if (index < 0 || index == m_window->currentIndex())
        return;
    m_updatingBar = true;
    m_window->setCurrentIndex(index);
    m_updatingBar = false;
    applyFilterFromBar();
}

void SagasPage::focusSaga(const QUuid &id)
{
    m_focusId = id;
    m_announceId = id;
    m_updatingBar = true;
    m_status->setCurrentIndex(0);
    m_type->setCurrentIndex(0);
    m_window->setCurrentIndex(0);
    m_step->clear();
    m_search->setText(id.toString(QUuid::WithoutBraces));
    m_updatingBar = false;
    m_searchDebounce->stop();
    applyFilterFromBar();
}

void SagasPage::refreshSummary()
{
    const SagaSummary &s = m_summary->summary();
    const bool have = m_summary->hasSummary();
    const QString window = s.finishedWindowText();
    for (SagaStatus st : knownSagaStatuses) {
        StatusTile *tile = m_tiles.value(int(st));
        tile->setValue(have ? number(s.byStatus.value(sagaStatusName(st))) : u"—"_s);
        tile->setDetail(isTerminal(st) ? u"in the last "_s + window : u"now"_s);
    }
    m_stuckTile->setValue(have ? number(s.stuckTotal) : u"—"_s);
    m_stuckTile->setDetail(u"idle > %1"_s.arg(describeAge(qint64(s.stuckAfterS) * 1000)));

    QStringList types;
    for (auto it = s.byType.cbegin(); it != s.byType.cend(); ++it)
        types << it.key() + u" "_s + number(it.value());
    const QString table = s.totalEstimate >= 0
        ? u"≈ %1 sagas in the table (the planner's estimate; the list below counts exactly)"_s.arg(
            approximateNumber(s.totalEstimate))
        : u"sagas in the table: not estimated yet (never analysed)"_s;
    m_types->setText(have ? u"By type, live and finished in the last %1: %2\n%3"_s.arg(
                         window, types.isEmpty() ? u"none"_s : types.join(u"  ·  "_s), table)
                          : u"By type: —"_s);
    m_throughput->setText(
        have ? u"Last %1 min, per minute: %2 started · %3 completed · %4 failed or compensated"_s.arg(s.windowMinutes)
                   .arg(s.perMinute(s.startedInWindow), 0, 'f', 1)
                   .arg(s.perMinute(s.completedInWindow), 0, 'f', 1)
                   .arg(s.perMinute(s.failedInWindow), 0, 'f', 1)
             : QString());

    // Keep the type list in step with what exists, without disturbing the selection.
    const QString selected = m_type->currentData().toString();
    QStringList known;
    for (int i = 1; i < m_type->count(); ++i)
        known << m_type->itemData(i).toString();
    if (have && known != s.byType.keys()) {
        m_updatingBar = true;
        while (m_type->count() > 1)
            m_type->removeItem(1);
        for (const QString &t : s.byType.keys())
            m_type->addItem(t, t);
        const int again = m_type->findData(selected);
        if (again < 0 && !selected.isEmpty())
            m_type->addItem(selected, selected);
        m_type->setCurrentIndex(std::max(0, m_type->findData(selected)));
        m_updatingBar = false;
    }
}

void SagasPage::refreshHealth()
{
    const FeedHealth h = m_health->health(FeedKind::Postgres);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool live = h.state == FeedState::Live;
    m_age->setText(
        u"Postgres · "_s + stateName(h.state)
        + (h.lastSuccess.isValid() ? u" · data "_s + describeAge(h.dataAgeMs(now)) + u" old"_s : u" · no data yet"_s));
    if (live) {
        m_banner->hide();
        return;
    }
    QString text = u"Postgres is "_s + stateName(h.state);
    if (!h.reason.isEmpty())
        text += u": "_s + h.reason;
    text += h.lastSuccess.isValid() ? u". Figures below are from %1 UTC (%2 ago) and may be out of date."_s.arg(
                h.lastSuccess.toUTC().toString(u"HH:mm:ss"_s), describeAge(h.dataAgeMs(now)))
                                    : u". No saga data has been received."_s;
    m_banner->setText(text);
    m_banner->show();
}

QString SagasPage::countText() const
{
    return m_count->text();
}

QString SagasPage::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

void SagasPage::setBusinessKeys(const QVector<BusinessKey> &keys, const QString &instancesTable)
{
    m_businessKeys = keys;
    m_instancesTable = instancesTable;
    QStringList names;
    for (const BusinessKey &k : keys)
        names << k.name + u":…"_s;
    m_search->setPlaceholderText(keys.isEmpty() ? u"Saga id or error text"_s
                                                : u"Saga id, error text, or "_s + names.join(u", "_s));
    QStringList lines;
    for (const BusinessKey &k : keys)
        lines << u"%1:VALUE finds the sagas whose payload has %2 = VALUE"_s.arg(k.name, k.pathText());
    m_search->setToolTip(keys.isEmpty()
                             ? QString()
                             : plainTooltip(lines.join(u'\n') + u"\nA bare value is also looked for in every key."_s));
    refreshSearchNote();
}

void SagasPage::setSavedFilters(SavedFilterList *filters)
{
    if (m_savedFilters)
        disconnect(m_savedFilters, nullptr, this, nullptr);
    m_savedFilters = filters;
    if (filters)
        connect(filters, &SavedFilterList::changed, this, &SagasPage::rebuildSavedFiltersMenu);
    rebuildSavedFiltersMenu();
}

void SagasPage::rebuildSavedFiltersMenu()
{
    QMenu *menu = m_savedButton->menu();
    menu->clear();
    m_savedButton->setEnabled(m_savedFilters != nullptr);
    if (!m_savedFilters)
        return;
    const QVector<SavedSagaFilter> &filters = m_savedFilters->filters();
    for (const SavedSagaFilter &f : filters) {
        QAction *a = menu->addAction(f.name, this, [this, f] { applySavedFilter(f); });
        a->setObjectName(u"savedFilter:"_s + f.name);
    }
    if (filters.isEmpty())
        menu->addAction(u"No saved filters yet"_s)->setEnabled(false);
    menu->addSeparator();
    menu->addAction(u"Save the current filter as…"_s, this, &SagasPage::askToSaveFilter)
        ->setObjectName(u"saveFilter"_s);
    if (!filters.isEmpty()) {
        QMenu *remove = menu->addMenu(u"Delete"_s);
        for (const SavedSagaFilter &f : filters)
            remove->addAction(f.name, this, [this, name = f.name] { m_savedFilters->requestRemove(name); });
    }
    if (!m_savedFilters->lastError().isEmpty()) {
        menu->addSeparator();
        menu->addAction(u"Could not store: "_s + m_savedFilters->lastError())->setEnabled(false);
    }
}

void SagasPage::askToSaveFilter()
{
    bool ok = false;
    const QString suggestion = m_table->filter().describe();
    const QString name = QInputDialog::getText(this, u"Save the filter"_s,
                                               u"Name (a saved filter of the same name is replaced):"_s,
                                               QLineEdit::Normal, suggestion, &ok)
                             .trimmed();
    if (ok && !name.isEmpty() && m_savedFilters)
        m_savedFilters->requestSave(currentFilterAs(name));
}

SavedSagaFilter SagasPage::currentFilterAs(const QString &name) const
{
    SavedSagaFilter f;
    f.name = name.trimmed();
    f.statuses = m_status->currentData().toString();
    f.type = m_type->currentData().toString();
    f.step = m_step->text().trimmed();
    f.windowMinutes = m_window->currentData().toInt();
    f.search = m_search->text().trimmed();
    f.sortColumn = int(m_table->filter().sortColumn);
    f.sortAscending = m_table->filter().sortOrder == Qt::AscendingOrder;
    return f;
}

void SagasPage::applySavedFilter(const SavedSagaFilter &f)
{
    m_updatingBar = true;
    m_status->setCurrentIndex(std::max(0, m_status->findData(f.statuses)));
    int type = m_type->findData(f.type);
    if (type < 0) { // a type not seen in the summary yet: still filtered by
        m_type->addItem(f.type, f.type);
        type = m_type->count() - 1;
    }
    m_type->setCurrentIndex(type);
    m_step->setText(f.step);
    m_window->setCurrentIndex(std::max(0, m_window->findData(f.windowMinutes)));
    m_search->setText(f.search);
    m_searchDebounce->stop();
    if (f.sortColumn >= 0 && f.sortColumn < sagaColumnCount)
        m_view->horizontalHeader()->setSortIndicator(f.sortColumn,
                                                     f.sortAscending ? Qt::AscendingOrder : Qt::DescendingOrder);
    m_updatingBar = false;
    applyFilterFromBar();
}

void SagasPage::refreshSearchNote()
{
    const SagaSummary &s = m_summary->summary();
    const QString size = m_summary->hasSummary() && s.totalEstimate >= 0 ? u"≈ "_s + approximateNumber(s.totalEstimate)
                                                                         : QString();
    const SearchNote note = sagadeck::searchNote(parseSagaSearch(m_table->filter().search, m_businessKeys),
                                                 m_table->searchPlan(), m_businessKeys, m_instancesTable, size);
    m_searchNote->setText(note.text);
    setRole(m_searchNote, note.problem ? "noticeText" : "");
    m_searchNote->setVisible(!note.text.isEmpty());
}

void SagasPage::refreshCount()
{
    QString text;
    if (!m_table->lastError().isEmpty())
        text = u"Could not load rows: "_s + m_table->lastError();
    else if (!m_table->countKnown() && m_health->health(FeedKind::Postgres).state != FeedState::Live
             && m_health->health(FeedKind::Postgres).state != FeedState::Connecting)
        text = u"No rows loaded: Postgres is "_s + stateName(m_health->health(FeedKind::Postgres).state);
    else if (m_table->countKnown())
        text = number(m_table->totalCount()) + (m_table->totalCount() == 1 ? u" saga matches"_s : u" sagas match"_s);
    else
        text = u"Counting…"_s;
    m_count->setText(text + u"  —  "_s + m_table->filter().describe());
}

void SagasPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    QTimer::singleShot(0, this, &SagasPage::loadVisibleRows); // once the layout has settled
}

void SagasPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    QTimer::singleShot(0, this, &SagasPage::loadVisibleRows);
}

void SagasPage::loadVisibleRows()
{
    // A hidden table has no visible rows: its viewport may be 0 high, where rowAt() finds no
    // last row and the fallback below would fetch the whole table, page by page (it did, on
    // every other page of the console). It loads when shown.
    if (!m_view->isVisible() || m_view->viewport()->height() <= 0)
        return;
    const int first = m_view->rowAt(0);
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (first < 0)
        return;
    if (last < 0)
        last = m_table->rowCount() - 1; // the rows end above the viewport's bottom
    // A little ahead on both sides, so scrolling by a page finds its rows already there.
    const int margin = last - first + 1;
    m_table->ensureLoaded(first - margin, last + margin);
}

void SagasPage::selectRow(int row)
{
    m_view->selectRow(row);
    m_view->scrollTo(m_table->index(row, 0));
}

QVector<QUuid> SagasPage::selectedSagaIds() const
{
    QVector<QUuid> ids;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows()) {
        const QUuid id = row.data(SagaTableModel::IdRole).toUuid();
        if (!id.isNull())
            ids.append(id);
    }
    return ids;
}

QUuid SagasPage::selectedSagaId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QUuid() : rows.first().data(SagaTableModel::IdRole).toUuid();
}

void SagasPage::requestDetailOfSelection()
{
    const QUuid id = selectedSagaId();
    if (id.isNull())
        return;
    ++m_detailRequest;
    if (id != m_detailId)
        m_detail->showMessage(u"Loading saga "_s + id.toString(QUuid::WithoutBraces) + u"…"_s);
    m_detailId = id;
    emit detailRequested(m_detailRequest, id, false);
}

void SagasPage::showDetail(quint64 requestId, const SagaDetail &detail)
{
    if (requestId != m_detailRequest)
        return; // an answer for an earlier selection
    m_detail->showDetail(detail);
    if (!m_announceId.isNull() && detail.saga.id == m_announceId) {
        m_announceId = QUuid();
        emit focusedSagaShown(detail.saga.id, detail.saga.statusText);
    }
}

void SagasPage::showDetailError(quint64 requestId, const QString &error)
{
    if (requestId != m_detailRequest)
        return;
    m_detail->showMessage(u"Could not load the saga: "_s + error);
    if (!m_announceId.isNull() && m_detailId == m_announceId) {
        m_announceId = QUuid();
        emit focusedSagaNotShown(m_detailId, error);
    }
}

void SagasPage::copySelectedId()
{
    const QUuid id = selectedSagaId();
    if (!id.isNull())
        QApplication::clipboard()->setText(id.toString(QUuid::WithoutBraces));
}

void SagasPage::exportVisibleRows()
{
    const int first = std::max(0, m_view->rowAt(0));
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (last < 0)
        last = m_table->rowCount() - 1; // the rows end above the viewport's bottom
    const QVector<SagaRow> rows = m_table->loadedRows(first, last);
    if (rows.isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, u"Export visible sagas"_s, u"sagas.csv"_s,
                                                      u"CSV (*.csv)"_s);
    if (path.isEmpty())
        return;
    saveInBackground(this, path, sagasToCsv(rows).toUtf8(), [this, path, n = rows.size()](const QString &error) {
        if (error.isEmpty())
            m_count->setText(u"Exported %1 rows to %2"_s.arg(n).arg(path));
        else
            QMessageBox::warning(this, u"Export failed"_s, u"Could not write "_s + path + u": "_s + error);
    });
}

} // namespace sagadeck
