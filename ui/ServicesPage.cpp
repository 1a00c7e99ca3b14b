#include "ServicesPage.h"
#include "Theme.h"

#include "DeploymentTableModel.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "PageWidgets.h"
#include "LogsPanel.h"
#include "PodTableModel.h"
#include "RevisionTableModel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

ServicesPage::ServicesPage(DeploymentTableModel *deployments, PodTableModel *pods, LogBuffer *logs,
                           FeedHealthModel *health, QWidget *parent)
    : QWidget(parent)
    , m_model(deployments)
    , m_health(health)
    , m_sort(new QSortFilterProxyModel(this))
    , m_pods(pods)
    , m_revisions(new RevisionTableModel(this))
    , m_revisionsHeader(new QLabel(this))
    , m_undo(new QPushButton(u"Undo rollout…"_s, this))
    , m_rollbackTo(new QPushButton(u"Roll back to this revision…"_s, this))
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
    const int widths[] = {170, 60, 80, 70, 220, 110, 90, 240, 70};
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

    // The selected deployment's revisions beside it: what a rollback can go back to.
    m_revisionView = makeReadOnlyTable(m_revisions, u"revisionView"_s, this);
    const int revisionWidths[] = {70, 290, 240, 80, 50};
    for (int c = 0; c < int(std::size(revisionWidths)); ++c)
        m_revisionView->setColumnWidth(c, revisionWidths[c]);
    m_revisionsHeader->setObjectName(u"revisionsHeader"_s);
    m_revisionsHeader->setTextFormat(Qt::PlainText);
    m_revisionsHeader->setWordWrap(true);
    m_undo->setObjectName(u"undoButton"_s);
    m_rollbackTo->setObjectName(u"rollbackToButton"_s);
    auto *revisionsBox = new QWidget(this);
    auto *revisionsLayout = new QVBoxLayout(revisionsBox);
    revisionsLayout->setContentsMargins(0, 0, 0, 0);
    revisionsLayout->addWidget(m_revisionsHeader);
    revisionsLayout->addWidget(m_revisionView, 1);
    auto *revisionButtons = new QHBoxLayout;
    revisionButtons->addWidget(m_undo);
    revisionButtons->addWidget(m_rollbackTo);
    revisionButtons->addStretch(1);
    revisionsLayout->addLayout(revisionButtons);
    auto *top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(u"servicesTopSplit"_s);
    top->addWidget(m_view);
    top->addWidget(revisionsBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    connect(m_undo, &QPushButton::clicked, this, [this] {
        if (!m_selected.isEmpty() && m_busy.isEmpty())
            emit rollbackRequested(m_selected, 0);
    });
    connect(m_rollbackTo, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_revisionView->currentIndex();
        if (!m_selected.isEmpty() && m_busy.isEmpty() && current.isValid())
            emit rollbackRequested(m_selected, current.data(RevisionTableModel::RevisionRole).toLongLong());
    });
    connect(m_revisionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ServicesPage::updateButtons);

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
    if (m_pods) {
        // The pods under the deployments, as `kubectl get pods -l app=X -o wide` would list them.
        m_podSort = new QSortFilterProxyModel(this);
        m_podSort->setSourceModel(m_pods);
        m_podSort->setSortRole(PodTableModel::SortRole);
        m_podSort->setFilterRole(PodTableModel::DeploymentRole);
        m_podSort->setFilterKeyColumn(PodTableModel::Name);
        m_podView = makeReadOnlyTable(m_podSort, u"podView"_s, this);
        m_podView->setSortingEnabled(true);
        m_podView->sortByColumn(PodTableModel::Name, Qt::AscendingOrder);
        const int podWidths[] = {240, 140, 130, 50, 65, 190, 140, 200, 100, 70, 170, 280};
        for (int c = 0; c < int(std::size(podWidths)); ++c)
            m_podView->setColumnWidth(c, podWidths[c]);
        m_podsOfSelected = new QCheckBox(u"Only the selected deployment's"_s, this);
        m_podsOfSelected->setObjectName(u"podsOfSelected"_s);
        m_podsOfSelected->setChecked(true);
        m_podsHeader = new QLabel(this);
        m_podsHeader->setObjectName(u"podsHeader"_s);
        m_podsHeader->setTextFormat(Qt::PlainText);
        m_podsHeader->setWordWrap(true);
        auto *podsBox = new QWidget(this);
        auto *podsLayout = new QVBoxLayout(podsBox);
        podsLayout->setContentsMargins(0, 4, 0, 0);
        auto *podsRow = new QHBoxLayout;
        podsRow->addWidget(m_podsHeader, 1);
        podsRow->addWidget(m_podsOfSelected);
        podsLayout->addLayout(podsRow);
        podsLayout->addWidget(m_podView, 1);
        auto *split = new QSplitter(Qt::Vertical, this);
        split->setObjectName(u"servicesSplit"_s);
        split->addWidget(top);
        split->addWidget(podsBox);
        split->setStretchFactor(0, 2);
        split->setStretchFactor(1, 3);
        if (logs) {
            // kubectl logs, beside what it is of: the selected deployment's pods, or one pod.
            m_logs = new LogsPanel(logs, this);
            split->addWidget(m_logs);
            split->setStretchFactor(2, 5);
            m_logs->hide();
            split->setSizes({160, 200, 420}); // every deployment of a namespace of a few in sight
            m_logsButton = new QPushButton(u"Logs…"_s, this);
            m_logsButton->setObjectName(u"logsButton"_s);
            m_logsButton->setToolTip(
                u"kubectl logs deployment/NAME of every pod, by time; double-click a pod for its own"_s);
            connect(m_logsButton, &QPushButton::clicked, this, [this] {
                if (m_selected.isEmpty())
                    return;
                m_logs->setTarget(m_selected, {});
                m_logs->show();
                m_logs->read();
            });
            connect(m_podView, &QTableView::doubleClicked, this,
                    [this](const QModelIndex &index) { showPodLogs(index.data(PodTableModel::NameRole).toString()); });
        }
        layout->addWidget(split, 1);
        connect(m_pods, &PodTableModel::updated, this, &ServicesPage::refreshPods);
        connect(m_podsOfSelected, &QCheckBox::toggled, this, &ServicesPage::refreshPods);
    } else {
        layout->addWidget(top, 1);
    }
    if (m_logsButton) // beside the restart and scale buttons, before the stretch
        actions->insertWidget(actions->count() - 1, m_logsButton);
    layout->addLayout(actions);
    layout->addWidget(m_note);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selected = current.isValid() ? current.data(DeploymentTableModel::NameRole).toString() : QString();
                if (const auto d = m_model->deployment(m_selected))
                    m_replicas->setValue(d->desiredReplicas);
                updateButtons();
                refreshPods();
                askForHistory();
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
        if (m_pods)
            m_pods->setNow(QDateTime::currentDateTimeUtc());
        refreshHealth();
        refreshPods();
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
    askForHistory();
}

