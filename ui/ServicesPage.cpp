#include "ServicesPage.h"
#include "Theme.h"

#include "DeploymentTableModel.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "PageWidgets.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

ServicesPage::ServicesPage(DeploymentTableModel *deployments, FeedHealthModel *health, QWidget *parent)
    : QWidget(parent)
    , m_model(deployments)
    , m_health(health)
    , m_sort(new QSortFilterProxyModel(this))
    , m_identity(new QLabel(this))
    , m_tlsBadge(new QLabel(u"TLS not verified"_s, this))
    , m_banner(makeProblemBanner(u"servicesBanner"_s, this))
    , m_age(new QLabel(this))
    , m_restart(new QPushButton(u"Rollout restart…"_s, this))
    , m_replicas(new QSpinBox(this))
    , m_scale(new QPushButton(u"Scale…"_s, this))
    , m_precondition(new QCheckBox(this))
    , m_note(new QLabel(this))
    , m_tick(new QTimer(this))
{
    setObjectName(u"servicesPage"_s);
    m_identity->setObjectName(u"servicesIdentity"_s);
    m_identity->setTextFormat(Qt::PlainText);
    m_identity->setWordWrap(true);
    // The kubeconfig turned certificate checks off: anyone on the path could be the cluster.
    m_tlsBadge->setObjectName(u"tlsBadge"_s);
    setRole(m_tlsBadge, "alarm");
    m_tlsBadge->setToolTip(
        u"The kubeconfig sets insecure-skip-tls-verify: the API server's certificate is not checked."_s);
    m_tlsBadge->hide();
    m_age->setObjectName(u"servicesAge"_s);
    m_age->setTextFormat(Qt::PlainText);
    m_note->setObjectName(u"servicesActionNote"_s);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);

    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(DeploymentTableModel::SortRole);
    m_view = makeReadOnlyTable(m_sort, u"deploymentView"_s, this);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DeploymentTableModel::Name, Qt::AscendingOrder);
    const int widths[] = {200, 70, 90, 80, 260, 130, 110};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);

    m_restart->setObjectName(u"restartButton"_s);
    m_scale->setObjectName(u"scaleButton"_s);
    m_replicas->setObjectName(u"replicasBox"_s);
    m_replicas->setRange(0, 50);
    m_replicas->setPrefix(u"to "_s);
    m_replicas->setSuffix(u" replicas"_s);
    // Someone else (an autoscaler, a colleague with kubectl) may scale it meanwhile.
    m_precondition->setObjectName(u"scalePrecondition"_s);
    m_precondition->setText(u"only if the count is still as shown"_s);
    m_precondition->setChecked(true);

    auto *identityRow = new QHBoxLayout;
    identityRow->addWidget(m_identity, 1);
    identityRow->addWidget(m_tlsBadge);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_restart);
    actions->addSpacing(16);
    actions->addWidget(m_replicas);
    actions->addWidget(m_scale);
    actions->addWidget(m_precondition);
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(identityRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_age);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
    layout->addWidget(m_note);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selected = current.isValid() ? current.data(DeploymentTableModel::NameRole).toString() : QString();
                if (const auto d = m_model->deployment(m_selected))
                    m_replicas->setValue(d->desiredReplicas);
                updateButtons();
            });
    connect(m_restart, &QPushButton::clicked, this, [this] {
        if (!m_selected.isEmpty() && m_busy.isEmpty())
            emit restartRequested(m_selected);
    });
    connect(m_scale, &QPushButton::clicked, this, [this] {
        if (m_selected.isEmpty() || !m_busy.isEmpty())
            return;
        const auto d = m_model->deployment(m_selected);
        emit scaleRequested(m_selected, m_replicas->value(),
                            m_precondition->isChecked() && d ? d->desiredReplicas : -1);
    });
    connect(m_replicas, &QSpinBox::valueChanged, this, &ServicesPage::updateButtons);
    connect(m_model, &DeploymentTableModel::updated, this, &ServicesPage::refreshData);
    connect(m_health, &FeedHealthModel::dataChanged, this, &ServicesPage::refreshHealth);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_model->setNow(QDateTime::currentDateTimeUtc());
        refreshHealth();
    });
    m_tick->start();
    refreshData();
}

