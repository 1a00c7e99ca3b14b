#include "DeploymentActionController.h"

#include "DeploymentActionPlanner.h"
#include "ServicesPage.h"
#include "TeamTrail.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sagadeck {

DeploymentActionController::DeploymentActionController(ContextProvider context, ServicesPage *page, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_page(page)
{
    registerDeploymentActionMetaTypes();
    // Refusals that need no request are said on the buttons before anyone clicks.
    const ActionContext c = m_context();
    m_page->setActionsBlocked(c.readOnly ? c.readOnlyWhy : c.kubernetesDisabled);
    m_page->showActionNote(QString());
    connect(m_page, &ServicesPage::restartRequested, this, [this](const QString &name) {
        request({DeploymentActionVerb::Restart, name, -1, -1});
    });
    connect(m_page, &ServicesPage::scaleRequested, this, [this](const QString &name, int replicas, int expected) {
        request({DeploymentActionVerb::Scale, name, replicas, expected});
    });
    connect(m_page, &ServicesPage::rollbackRequested, this, [this](const QString &name, qint64 toRevision) {
        request({DeploymentActionVerb::Rollback, name, -1, -1, toRevision});
    });
}

void DeploymentActionController::request(const DeploymentActionRequest &r)
{
    if (m_busy)
        return; // one intent at a time: extra clicks do nothing
    m_busy = true;
    m_page->setBusy(r.name, true);
    m_page->showActionNote(u"reading the current state of deployment "_s + r.name + u"…"_s);
    auto *planner = new DeploymentActionPlanner(m_context(), this);
    connect(planner, &DeploymentActionPlanner::planReady, this, [this, planner](const DeploymentActionPlan &plan) {
        planner->deleteLater();
        onPlan(plan);
    });
    planner->prepare(r);
}

void DeploymentActionController::onPlan(const DeploymentActionPlan &plan)
{
    const QString name = plan.request.name;
    if (!plan.refusal.isEmpty()) {
        done(name, plan.summary() + u" refused: "_s + plan.refusal);
        return;
    }
    if (!plan.noOp.isEmpty()) {
        done(name, u"nothing to do: "_s + plan.noOp);
        return;
    }
    m_dialog = ActionConfirmDialog::ask(
        confirmContent(plan, m_context().team), m_page, this,
        [this, plan](const QString &typed, const QString &reason) { run(plan, typed, reason); },
        [this, name] { done(name, u"cancelled: nothing was sent"_s); });
}

ActionConfirmDialog::Content DeploymentActionController::confirmContent(const DeploymentActionPlan &plan,
                                                                        const TeamTrail *team)
{
    const QString name = plan.request.name;
    ActionConfirmDialog::Content c;
    const bool restart = plan.request.verb == DeploymentActionVerb::Restart;
    const bool rollback = plan.request.verb == DeploymentActionVerb::Rollback;
    c.title = restart ? u"Rollout restart of "_s + name : rollback ? u"Roll back "_s + name : u"Scale "_s + name;
    c.summary = plan.summary() + u" in namespace "_s + plan.ns + u", context "_s + plan.context + u" (cluster "_s
        + plan.cluster + u", as "_s + plan.user + u")"_s;
    c.details = plan.describe();
    c.confirmLabel = restart ? u"Restart "_s + name
        : rollback           ? u"Roll back to revision %1"_s.arg(plan.target.revision)
                             : u"Scale to %1"_s.arg(plan.request.replicas);
    c.production = plan.production;
    QStringList warnings;
    if (plan.insecureTls)
        warnings << u"TLS not verified: the kubeconfig turns certificate checks off for this cluster."_s;
    if (!plan.autoscalerWarning.isEmpty())
        warnings << plan.autoscalerWarning;
    if (!plan.kafkaCapacityWarning.isEmpty())
        warnings << plan.kafkaCapacityWarning;
    c.warning = warnings.join(u'\n');
    c.requirement = plan.confirmation;
    if (team)
        c.conflict = team->conflictFor(plan.targets(), QDateTime::currentDateTimeUtc());
    return c;
}

void DeploymentActionController::run(const DeploymentActionPlan &plan, const QString &typed, const QString &reason)
{
    ActionPipeline *pipeline = m_context().deploymentPipeline(plan, this);
    const QString name = plan.request.name;
    connect(pipeline, &ActionPipeline::stage, m_page,
            [page = m_page](int, const QString &text) { page->showActionNote(text); });
    connect(pipeline, &ActionPipeline::auditWarning, m_page, &ServicesPage::showActionNote);
    connect(pipeline, &ActionPipeline::finished, this, [this, name](const ActionReport &r) {
        emit finished(r);
        done(name, r.refused.isEmpty() ? r.results.value(0).message : u"refused: "_s + r.refused);
    });
    pipeline->start(typed, reason); // a refused start still reports through finished()
}

void DeploymentActionController::done(const QString &name, const QString &note)
{
    m_busy = false;
    m_page->setBusy(name, false);
    m_page->showActionNote(note);
}

} // namespace sagadeck
