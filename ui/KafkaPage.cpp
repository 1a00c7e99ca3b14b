#include "KafkaPage.h"

#include "ConsumerGroupModel.h"
#include "EventTailPanel.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "KafkaLagStore.h"
#include "LagBackfill.h"
#include "LagChart.h"
#include "LagStatusStyle.h"
#include "PageWidgets.h"
#include "PartitionLagModel.h"
#include "Theme.h"
#include "TopicPartitionModel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>
#include <iterator>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// The status column: the status's shape and colour beside its name.
// A status column: the value's shape and colour, in bold unless it is the fine one.
class StatusColumnDelegate : public QStyledItemDelegate
{
public:
    struct Look
    {
        QIcon icon;
        QColor color;
        bool bold = false;
    };
    StatusColumnDelegate(int role, std::function<Look(int)> look, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_role(role)
        , m_look(std::move(look))
    {}

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const Look look = m_look(index.data(m_role).toInt());
        option->icon = look.icon;
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->palette.setColor(QPalette::Text, look.color);
        option->font.setBold(look.bold);
    }

private:
    int m_role;
    std::function<Look(int)> m_look;
};

StatusColumnDelegate *lagStatusDelegate(int role, QObject *parent)
{
    return new StatusColumnDelegate(
        role,
        [](int value) {
            const auto status = LagStatus(value);
            return StatusColumnDelegate::Look{lagStatusIcon(status, 14), lagStatusColor(status),
                                              status != LagStatus::Ok && status != LagStatus::Pending};
        },
        parent);
}

// The replication column: ok ●, under-replicated ▲, leaderless ✕, in their colours.
StatusColumnDelegate *replicationDelegate(int role, QObject *parent)
{
    return new StatusColumnDelegate(
        role,
        [](int value) {
            const auto replication = Replication(value);
            return StatusColumnDelegate::Look{replicationIcon(replication, 14), replicationColor(replication),
                                              replication != Replication::Ok};
        },
        parent);
}

} // namespace