void ServicesPage::askForHistory()
{
    // Asked again when the selection moves or the selected deployment changes: a rollout, an
    // undo, a restart (a new generation), the revision the controller gives it a moment later,
    // its pods coming up (each a new resourceVersion; the watch sends only changes).
    const auto d = m_model->deployment(m_selected);
    if (!d) {
        if (!m_historyOf.isEmpty())
            m_revisions->clear();
        m_historyOf.clear();
        m_revisionsHeader->setText(u"Revisions: select a deployment"_s);
        return;
    }
    if (m_historyOf == m_selected && m_historyVersion == d->resourceVersion)
        return;
    m_historyOf = m_selected;
    m_historyVersion = d->resourceVersion;
    if (m_revisions->deployment() != m_selected)
        m_revisionsHeader->setText(u"Revisions of %1: reading…"_s.arg(m_selected));
    emit historyRequested(m_selected);
}

void ServicesPage::showHistory(const RolloutHistory &history)
{
    if (history.name != m_selected)
        return; // an answer for a deployment no longer selected
    m_revisions->apply(history);
    if (!history.error.isEmpty())
        m_revisionsHeader->setText(u"Revisions of %1 could not be read: %2"_s.arg(history.name, history.error));
    else
        m_revisionsHeader->setText(u"Revisions of %1 · %2 kept · now revision %3"_s.arg(history.name)
                                       .arg(history.revisions.size())
                                       .arg(history.deployment.revision));
    updateButtons();
}

