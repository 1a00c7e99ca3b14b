#include "PlaybooksPage.h"
#include "PlainText.h"

#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "PageWidgets.h"
#include "PlaybookBoard.h"
#include "PlaybookDetailPane.h"
#include "PlaybookStyle.h"

#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kIndexRole = Qt::UserRole;
}

PlaybooksPage::PlaybooksPage(PlaybookBoard *board, FeedHealthModel *health, KafkaLagStore *kafka, QWidget *parent)
    : QWidget(parent)
    , m_board(board)
    , m_health(health)
    , m_banner(makeProblemBanner(u"playbooksBanner"_s, this))
    , m_subtitle(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_detail(new PlaybookDetailPane(board, health, kafka, this))
    , m_tick(new QTimer(this))
    , m_soon(new QTimer(this))
{
    setObjectName(u"playbooksPage"_s);
    auto *title = new QLabel(u"Playbooks"_s, this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    m_subtitle->setText(u"The runbook's common issues, evaluated live. A playbook raises itself when its alert "
                        u"fires (memory growth and consumer lag have no runbook alert: their first symptom must "
                        u"hold on consecutive evaluations)."_s);

    m_list->setObjectName(u"playbookList"_s);
    m_list->setIconSize(QSize(18, 18));
    m_list->setMinimumWidth(fontMetrics().averageCharWidth() * 46); // the longest title, in any type size
    m_list->setStyleSheet(u"QListWidget::item { padding: 6px 4px; }"_s);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_detail);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_list);
    split->addWidget(scroll);
    split->setStretchFactor(1, 1);
    split->setSizes({280, 900});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &PlaybooksPage::onSelection);
    connect(m_detail, &PlaybookDetailPane::remedyRequested, this, &PlaybooksPage::remedyRequested);
    connect(m_board, &PlaybookBoard::raisedChanged, this, &PlaybooksPage::onRaised);
    // Answers come in bursts (one per symptom): one repaint per burst.
    m_soon->setSingleShot(true);
    m_soon->setInterval(50);
    connect(m_soon, &QTimer::timeout, this, &PlaybooksPage::refresh);
    connect(m_board, &PlaybookBoard::changed, m_soon, [this] { m_soon->start(); });
    connect(m_health, &QAbstractItemModel::dataChanged, m_soon, [this] { m_soon->start(); });
    m_tick->setInterval(1000); // ages move
    connect(m_tick, &QTimer::timeout, this, &PlaybooksPage::refresh);
    m_tick->start();
    refresh();
}

QString PlaybooksPage::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return {};
    const int i = item->data(kIndexRole).toInt();
    return i >= 0 && i < m_board->playbooks().size() ? m_board->playbooks().at(i).id : QString();
}

bool PlaybooksPage::selectPlaybook(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        const int i = m_list->item(row)->data(kIndexRole).toInt();
        if (m_board->playbooks().at(i).id == id) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QString PlaybooksPage::listText(const QString &id) const
{
    for (int row = 0; row < m_list->count(); ++row) {
        const int i = m_list->item(row)->data(kIndexRole).toInt();
        if (m_board->playbooks().at(i).id == id)
            return m_list->item(row)->text();
    }
    return {};
}

QString PlaybooksPage::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString PlaybooksPage::navTitle() const
{
    const int n = m_board->raisedCount();
    return n == 0 ? u"Playbooks"_s : u"Playbooks · %1 raised"_s.arg(n);
}

void PlaybooksPage::setRemediesBlocked(const QString &deployments, const QString &sagas)
{
    m_detail->setRemediesBlocked(deployments, sagas);
}

void PlaybooksPage::setRemedyBusy(bool busy)
{
    m_detail->setRemedyBusy(busy);
}

void PlaybooksPage::showRemedyNote(const QString &text)
{
    m_detail->showRemedyNote(text);
}

void PlaybooksPage::rebuildList()
{
    const QString keep = selectedId();
    const QVector<int> order = m_board->order();
    // Same order and count: only texts and glyphs change (no selection churn).
    bool same = m_list->count() == order.size();
    for (int row = 0; same && row < order.size(); ++row)
        same = m_list->item(row)->data(kIndexRole).toInt() == order.at(row);
    m_rebuilding = true;
    if (!same) {
        m_list->clear();
        for (int i : order) {
            auto *item = new QListWidgetItem(m_list);
            item->setData(kIndexRole, i);
        }
    }
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const int i = item->data(kIndexRole).toInt();
        const PlaybookStatus st = m_board->status(i);
        const Playbook &p = m_board->playbooks().at(i);
        item->setIcon(playbookStatusIcon(st, 18));
        item->setText(p.title + u"\n"_s + playbookStatusName(st));
        item->setToolTip(
            plainTooltip(m_board->live(i).raise.raised ? m_board->live(i).raise.text() : p.raiseRuleText()));
    }
    if (!same && !keep.isEmpty())
        selectPlaybook(keep);
    if (m_list->currentRow() < 0 && m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_rebuilding = false;
    if (!same)
        onSelection();
}

void PlaybooksPage::refresh()
{
    QString problem;
    if (!m_board->error().isEmpty())
        problem = u"No playbooks: "_s + m_board->error();
    else if (m_board->playbooks().isEmpty())
        problem = u"No playbooks: Prometheus is not configured for this profile, so nothing can be evaluated."_s;
    else if (m_health->health(FeedKind::Prometheus).state != FeedState::Live)
        problem = u"Symptoms cannot be evaluated now — "_s
            + healthSummary(m_health->health(FeedKind::Prometheus), QDateTime::currentDateTimeUtc());
    m_banner->setText(problem);
    m_banner->setVisible(!problem.isEmpty());
    rebuildList();
    m_detail->refresh();
    const QString nav = navTitle();
    if (nav != m_navTitle) {
        m_navTitle = nav;
        emit navTitleChanged(nav);
    }
}

void PlaybooksPage::onSelection()
{
    if (m_rebuilding)
        return;
    const QListWidgetItem *item = m_list->currentItem();
    m_detail->showPlaybook(item ? item->data(kIndexRole).toInt() : -1);
    tellBoard();
}

void PlaybooksPage::onRaised(int index, bool raised)
{
    rebuildList();
    if (raised && index >= 0 && index < m_board->playbooks().size())
        selectPlaybook(m_board->playbooks().at(index).id); // the one that needs attention
    refresh();
}

void PlaybooksPage::tellBoard()
{
    m_board->setOnScreen(isVisible(), m_detail->playbookIndex());
}

void PlaybooksPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    tellBoard();
}

void PlaybooksPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    tellBoard();
}

} // namespace sagadeck