KafkaPage::KafkaPage(KafkaLagStore *store, EventTailModel *tail, FeedHealthModel *health, const QString &sagaTopic,
                     QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_health(health)
    , m_groups(new ConsumerGroupModel(this))
    , m_partitions(new PartitionLagModel(this))
    , m_topics(new TopicPartitionModel(this))
    , m_groupSort(new QSortFilterProxyModel(this))
    , m_banner(makeProblemBanner(u"kafkaBanner"_s, this))
    , m_replication(makeProblemBanner(u"kafkaReplication"_s, this))
    , m_age(new QLabel(this))
    , m_chart(new LagChart(this))
    , m_chartSource(new QLabel(this))
    , m_tail(new EventTailPanel(tail, sagaTopic, this))
    , m_tabs(new QTabWidget(this))
    , m_tick(new QTimer(this))
    , m_sagaTopic(sagaTopic)
{
    setObjectName(u"kafkaPage"_s);
    m_age->setObjectName(u"kafkaAge"_s);
    m_age->setTextFormat(Qt::PlainText);

    m_groupSort->setSourceModel(m_groups);
    m_groupSort->setSortRole(ConsumerGroupModel::SortRole);
    m_groupView = makeReadOnlyTable(m_groupSort, u"groupView"_s, this);
    m_groupView->setSortingEnabled(true);
    m_groupView->sortByColumn(-1, Qt::AscendingOrder);
    m_groupView->setItemDelegateForColumn(ConsumerGroupModel::Status,
                                          lagStatusDelegate(ConsumerGroupModel::StatusRole, this));
    const int groupWidths[] = {190, 110, 105, 70, 65, 65, 70};
    for (int c = 0; c < int(std::size(groupWidths)); ++c)
        m_groupView->setColumnWidth(c, groupWidths[c]);

    m_partitionView = makeReadOnlyTable(m_partitions, u"partitionView"_s, this);
    m_partitionView->setItemDelegateForColumn(PartitionLagModel::Status,
                                              lagStatusDelegate(PartitionLagModel::StatusRole, this));
    m_partitionView->setItemDelegateForColumn(PartitionLagModel::ReplicationColumn,
                                              replicationDelegate(PartitionLagModel::ReplicationRole, this));
    const int partitionWidths[] = {140, 65, 90, 85, 85, 100, 80, 95, 170, 95, 330};
    for (int c = 0; c < int(std::size(partitionWidths)); ++c)
        m_partitionView->setColumnWidth(c, partitionWidths[c]);
    m_partitionView->horizontalHeader()->setStretchLastSection(false);
    m_topicView = makeReadOnlyTable(m_topics, u"topicView"_s, this);
    m_topicView->setItemDelegateForColumn(TopicPartitionModel::ReplicationColumn,
                                          replicationDelegate(TopicPartitionModel::ReplicationRole, this));
    const int topicWidths[] = {180, 70, 70, 90, 90, 150, 80, 150};
    for (int c = 0; c < int(std::size(topicWidths)); ++c)
        m_topicView->setColumnWidth(c, topicWidths[c]);

    m_chart->setObjectName(u"lagChart"_s);
    m_chartSource->setObjectName(u"lagChartSource"_s);
    m_chartSource->setTextFormat(Qt::PlainText);
    m_chartSource->setWordWrap(true);
    m_chartSource->setText(u"lag history starts when the console does"_s);
    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_chart, 1);
    chartLayout->addWidget(m_chartSource);
    auto *groupsBox = new QWidget(this);
    auto *groupsLayout = new QVBoxLayout(groupsBox);
    groupsLayout->setContentsMargins(0, 0, 0, 0);
    groupsLayout->addWidget(buildScopeBar());
    groupsLayout->addWidget(m_groupView, 1);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(groupsBox);
    top->addWidget(chartBox);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    top->setSizes({700, 420});

    m_tabs->setObjectName(u"kafkaTabs"_s);
    m_tabs->addTab(m_partitionView, u"Partitions"_s);
    m_tabs->addTab(m_topicView, u"Topics"_s);
    m_tabs->addTab(m_tail, u"Live tail: "_s + sagaTopic);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(buildCapacityBar());
    bottomLayout->addWidget(m_tabs, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addWidget(m_banner);
    layout->addWidget(m_replication);
    layout->addWidget(m_age);
    layout->addWidget(split, 1);

    connect(m_store, &KafkaLagStore::updated, this, &KafkaPage::refreshData);
    connect(m_health, &FeedHealthModel::healthChanged, this, &KafkaPage::refreshHealth);
    connect(m_tail, &EventTailPanel::sagaRequested, this, &KafkaPage::sagaRequested);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selected = current.data(ConsumerGroupModel::GroupRole).toString();
                showSelectedPartitions();
            });
    // Ages move every second even when nothing arrives.
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &KafkaPage::refreshHealth);
    m_tick->start();
    refreshData();
}

QWidget *KafkaPage::buildScopeBar()
{
    // A big cluster is read only as far as the profile reaches; the rest on request, a page at
    // a time, and only while the box is ticked.
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_allGroups = new QCheckBox(u"All groups in the cluster"_s, bar);
    m_allGroups->setObjectName(u"allGroups"_s);
    m_allGroups->setToolTip(u"Also list the cluster's other consumer groups, a page at a time (read only while "
                            "ticked)"_s);
    m_prevPage = new QToolButton(bar);
    m_prevPage->setArrowType(Qt::LeftArrow);
    m_prevPage->setToolTip(u"Previous page of groups"_s);
    m_nextPage = new QToolButton(bar);
    m_nextPage->setArrowType(Qt::RightArrow);
    m_nextPage->setToolTip(u"Next page of groups"_s);
    m_scope = new QLabel(bar);
    m_scope->setObjectName(u"kafkaScope"_s);
    m_scope->setTextFormat(Qt::PlainText);
    m_scope->setWordWrap(true);
    row->addWidget(m_allGroups);
    row->addWidget(m_prevPage);
    row->addWidget(m_nextPage);
    row->addWidget(m_scope, 1);
    connect(m_allGroups, &QCheckBox::toggled, this, [this](bool on) { requestGroupsPage(on ? 0 : -1); });
    connect(m_prevPage, &QToolButton::clicked, this, [this] { requestGroupsPage(std::max(0, m_requestedPage - 1)); });
    connect(m_nextPage, &QToolButton::clicked, this, [this] { requestGroupsPage(m_requestedPage + 1); });
    return bar;
}

