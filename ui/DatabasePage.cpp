#include "DatabasePage.h"

#include "DatabaseActivityStore.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "PageWidgets.h"
#include "StatusGlyph.h"
#include "Theme.h"

#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Long-running rows in the alarm colour and bold (the ▲ in the duration says it without colour).
class LongRunningHighlight : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::ForegroundRole && role != Qt::FontRole)
            return QIdentityProxyModel::data(index, role);
        if (!QIdentityProxyModel::data(index, RunningQueryModel::LongRunningRole).toBool())
            return QIdentityProxyModel::data(index, role);
        if (role == Qt::ForegroundRole)
            return stateColor(FeedState::Down);
        QFont f;
        f.setBold(true);
        return f;
    }
};

QTableView *statementsTable(SlowStatementModel *model, const QString &name, QWidget *parent)
{
    auto *sorted = new QSortFilterProxyModel(parent);
    sorted->setSourceModel(model);
    sorted->setSortRole(SlowStatementModel::SortRole);
    QTableView *t = makeReadOnlyTable(sorted, name, parent);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setWordWrap(false);
    return t;
}

} // namespace

DatabasePage::DatabasePage(DatabaseActivityStore *store, FeedHealthModel *health, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_health(health)
    , m_banner(makeProblemBanner(u"databaseBanner"_s, this))
    , m_age(new QLabel(this))
    , m_runningHeader(new QLabel(this))
    , m_cancel(new QPushButton(u"Cancel query…"_s, this))
    , m_terminate(new QPushButton(u"Terminate backend…"_s, this))
    , m_blockedLabel(new QLabel(this))
    , m_note(new QLabel(this))
    , m_statementsHeader(new QLabel(this))
    , m_statementsProblem(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_tick(new QTimer(this))
{
    setObjectName(u"databasePage"_s);
    for (QLabel *l : {m_age, m_runningHeader, m_blockedLabel, m_note, m_statementsHeader, m_statementsProblem}) {
        l->setTextFormat(Qt::PlainText); // reasons and notes come from the server
        l->setWordWrap(true);
    }
    m_age->setObjectName(u"databaseAge"_s);
    m_runningHeader->setObjectName(u"runningHeader"_s);
    setHeadingFont(m_runningHeader, 1.1);
    setHeadingFont(m_statementsHeader, 1.1);
    m_statementsHeader->setObjectName(u"statementsHeader"_s);
    m_statementsProblem->setObjectName(u"statementsProblem"_s);
    setRole(m_statementsProblem, "notice");
    m_statementsProblem->setTextInteractionFlags(Qt::TextSelectableByMouse); // the SQL can be copied
    m_blockedLabel->setObjectName(u"actionsBlocked"_s);
    setRole(m_blockedLabel, "noticeText");
    m_note->setObjectName(u"actionNote"_s);
    m_cancel->setObjectName(u"cancelQuery"_s);
    m_terminate->setObjectName(u"terminateBackend"_s);

    auto *highlight = new LongRunningHighlight(this);
    highlight->setSourceModel(store->running());
    m_running = makeReadOnlyTable(highlight, u"runningQueries"_s, this);
    m_running->setSelectionMode(QAbstractItemView::SingleSelection);
    m_running->horizontalHeader()->setStretchLastSection(true);
    m_running->setWordWrap(false);
    m_byMean = statementsTable(store->byMean(), u"statementsByMean"_s, this);
    m_byTotal = statementsTable(store->byTotal(), u"statementsByTotal"_s, this);
    m_tabs->setObjectName(u"statementsTabs"_s);
    m_tabs->addTab(m_byMean, u"By mean time"_s);
    m_tabs->addTab(m_byTotal, u"By total time"_s);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_runningHeader);
    topLayout->addWidget(m_running, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_terminate);
    buttons->addWidget(m_blockedLabel, 1);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_note);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_statementsHeader);
    bottomLayout->addWidget(m_statementsProblem);
    bottomLayout->addWidget(m_tabs, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_age);
    layout->addWidget(split, 1);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (const int pid = selectedPid())
            emit cancelRequested(pid);
    });
    connect(m_terminate, &QPushButton::clicked, this, [this] {
        if (const int pid = selectedPid())
            emit terminateRequested(pid);
    });
    connect(m_running->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DatabasePage::updateButtons);
    connect(store, &DatabaseActivityStore::changed, this, &DatabasePage::refresh);
    connect(health, &FeedHealthModel::healthChanged, this, &DatabasePage::refresh);
    m_tick->setInterval(1000); // the age moves on between readings
    connect(m_tick, &QTimer::timeout, this, &DatabasePage::refresh);
    m_tick->start();
    refresh();
}

void DatabasePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_store->setWanted(true); // read while someone looks
}

