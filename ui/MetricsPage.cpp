#include "MetricsPage.h"
#include "FileExport.h"
#include "Theme.h"

#include "AlertNotifier.h"
#include "ChartCsv.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "MetricChart.h"
#include "MetricsDashboard.h"
#include "StatusGlyph.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

struct Choice
{
    const char16_t *label;
    int value; // seconds for ranges, milliseconds for refresh
};

constexpr Choice kRanges[] = {{u"Last 5 minutes", 300}, {u"Last 15 minutes", 900}, {u"Last 1 hour", 3600},
                              {u"Last 6 hours", 21600}, {u"Last 24 hours", 86400}, {u"Last 7 days", 604800}};
constexpr Choice kRefresh[] = {{u"Auto-refresh off", 0},  {u"Every 5 s", 5000},    {u"Every 10 s", 10000},
                               {u"Every 30 s", 30000},    {u"Every 1 min", 60000}, {u"Every 5 min", 300000},
                               {u"Every 15 min", 900000}, {u"Every 1 h", 3600000}};

// Alert state as shape + word + colour, never colour alone.
class AlertStyleProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (index.column() != AlertTableModel::StateColumn)
            return QIdentityProxyModel::data(index, role);
        const auto state = AlertState(QIdentityProxyModel::data(index, AlertTableModel::StateRole).toInt());
        switch (role) {
        case Qt::DisplayRole: {
            const QString glyph = state == AlertState::Firing ? u"▲"_s
                : state == AlertState::Error                  ? u"✕"_s
                : state == AlertState::Pending                ? u"◆"_s
                : state == AlertState::NoData                 ? u"?"_s
                                                              : u"●"_s;
            // Silenced: still the state it is, and said to be silenced (the Silenced column says by whom).
            const bool silenced = !QIdentityProxyModel::data(index, AlertTableModel::SilenceRole).toString().isEmpty();
            return QString(glyph + u' ' + alertStateName(state) + (silenced ? u" · silenced"_s : QString()));
        }
        case Qt::ForegroundRole:
            return state == AlertState::Firing ? stateColor(FeedState::Down)
                : state == AlertState::Error   ? stateColor(FeedState::Down)
                : state == AlertState::Pending ? stateColor(FeedState::Stale)
                : state == AlertState::NoData  ? stateColor(FeedState::Stale) // not green: nothing measured
                                               : stateColor(FeedState::Live);
        case Qt::FontRole: {
            if (state != AlertState::Firing && state != AlertState::Error && state != AlertState::NoData)
                return {};
            QFont f;
            f.setBold(true);
            return f;
        }
        }
        return QIdentityProxyModel::data(index, role);
    }
};

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    const QString why = writeFileAtomically(path, bytes);
    if (why.isEmpty())
        return true;
    *error = path + u": "_s + why;
    return false;
}

} // namespace