QWidget *KafkaPage::buildCapacityBar()
{
    // The selected group's capacity (members against partitions) and its repairs.
    auto *bar = new QWidget(this);
    auto *column = new QVBoxLayout(bar);
    column->setContentsMargins(0, 4, 0, 0);
    auto *row = new QHBoxLayout();
    m_capacity = new QLabel(bar);
    m_capacity->setObjectName(u"kafkaCapacity"_s);
    m_capacity->setTextFormat(Qt::PlainText);
    m_capacity->setWordWrap(true);
    m_resetOffsets = new QPushButton(u"Reset offsets…"_s, bar);
    m_resetOffsets->setObjectName(u"resetOffsets"_s);
    m_addPartitions = new QPushButton(u"Add partitions…"_s, bar);
    m_addPartitions->setObjectName(u"addPartitions"_s);
    row->addWidget(m_capacity, 1);
    row->addWidget(m_resetOffsets);
    row->addWidget(m_addPartitions);
    column->addLayout(row);
    m_capacityWarning = makeProblemBanner(u"kafkaCapacityWarning"_s, bar);
    setRole(m_capacityWarning, "notice");
    column->addWidget(m_capacityWarning);
    m_actionNote = new QLabel(bar);
    m_actionNote->setObjectName(u"kafkaActionNote"_s);
    m_actionNote->setTextFormat(Qt::PlainText);
    m_actionNote->setWordWrap(true);
    m_actionNote->hide();
    column->addWidget(m_actionNote);
    connect(m_resetOffsets, &QPushButton::clicked, this, [this] {
        if (!m_selected.isEmpty())
            emit resetOffsetsRequested(m_selected, selectedTopic());
    });
    connect(m_addPartitions, &QPushButton::clicked, this, [this] {
        const GroupCapacity c = m_store->capacity(m_selected);
        emit addPartitionsRequested(selectedTopic(), c.topic == selectedTopic() ? c.partitions : -1);
    });
    return bar;
}

GroupCapacity KafkaPage::capacity(const QString &group) const
{
    return m_store->capacity(group);
}

QString KafkaPage::selectedTopic() const
{
    const GroupCapacity c = m_store->capacity(m_selected);
    return c.topic.isEmpty() ? m_sagaTopic : c.topic;
}

void KafkaPage::refreshCapacity()
{
    if (m_selected.isEmpty() || !m_store->hasData()) {
        m_capacity->setText(u"Select a group to see its consumers against its partitions."_s);
        m_capacityWarning->hide();
    } else {
        const GroupCapacity c = m_store->capacity(m_selected);
        int idle = 0;
        for (const GroupMember &m : c.memberList)
            idle += m.assigned.isEmpty() ? 1 : 0;
        QString text = m_selected + u": "_s + c.sentence();
        if (idle > 0)
            text += u" (%1 member(s) own no partition)"_s.arg(idle);
        // Who owns what, member by member (the table below has it per partition).
        QStringList owners;
        for (const GroupMember &m : c.memberList) {
            if (owners.size() == 4) {
                owners << u"%1 more"_s.arg(c.memberList.size() - 4);
                break;
            }
            QStringList parts;
            for (const auto &tp : m.assigned)
                parts << (tp.first == c.topic ? QString::number(tp.second)
                                              : tp.first + u'-' + QString::number(tp.second));
            owners << u"%1 on %2 owns %3"_s.arg(
                m.clientId, m.host, parts.isEmpty() ? u"nothing"_s : u"partitions "_s + parts.join(u", "_s));
        }
        if (!owners.isEmpty())
            text += u" — "_s + owners.join(u"; "_s);
        m_capacity->setText(text);
        const QString warning = c.warning();
        m_capacityWarning->setText(u"▲ "_s + warning);
        m_capacityWarning->setVisible(!warning.isEmpty());
    }
    updateActionButtons();
}