void DatabasePage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_store->setWanted(false);
}

int DatabasePage::selectedPid() const
{
    const QModelIndexList rows = m_running->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.first().data(RunningQueryModel::PidRole).toInt();
}

bool DatabasePage::selectPid(int pid)
{
    const int row = m_store->running()->rowOfPid(pid);
    if (row < 0)
        return false;
    m_running->selectRow(row);
    return true;
}

void DatabasePage::setActionsBlocked(const QString &why)
{
    m_blocked = why;
    updateButtons();
}

void DatabasePage::showActionNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

void DatabasePage::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
    if (!busy)
        m_store->refresh(); // show what the action changed without waiting for the next reading
}

void DatabasePage::updateButtons()
{
    const int pid = selectedPid();
    const bool can = m_blocked.isEmpty() && !m_busy && pid > 0;
    m_cancel->setEnabled(can);
    m_terminate->setEnabled(can);
    const QString why = !m_blocked.isEmpty() ? m_blocked
        : m_busy                             ? u"an action is running"_s
        : pid == 0                           ? u"select a running query first"_s
                                             : QString();
    m_cancel->setToolTip(why.isEmpty() ? u"pg_cancel_backend(%1): stop its running statement"_s.arg(pid) : why);
    m_terminate->setToolTip(why.isEmpty() ? u"pg_terminate_backend(%1): end the session"_s.arg(pid) : why);
    // Say why the buttons are off, next to them: no operator, read-only, or nothing selected yet.
    m_blockedLabel->setText(!m_blocked.isEmpty() ? QString(u"Cancel and terminate are off: "_s + m_blocked)
                                : pid == 0 && m_store->hasData() && !m_store->activity().running.isEmpty()
                                ? u"Select a running query to cancel or terminate it."_s
                                : QString());
    m_blockedLabel->setVisible(!m_blockedLabel->text().isEmpty());
}

void DatabasePage::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const FeedHealth h = m_health->health(FeedKind::Postgres);
    const DatabaseActivity &a = m_store->activity();
    const QString age = m_store->hasData() ? describeAge(std::max<qint64>(0, a.at.msecsTo(now))) : QString();
    QStringList problems;
    if (h.state != FeedState::Live)
        problems << healthDetails(h, now);
    if (!m_store->error().isEmpty())
        problems << u"pg_stat_activity could not be read: "_s + m_store->error();
    if (!problems.isEmpty()) {
        m_banner->setText(problems.join(u'\n')
                          + (m_store->hasData()
                                 ? u" — what is shown below was read %1 ago and is not current."_s.arg(age)
                                 : u" — nothing read yet."_s));
        m_banner->show();
    } else {
        m_banner->hide();
    }
    m_age->setText(m_store->hasData() ? u"%1 · database %2 · read %3 ago (database time %4)"_s.arg(
                       healthSummary(h, now), a.database, age, a.at.toLocalTime().toString(u"HH:mm:ss"_s))
                                      : healthSummary(h, now) + u" · not read yet"_s);
    const int threshold = m_store->thresholdS();
    const int over = m_store->longRunning();
    m_runningHeader->setText(!m_store->hasData()
                                 ? u"Running queries"_s
                                 : u"Running queries: %1 not idle · %2 over %3%4"_s.arg(a.running.size())
                                       .arg(over)
                                       .arg(runningForText(threshold))
                                       .arg(over > 0 ? u" (▲, the runbook's first fix: terminate them)"_s : QString()));
    if (!m_store->hasData()) {
        m_statementsHeader->setText(u"Slow statements (pg_stat_statements)"_s);
        m_statementsProblem->hide();
    } else if (!a.statementsAvailable) {
        m_statementsHeader->setText(u"Slow statements (pg_stat_statements): not available"_s);
        m_statementsProblem->setText(a.statementsProblem);
        m_statementsProblem->show();
    } else {
        m_statementsHeader->setText(u"Slow statements (pg_stat_statements, top %1 of database %2) · read %3 ago"_s
                                        .arg(DatabaseActivity::statementRows)
                                        .arg(a.database, age));
        m_statementsProblem->hide();
    }
    m_tabs->setVisible(!m_store->hasData() || a.statementsAvailable);
    updateButtons();
}

QString DatabasePage::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString DatabasePage::ageText() const
{
    return m_age->text();
}

QString DatabasePage::runningHeaderText() const
{
    return m_runningHeader->text();
}

QString DatabasePage::statementsText() const
{
    return m_statementsProblem->isHidden() ? m_statementsHeader->text()
                                           : m_statementsHeader->text() + u"\n"_s + m_statementsProblem->text();
}

QString DatabasePage::actionNote() const
{
    return m_note->text();
}

} // namespace sagadeck