MetricsPage::MetricsPage(MetricsDashboard *dashboard, FeedHealthModel *health, QWidget *parent)
    : QWidget(parent)
    , m_dashboard(dashboard)
    , m_health(health)
    , m_banner(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_notifier(new AlertNotifier(this))
{
    setObjectName(u"metricsPage"_s);
    m_banner->setObjectName(u"metricsBanner"_s);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    m_notice->setObjectName(u"metricsNotice"_s);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setWordWrap(true);
    setRole(m_notice, "notice");
    m_notice->hide();

    auto *grid = new QWidget;
    m_grid = new QGridLayout(grid);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(6);
    for (const QString &id : dashboard->chartIds()) {
        auto *chart = new MetricChart(dashboard->chart(id)->spec, grid);
        m_charts.insert(id, chart);
        m_chartOrder.append(chart);
        connect(chart, &MetricChart::zoomRequested, dashboard, &MetricsDashboard::zoomTo);
        connect(chart, &MetricChart::resetZoomRequested, dashboard, &MetricsDashboard::resetZoom);
        connect(chart, &MetricChart::widthChanged, dashboard, &MetricsDashboard::setChartWidth);
        connect(chart, &MetricChart::exportPngRequested, this, [this](const QString &cid) {
            const QString path = QFileDialog::getSaveFileName(this, u"Export chart as PNG"_s, cid + u".png"_s,
                                                              u"PNG (*.png)"_s);
            QString error;
            if (!path.isEmpty() && !exportChartPng(cid, path, &error))
                m_notice->setText(error), m_notice->show();
        });
        connect(chart, &MetricChart::exportCsvRequested, this, [this](const QString &cid) {
            const QString path = QFileDialog::getSaveFileName(this, u"Export chart as CSV"_s, cid + u".csv"_s,
                                                              u"CSV (*.csv)"_s);
            QString error;
            if (!path.isEmpty() && !exportChartCsv(cid, path, &error))
                m_notice->setText(error), m_notice->show();
        });
        dashboard->setChartWidth(id, chart->plotWidth());
    }
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(grid);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(buildAlerts());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({520, 200});
    layoutCharts();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_banner);
    layout->addWidget(m_notice);
    layout->addWidget(split, 1);

    connect(dashboard, &MetricsDashboard::chartChanged, this, [this](const QString &id) {
        if (MetricChart *c = m_charts.value(id))
            c->setData(*m_dashboard->chart(id));
    });
    connect(dashboard, &MetricsDashboard::transitionOccurred, this, &MetricsPage::addTransition);
    connect(dashboard, &MetricsDashboard::transitionOccurred, m_notifier, &AlertNotifier::onTransition);
    // A silenced instance notifies nobody (a clock check: an ended silence applies no more).
    m_notifier->setSilenced(
        [dashboard](const AlertTransition &t) { return dashboard->alerts()->silence(t.rule, t.labels).has_value(); });
    // A silence that ends while its instance still fires: notified now, as Alertmanager does.
    connect(dashboard->alerts(), &AlertTableModel::silenceEnded, this, [this](const AlertSilence &s) {
        const AlertTracker *t = m_dashboard->alerts()->tracker(s.rule);
        const AlertInstance *i = t ? t->instance(s.labels) : nullptr;
        if (i && i->state == AlertState::Firing)
            m_notifier->onTransition(AlertTransition{s.rule, AlertState::Firing, AlertState::Firing,
                                                     QDateTime::currentDateTimeUtc(), i->value,
                                                     u"its silence (%1) ended"_s.arg(s.by), s.labels});
    });
    connect(dashboard, &MetricsDashboard::viewChanged, this,
            [this] { m_resetZoom->setEnabled(m_dashboard->zoomed()); });
    connect(m_notifier, &AlertNotifier::inWindowNotice, this, [this](const QString &text) {
        m_notice->setText(text);
        m_notice->show();
    });
    connect(health, &FeedHealthModel::healthChanged, this, &MetricsPage::refreshHealth);
    auto *tick = new QTimer(this); // data ages move on by themselves
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this, &MetricsPage::refreshHealth);
    tick->start();
    refreshHealth();
}

