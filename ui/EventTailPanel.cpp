#include "EventTailPanel.h"
#include "Theme.h"

#include "EventTailModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

EventTailPanel::EventTailPanel(EventTailModel *model, const QString &topic, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_topic(topic)
    , m_sagaFilter(new QLineEdit(this))
    , m_typeFilter(new QComboBox(this))
    , m_pause(new QPushButton(u"Pause"_s, this))
    , m_status(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_sagaFilter->setObjectName(u"tailSagaFilter"_s);
    m_sagaFilter->setPlaceholderText(u"Filter by saga id…"_s);
    m_sagaFilter->setClearButtonEnabled(true);
    m_typeFilter->setObjectName(u"tailTypeFilter"_s);
    m_typeFilter->addItem(u"Any event"_s, QString());
    // docs/architecture.md §1: the event types of the contract.
    for (const QString &t :
         {u"SAGA_STARTED"_s, u"STEP_STARTED"_s, u"STEP_SUCCEEDED"_s, u"STEP_FAILED"_s, u"COMPENSATION_STARTED"_s,
          u"SAGA_COMPLETED"_s, u"SAGA_FAILED"_s, u"SAGA_COMPENSATED"_s, u"RETRY_REQUESTED"_s})
        m_typeFilter->addItem(t, t);
    m_pause->setObjectName(u"tailPause"_s);
    m_pause->setCheckable(true);
    m_status->setTextFormat(Qt::PlainText);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    setRole(m_problem, "problem");
    m_problem->hide();

    m_view->setObjectName(u"tailView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(22);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(EventTailModel::Time, 100);
    m_view->setColumnWidth(EventTailModel::Position, 110);
    m_view->setColumnWidth(EventTailModel::SagaId, 290);
    m_view->setColumnWidth(EventTailModel::Type, 190);
    m_view->setColumnWidth(EventTailModel::Step, 160);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_sagaFilter, 2);
    bar->addWidget(m_typeFilter, 1);
    bar->addWidget(m_pause);
    bar->addWidget(m_status, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addWidget(m_view, 1);

    connect(m_sagaFilter, &QLineEdit::textChanged, this, &EventTailPanel::applyFilter);
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, &EventTailPanel::applyFilter);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_model->setPaused(paused);
        m_pause->setText(paused ? u"Resume"_s : u"Pause"_s);
        refreshStatus();
    });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() != EventTailModel::SagaId)
            return;
        const QUuid id = index.data(EventTailModel::SagaIdRole).toUuid();
        if (!id.isNull())
            emit sagaRequested(id);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventTailPanel::refreshStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventTailPanel::refreshStatus);
    connect(m_model, &EventTailModel::problemChanged, this, &EventTailPanel::refreshStatus);
    connect(m_model, &EventTailModel::waitingChanged, this, &EventTailPanel::refreshStatus);
    refreshStatus();
}

void EventTailPanel::applyFilter()
{
    m_model->setFilter({m_sagaFilter->text().trimmed(), m_typeFilter->currentData().toString()});
    refreshStatus();
}

QString EventTailPanel::statusText() const
{
    return m_status->text();
}

void EventTailPanel::refreshStatus()
{
    const EventTailBuffer &b = m_model->buffer();
    QString text = u"%1 of the newest %2 events of %3 (cap %4)"_s.arg(m_model->rowCount())
                       .arg(b.events().size())
                       .arg(m_topic)
                       .arg(b.capacity());
    if (b.isPaused())
        text += u" · paused, %1 waiting"_s.arg(b.waiting());
    m_status->setText(text);
    const QString problem = m_model->problem();
    m_problem->setText(u"The tail cannot read %1: %2"_s.arg(m_topic, problem));
    m_problem->setVisible(!problem.isEmpty());
}

} // namespace sagadeck