void ServicesPage::selectDeployment(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_view->setCurrentIndex(m_sort->mapFromSource(m_model->index(row, 0)));
}

void ServicesPage::refreshData()
{
    const KubeContextInfo &c = m_model->context();
    m_identity->setText(c.isKnown() ? u"Context %1 · cluster %2 · user %3 · namespace %4 · %5"_s.arg(
                            c.context, c.cluster, c.user, c.ns, c.server)
                                    : u"No Kubernetes context loaded yet"_s);
    m_tlsBadge->setVisible(c.insecureSkipTlsVerify);
    // A deployment added or deleted resets the model and with it the view's current row: keep
    // the operator's choice where it still exists, and never act on one that is gone.
    if (!m_selected.isEmpty() && m_model->rowOf(m_selected) < 0)
        m_selected.clear();
    if (!m_selected.isEmpty()) {
        const QModelIndex wanted = m_sort->mapFromSource(m_model->index(m_model->rowOf(m_selected), 0));
        if (m_view->currentIndex().row() != wanted.row())
            m_view->setCurrentIndex(wanted);
    } else if (m_model->rowCount() > 0) {
        m_view->setCurrentIndex(m_sort->index(0, 0));
    }
    updateButtons();
    refreshHealth();
}

void ServicesPage::refreshHealth()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const FeedHealth h = m_health->health(FeedKind::Kubernetes);
    // A dead feed never looks healthy or empty: say why, and how old what is shown is.
    if (h.state == FeedState::Live) {
        m_banner->hide();
    } else {
        QString text = healthDetails(h, now);
        text += m_model->hasData() ? u" — the deployments below are from "_s
                + describeAge(m_model->dataAt().msecsTo(now)) + u" ago and are not current."_s
                                   : u" — no deployments yet."_s;
        m_banner->setText(text);
        m_banner->show();
    }
    m_age->setText(m_model->hasData() ? u"%1 · data %2 old · %3 deployments"_s
                                            .arg(healthSummary(h, now), describeAge(m_model->dataAt().msecsTo(now)))
                                            .arg(m_model->rowCount())
                                      : healthSummary(h, now));
    updateButtons();
}

void ServicesPage::setActionsBlocked(const QString &why)
{
    m_blocked = why;
    updateButtons();
}

void ServicesPage::showActionNote(const QString &text)
{
    m_note->setText(text);
}

void ServicesPage::setBusy(const QString &name, bool busy)
{
    m_busy = busy ? name : QString();
    updateButtons();
}

void ServicesPage::updateButtons()
{
    // Unavailable buttons stay visible and say why.
    QString why = m_blocked;
    if (why.isEmpty() && !m_busy.isEmpty())
        why = u"an action on "_s + m_busy + u" is under way"_s;
    if (why.isEmpty() && m_health->health(FeedKind::Kubernetes).state != FeedState::Live)
        why = u"the Kubernetes feed is not Live"_s;
    if (why.isEmpty() && m_selected.isEmpty())
        why = u"select a deployment"_s;
    m_restart->setEnabled(why.isEmpty());
    m_restart->setToolTip(why.isEmpty() ? u"kubectl rollout restart deployment/"_s + m_selected : why);
    QString scaleWhy = why;
    if (scaleWhy.isEmpty())
        if (const auto d = m_model->deployment(m_selected); d && d->desiredReplicas == m_replicas->value())
            scaleWhy = u"%1 already has %2 replicas"_s.arg(m_selected).arg(d->desiredReplicas);
    m_scale->setEnabled(scaleWhy.isEmpty());
    m_scale->setToolTip(scaleWhy.isEmpty()
                            ? u"kubectl scale deployment/%1 --replicas=%2"_s.arg(m_selected).arg(m_replicas->value())
                            : scaleWhy);
    m_replicas->setEnabled(why.isEmpty());
}

QString ServicesPage::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString ServicesPage::identityText() const
{
    return m_identity->text();
}

bool ServicesPage::tlsBadgeShown() const
{
    return !m_tlsBadge->isHidden();
}

QString ServicesPage::actionNote() const
{
    return m_note->text();
}

} // namespace sagadeck