QWidget *MetricsPage::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *h = new QHBoxLayout(bar);
    h->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(u"Metrics"_s, bar);
    setHeadingFont(title, 1.2);
    h->addWidget(title);
    h->addStretch(1);

    m_range = new QComboBox(bar);
    m_range->setObjectName(u"rangePicker"_s);
    for (const Choice &c : kRanges)
        m_range->addItem(QString::fromUtf16(c.label), c.value);
    m_range->addItem(u"Custom range…"_s, -1);
    m_range->setCurrentIndex(m_lastRangeIndex);
    m_dashboard->setRange(kRanges[m_lastRangeIndex].value);
    connect(m_range, &QComboBox::activated, this, &MetricsPage::onRangePicked);

    m_refresh = new QComboBox(bar);
    m_refresh->setObjectName(u"refreshPicker"_s);
    for (const Choice &c : kRefresh)
        m_refresh->addItem(QString::fromUtf16(c.label), c.value);
    m_refresh->setCurrentIndex(1);
    connect(m_refresh, &QComboBox::activated, this,
            [this](int index) { m_dashboard->setAutoRefreshMs(m_refresh->itemData(index).toInt()); });
    m_dashboard->setAutoRefreshMs(kRefresh[1].value);

    m_resetZoom = new QPushButton(u"⟲ Back to full range"_s, bar);
    m_resetZoom->setObjectName(u"resetZoom"_s);
    m_resetZoom->setToolTip(u"Drag across a chart to zoom; this returns to the picked range"_s);
    m_resetZoom->setEnabled(false);
    connect(m_resetZoom, &QPushButton::clicked, m_dashboard, &MetricsDashboard::resetZoom);

    auto *refreshNow = new QPushButton(u"Refresh now"_s, bar);
    connect(refreshNow, &QPushButton::clicked, m_dashboard, &MetricsDashboard::refreshCharts);
    auto *exportButton = new QPushButton(u"Export all…"_s, bar);
    exportButton->setObjectName(u"exportAll"_s);
    exportButton->setToolTip(u"Every chart as PNG and CSV into a folder"_s);
    connect(exportButton, &QPushButton::clicked, this, &MetricsPage::exportAll);

    h->addWidget(new QLabel(u"Range:"_s, bar));
    h->addWidget(m_range);
    h->addWidget(m_refresh);
    h->addWidget(m_resetZoom);
    h->addWidget(refreshNow);
    h->addWidget(exportButton);
    return bar;
}

QWidget *MetricsPage::buildAlerts()
{
    auto *box = new QWidget(this);
    auto *h = new QHBoxLayout(box);
    h->setContentsMargins(0, 4, 0, 0);

    auto *left = new QVBoxLayout;
    left->addWidget(new QLabel(u"Alert rules (console-evaluated, then Prometheus' own)"_s, box));
    m_alertView = new QTableView(box);
    m_alertView->setObjectName(u"alertTable"_s);
    auto *proxy = new AlertStyleProxy(m_alertView);
    proxy->setSourceModel(m_dashboard->alerts());
    m_alertView->setModel(proxy);
    m_alertView->verticalHeader()->hide();
    m_alertView->horizontalHeader()->setStretchLastSection(true);
    m_alertView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_alertView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_alertView->setColumnWidth(AlertTableModel::NameColumn, 320);  // "HighErrorRate{service=notification-service}"
    m_alertView->setColumnWidth(AlertTableModel::StateColumn, 150); // "▲ Firing · silenced"
    m_alertView->setColumnWidth(AlertTableModel::ValueColumn, 90);
    m_alertView->setColumnWidth(AlertTableModel::ConditionColumn, 130);
    m_alertView->setColumnWidth(AlertTableModel::SinceColumn, 70);
    m_alertView->setColumnWidth(AlertTableModel::SourceColumn, 80);
    // Who silenced an instance until when, right beside its state (the model's last column).
    m_alertView->horizontalHeader()->moveSection(AlertTableModel::SilenceColumn, AlertTableModel::StateColumn + 1);
    m_alertView->setColumnWidth(AlertTableModel::SilenceColumn, 230);
    m_alertView->verticalHeader()->setDefaultSectionSize(m_alertView->fontMetrics().height() + 6);
    m_alertView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_alertView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_alertView, &QWidget::customContextMenuRequested, this, &MetricsPage::showAlertMenu);
    left->addWidget(m_alertView);

    // Silencing acts on one console instance: its rule and exact label set.
    auto *silenceBar = new QHBoxLayout;
    m_silence = new QPushButton(u"Silence…"_s, box);
    m_silence->setObjectName(u"silenceAlert"_s);
    m_unsilence = new QPushButton(u"Unsilence"_s, box);
    m_unsilence->setObjectName(u"unsilenceAlert"_s);
    connect(m_silence, &QPushButton::clicked, this, &MetricsPage::requestSilence);
    connect(m_unsilence, &QPushButton::clicked, this, &MetricsPage::requestUnsilence);
    silenceBar->addWidget(m_silence);
    silenceBar->addWidget(m_unsilence);
    silenceBar->addStretch(1);
    left->addLayout(silenceBar);
    connect(m_alertView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MetricsPage::updateSilenceButtons);
    connect(m_dashboard->alerts(), &QAbstractItemModel::dataChanged, this, &MetricsPage::updateSilenceButtons);
    connect(m_dashboard->alerts(), &QAbstractItemModel::modelReset, this, &MetricsPage::updateSilenceButtons);
    updateSilenceButtons();

    auto *right = new QVBoxLayout;
    right->addWidget(new QLabel(u"Transitions (newest first)"_s, box));
    m_transitions = new QListWidget(box);
    m_transitions->setObjectName(u"alertTransitions"_s);
    right->addWidget(m_transitions);

    h->addLayout(left, 3);
    h->addLayout(right, 2);
    return box;
}