QString KafkaPage::capacityText() const
{
    return m_capacity->text();
}

QString KafkaPage::capacityWarning() const
{
    return m_capacityWarning->isHidden() ? QString() : m_capacityWarning->text();
}

void KafkaPage::setActionsBlocked(const QString &why)
{
    m_actionsBlocked = why;
    updateActionButtons();
}

void KafkaPage::setActionBusy(bool busy)
{
    m_actionBusy = busy;
    updateActionButtons();
}

void KafkaPage::showActionNote(const QString &note)
{
    m_actionNote->setText(note);
    m_actionNote->setVisible(!note.isEmpty());
}

QString KafkaPage::actionNote() const
{
    return m_actionNote->isHidden() ? QString() : m_actionNote->text();
}

void KafkaPage::updateActionButtons()
{
    const bool can = m_actionsBlocked.isEmpty() && !m_actionBusy && !m_selected.isEmpty();
    m_resetOffsets->setEnabled(can);
    m_addPartitions->setEnabled(can);
    const QString why = !m_actionsBlocked.isEmpty() ? m_actionsBlocked
        : m_actionBusy                              ? u"a Kafka repair is running"_s
        : m_selected.isEmpty()                      ? u"select a group first"_s
                                                    : QString();
    m_resetOffsets->setToolTip(why.isEmpty() ? u"Move %1's committed offsets on %2 (only while the group has no "
                                               u"active members)"_s.arg(m_selected, selectedTopic())
                                             : why);
    m_addPartitions->setToolTip(why.isEmpty() ? u"Add partitions to %1"_s.arg(selectedTopic()) : why);
}

void KafkaPage::requestGroupsPage(int page)
{
    m_requestedPage = page;
    emit allGroupsRequested(page);
    updateScopeBar();
}

void KafkaPage::updateScopeBar()
{
    const KafkaLagStore::Scope &scope = m_store->scope();
    m_prevPage->setEnabled(m_requestedPage > 0);
    m_nextPage->setEnabled(m_requestedPage >= 0 && m_requestedPage + 1 < scope.pages);
    m_scope->setText(scopeText());
}

QString KafkaPage::scopeText() const
{
    const KafkaLagStore::Scope &s = m_store->scope();
    const QString profile = u"%1 group(s) of the profile"_s.arg(s.profileGroups);
    // (%5 below: every group the cluster lists, the profile's included.)
    if (m_requestedPage < 0)
        return profile;
    if (s.clusterGroups < 0)
        return profile + u"; listing the cluster's groups…"_s;
    if (s.page != m_requestedPage)
        return profile + u"; reading page %1…"_s.arg(m_requestedPage + 1);
    return u"%1 + page %2 of %3 of the others (%4 a page; %5 groups in the cluster)"_s.arg(profile)
        .arg(s.pages == 0 ? 0 : s.page + 1)
        .arg(s.pages)
        .arg(s.pageSize)
        .arg(s.clusterGroups);
}

void KafkaPage::selectGroup(const QString &group)
{
    const int row = m_groups->rowOf(group);
    if (row < 0)
        return;
    m_groupView->setCurrentIndex(m_groupSort->mapFromSource(m_groups->index(row, 0)));
}