QString ServicesPage::revisionsHeaderText() const
{
    return m_revisionsHeader->text();
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
    m_undo->setEnabled(why.isEmpty());
    m_undo->setToolTip(why.isEmpty() ? u"kubectl rollout undo deployment/"_s + m_selected : why);
    const QModelIndex revision = m_revisionView->currentIndex();
    QString toWhy = why;
    if (toWhy.isEmpty() && !revision.isValid())
        toWhy = u"select a revision"_s;
    else if (toWhy.isEmpty() && revision.data(RevisionTableModel::CurrentRole).toBool())
        toWhy = u"that revision is what runs now"_s;
    m_rollbackTo->setEnabled(toWhy.isEmpty());
    m_rollbackTo->setToolTip(toWhy.isEmpty() ? u"kubectl rollout undo deployment/%1 --to-revision=%2"_s.arg(m_selected)
                                                   .arg(revision.data(RevisionTableModel::RevisionRole).toLongLong())
                                             : toWhy);
}

void ServicesPage::refreshPods()
{
    if (!m_pods)
        return;
    const bool one = m_podsOfSelected->isChecked() && !m_selected.isEmpty();
    const QString filter = one ? u"^"_s + QRegularExpression::escape(m_selected) + u"$"_s : QString();
    if (m_podSort->filterRegularExpression().pattern() != filter)
        m_podSort->setFilterRegularExpression(filter);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString whose = one ? u"Pods of "_s + m_selected : u"Pods of the namespace"_s;
    QString text;
    if (!m_pods->hasData() && m_pods->error().isEmpty()) {
        text = whose + u" · none read yet"_s;
    } else {
        text = u"%1 · %2 shown"_s.arg(whose).arg(m_podSort->rowCount());
        if (m_pods->hasData())
            text += u" · data %1 old (watched)"_s.arg(describeAge(m_pods->dataAt().msecsTo(now)));
        // Memory and CPU come from Prometheus, on their own clock.
        if (m_pods->usageAt().isValid())
            text += u" · memory/CPU from Prometheus %1 old"_s.arg(describeAge(m_pods->usageAt().msecsTo(now)));
        if (!m_pods->usageError().isEmpty())
            text += u" · memory/CPU: "_s + m_pods->usageError();
        // A pods watch that failed says so, and that what is shown is the last known.
        if (!m_pods->error().isEmpty())
            text += u" · NOT CURRENT: "_s + m_pods->error();
    }
    m_podsHeader->setText(text);
    const char *role = m_pods->error().isEmpty() ? "" : "alarm";
    if (m_podsHeader->property("sdRole").toString() != QLatin1String(role))
        setRole(m_podsHeader, role); // restyles: only on a change
}

void ServicesPage::showPodLogs(const QString &pod)
{
    if (!m_logs || pod.isEmpty())
        return;
    const auto p = m_pods ? m_pods->pod(pod) : std::nullopt;
    m_logs->setTarget(p ? p->deployment : QString(), pod);
    m_logs->show();
    m_logs->read();
}

QString ServicesPage::podsHeaderText() const
{
    return m_podsHeader ? m_podsHeader->text() : QString();
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