void MetricsPage::setSilenceRefusal(const QString &why)
{
    m_silenceRefusal = why;
    updateSilenceButtons();
}

void MetricsPage::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->show();
}

void MetricsPage::updateSilenceButtons()
{
    const QModelIndexList rows = m_alertView->selectionModel()->selectedRows();
    const QModelIndex row = rows.isEmpty() ? QModelIndex() : rows.first();
    const bool instance = row.isValid() && row.data(AlertTableModel::InstanceRole).toBool();
    const bool silenced = instance && !row.data(AlertTableModel::SilenceIdRole).toString().isEmpty();
    const bool allowed = m_silenceRefusal.isEmpty();
    m_silence->setEnabled(allowed && instance);
    m_unsilence->setEnabled(allowed && silenced);
    const QString why = !allowed ? m_silenceRefusal
        : instance               ? QString()
                                 : u"Select an instance of a console rule to silence it"_s;
    m_silence->setToolTip(why.isEmpty() ? u"Silence the selected instance for a while, with a reason (audited)"_s
                                        : why);
    m_unsilence->setToolTip(!allowed       ? m_silenceRefusal
                                : silenced ? u"End its silence now (audited)"_s
                                           : u"The selected instance is not silenced"_s);
}

void MetricsPage::requestSilence()
{
    const QModelIndexList rows = m_alertView->selectionModel()->selectedRows();
    if (rows.isEmpty() || !rows.first().data(AlertTableModel::InstanceRole).toBool())
        return;
    const QModelIndex row = rows.first();
    AlertLabels labels;
    const QVariantMap map = row.data(AlertTableModel::LabelsRole).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        labels.insert(it.key(), it.value().toString());
    emit silenceRequested(row.data(AlertTableModel::RuleRole).toString(), labels);
}

void MetricsPage::requestUnsilence()
{
    const QModelIndexList rows = m_alertView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString id = rows.first().data(AlertTableModel::SilenceIdRole).toString();
    if (!id.isEmpty())
        emit unsilenceRequested(id);
}

void MetricsPage::showAlertMenu(const QPoint &at)
{
    const QModelIndex index = m_alertView->indexAt(at);
    if (!index.isValid())
        return;
    m_alertView->selectRow(index.row());
    QMenu menu(this);
    QAction *silence = menu.addAction(m_silence->text(), this, &MetricsPage::requestSilence);
    silence->setEnabled(m_silence->isEnabled());
    QAction *unsilence = menu.addAction(m_unsilence->text(), this, &MetricsPage::requestUnsilence);
    unsilence->setEnabled(m_unsilence->isEnabled());
    if (!m_silenceRefusal.isEmpty())
        menu.addAction(m_silenceRefusal)->setEnabled(false);
    menu.exec(m_alertView->viewport()->mapToGlobal(at));
}

void MetricsPage::onRangePicked(int index)
{
    const int seconds = m_range->itemData(index).toInt();
    if (seconds < 0) {
        pickCustomRange();
        return;
    }
    m_lastRangeIndex = index;
    m_dashboard->setRange(seconds);
}