void KafkaPage::showSelectedPartitions()
{
    m_partitions->setRows(m_selected, m_store->partitionsOf(m_selected));
    m_tabs->setTabText(0, m_selected.isEmpty() ? u"Partitions"_s : u"Partitions of "_s + m_selected);
    m_chart->setHighlighted(m_selected);
    refreshCapacity();
}

void KafkaPage::refreshData()
{
    const KafkaLagStore::Scope &scope = m_store->scope();
    if (m_requestedPage >= scope.pages && scope.page >= 0)
        m_requestedPage = scope.page; // past the last page: the feed shows the last one
    updateScopeBar();
    m_groups->setRows(m_store->groups());
    m_topics->setRows(m_store->topicPartitions());
    if (m_selected.isEmpty() && m_groups->rowCount() > 0)
        m_groupView->setCurrentIndex(m_groupSort->index(0, 0)); // sets m_selected
    else
        showSelectedPartitions();
    m_chart->render(m_store->history(),
                    m_store->dataAt().isValid() ? m_store->dataAt().toMSecsSinceEpoch()
                                                : QDateTime::currentMSecsSinceEpoch());
    refreshReplication();
    refreshHealth();
}

void KafkaPage::refreshReplication()
{
    const ReplicationSummary &r = m_store->replication();
    if (!m_store->hasData() || r.allOk()) {
        m_replication->hide();
        m_replication->clear();
        return;
    }
    // Red when a partition has no leader (nothing can be read from it), amber when every
    // partition is led but some lack in-sync replicas. The shape says it too, not colour alone.
    const bool leaderless = r.leaderless() > 0;
    QString text = replicationGlyphText(leaderless ? Replication::Leaderless : Replication::UnderReplicated) + u' '
        + r.sentence() + u'.';
    if (leaderless)
        text += u" No leader: their log ends cannot be read, so their lag is unknown."_s;
    const char *role = leaderless ? "problem" : "notice";
    if (m_replication->property("sdRole").toString() != QLatin1String(role))
        setRole(m_replication, role);
    m_replication->setText(text);
    m_replication->show();
}

QString KafkaPage::replicationText() const
{
    return m_replication->isHidden() ? QString() : m_replication->text();
}

bool KafkaPage::replicationIsProblem() const
{
    return !m_replication->isHidden() && m_replication->property("sdRole").toString() == u"problem"_s;
}

QString KafkaPage::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString KafkaPage::ageText() const
{
    return m_age->text();
}

void KafkaPage::refreshHealth()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const FeedHealth h = m_health->health(FeedKind::Kafka);
    // A dead feed never looks healthy or empty: say why, and how old what is shown is.
    if (h.state == FeedState::Live) {
        m_banner->hide();
    } else {
        QString text = healthDetails(h, now);
        if (m_store->hasData())
            text += u" — the numbers below are from "_s + describeAge(m_store->dataAt().msecsTo(now))
                + u" ago and are not current."_s;
        else
            text += u" — no Kafka data yet."_s;
        m_banner->setText(text);
        m_banner->show();
    }
    if (!m_store->hasData()) {
        m_age->setText(healthSummary(h, now));
        return;
    }
    const int w = m_store->windowSamples();
    m_age->setText(
        u"%1 · data %2 old · refresh took %3 ms · %4 groups · status over the last %5 samples"
        u" · lag in time estimated %6"_s.arg(healthSummary(h, now), describeAge(m_store->dataAt().msecsTo(now)))
            .arg(m_store->lastRefreshMs())
            .arg(m_store->groups().size())
            .arg(w)
            .arg(LagTimeEstimator::methodName()));
}

void KafkaPage::setLagBackfill(LagBackfill *backfill)
{
    auto show = [this, backfill] { m_chartSource->setText(backfill->statusText()); };
    connect(backfill, &LagBackfill::statusChanged, this, show);
    show();
}

QString KafkaPage::chartSourceText() const
{
    return m_chartSource->text();
}

} // namespace sagadeck