void MetricsPage::pickCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(u"Custom time range"_s);
    auto *form = new QFormLayout(&dialog);
    auto *from = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3 * 3600), &dialog);
    auto *to = new QDateTimeEdit(QDateTime::currentDateTime(), &dialog);
    from->setCalendarPopup(true);
    to->setCalendarPopup(true);
    form->addRow(u"From"_s, from);
    form->addRow(u"To"_s, to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || from->dateTime() >= to->dateTime()) {
        m_range->setCurrentIndex(m_lastRangeIndex);
        return;
    }
    m_dashboard->zoomTo(from->dateTime().toMSecsSinceEpoch() / 1000.0, to->dateTime().toMSecsSinceEpoch() / 1000.0);
}

void MetricsPage::addTransition(const AlertTransition &t)
{
    auto *item = new QListWidgetItem(describeTransition(t));
    const bool bad = t.to == AlertState::Firing || t.to == AlertState::Error;
    item->setForeground(bad                                                             ? stateColor(FeedState::Down)
                            : t.to == AlertState::Pending || t.to == AlertState::NoData ? stateColor(FeedState::Stale)
                                                                                        : stateColor(FeedState::Live));
    m_transitions->insertItem(0, item);
    while (m_transitions->count() > 500)
        delete m_transitions->takeItem(m_transitions->count() - 1);
}

void MetricsPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutCharts();
}

// As many columns as fit charts wide enough for their legends (at least 460 px each).
void MetricsPage::layoutCharts()
{
    const int columns = std::clamp(width() / 460, 1, 4);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (MetricChart *c : std::as_const(m_chartOrder))
        m_grid->removeWidget(c);
    for (int i = 0; i < m_chartOrder.size(); ++i)
        m_grid->addWidget(m_chartOrder.at(i), i / columns, i % columns);
}

void MetricsPage::refreshHealth()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const FeedHealth h = m_health->health(FeedKind::Prometheus);
    QString text = healthSummary(h, now);
    if (h.state != FeedState::Live && !h.reason.isEmpty())
        text += u" — "_s + h.reason;
    if (!m_dashboard->rulesError().isEmpty())
        text += u"\nAlert rules not loaded: "_s + m_dashboard->rulesError();
    if (m_dashboard->zoomed())
        text += u"\nZoomed to a fixed window: auto-refresh paused (⟲ returns)"_s;
    m_banner->setText(text);
    QPalette p = m_banner->palette();
    p.setColor(QPalette::WindowText,
               h.state == FeedState::Live ? palette().color(QPalette::WindowText) : stateColor(h.state));
    m_banner->setPalette(p);
    for (MetricChart *c : std::as_const(m_charts))
        c->setFeedHealth(h, now);
}

QString MetricsPage::bannerText() const
{
    return m_banner->text();
}

QString MetricsPage::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

bool MetricsPage::exportChartPng(const QString &id, const QString &path, QString *error)
{
    MetricChart *c = m_charts.value(id);
    if (!c) {
        *error = u"no chart "_s + id;
        return false;
    }
    if (c->grab().save(path, "PNG"))
        return true;
    *error = path + u": could not be written"_s;
    return false;
}

bool MetricsPage::exportChartCsv(const QString &id, const QString &path, QString *error)
{
    const ChartData *d = m_dashboard->chart(id);
    if (!d) {
        *error = u"no chart "_s + id;
        return false;
    }
    return writeFile(path, chartCsv(*d), error);
}

void MetricsPage::exportAll()
{
    const QString dir = QFileDialog::getExistingDirectory(this, u"Export every chart into"_s);
    if (dir.isEmpty())
        return;
    QStringList errors;
    for (const QString &id : m_dashboard->chartIds()) {
        QString error;
        if (!exportChartPng(id, QDir(dir).filePath(id + u".png"_s), &error))
            errors << error;
        if (!exportChartCsv(id, QDir(dir).filePath(id + u".csv"_s), &error))
            errors << error;
    }
    m_notice->setText(errors.isEmpty() ? u"Exported %1 charts to %2"_s.arg(m_charts.size()).arg(dir)
                                       : errors.join(u'\n'));
    m_notice->show();
}

} // namespace sagadeck
