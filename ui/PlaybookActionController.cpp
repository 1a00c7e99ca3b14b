#include "PlaybookActionController.h"

#include "DeploymentActionController.h"
#include "DeploymentActionPlanner.h"
#include "PlaybooksPage.h"
#include "SagaActionController.h"
#include "SagaActionPlanner.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

PlaybookActionController::PlaybookActionController(ContextProvider context, PlaybooksPage *page, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_page(page)
{
    registerDeploymentActionMetaTypes();
    // Refusals that need no request are said on the buttons before anyone clicks.
    const ActionContext c = m_context();
    m_page->setRemediesBlocked(c.readOnly ? c.readOnlyWhy : c.kubernetesDisabled,
                               c.readOnly ? c.readOnlyWhy : c.orchestratorDisabled);
    m_page->showRemedyNote(QString());
    connect(m_page, &PlaybooksPage::remedyRequested, this, &PlaybookActionController::request);
}

void PlaybookActionController::request(const PlaybookRemedy &remedy)
{
    if (m_busy)
        return; // one intent at a time: extra clicks do nothing
    m_busy = true;
    m_page->setRemedyBusy(true);
    if (remedy.verb == RemedyVerb::RetryFailed)
        requestRetry(remedy);
    else
        requestDeployment(remedy);
}

void PlaybookActionController::requestDeployment(const PlaybookRemedy &remedy)
{
    m_page->showRemedyNote(u"reading the current state of deployment "_s + remedy.deployment + u"…"_s);
    DeploymentActionRequest r{remedy.verb == RemedyVerb::Scale ? DeploymentActionVerb::Scale
                                                               : DeploymentActionVerb::Restart,
                              remedy.deployment, remedy.verb == RemedyVerb::Scale ? remedy.replicas : -1, -1};
    auto *planner = new DeploymentActionPlanner(m_context(), this);
    connect(planner, &DeploymentActionPlanner::planReady, this, [this, planner](const DeploymentActionPlan &plan) {
        planner->deleteLater();
        if (!plan.refusal.isEmpty())
            return done(plan.summary() + u" refused: "_s + plan.refusal);
        if (!plan.noOp.isEmpty())
            return done(u"nothing to do: "_s + plan.noOp);
        openDialog(DeploymentActionController::confirmContent(plan, m_context().team),
                   [this, plan](const QString &typed, const QString &reason) {
                       runPipeline(m_context().deploymentPipeline(plan, this), typed, reason);
                   });
    });
    planner->prepare(r);
}

void PlaybookActionController::requestRetry(const PlaybookRemedy &remedy)
{
    m_page->showRemedyNote(u"reading the failed sagas…"_s);
    SagaActionRequest r;
    r.verb = SagaActionVerb::Retry;
    SagaFilter filter;
    filter.statuses = {SagaStatus::Failed, SagaStatus::Compensated};
    filter.type = remedy.sagaType;
    r.filter = filter;
    auto *planner = new SagaActionPlanner(m_context(), this);
    connect(planner, &SagaActionPlanner::planReady, this, [this, planner](const SagaActionPlan &plan) {
        planner->deleteLater();
        if (!plan.refusal.isEmpty())
            return done(u"retry refused: "_s + plan.refusal);
        if (plan.actionableCount() == 0)
            return done(u"nothing to retry: "_s + plan.describe().trimmed());
        openDialog(SagaActionController::confirmContent(plan, m_context().team),
                   [this, plan](const QString &typed, const QString &reason) {
                       runPipeline(m_context().sagaPipeline(plan, reason, this), typed, reason);
                   });
    });
    planner->prepare(r);
}

void PlaybookActionController::runPipeline(ActionPipeline *pipeline, const QString &typed, const QString &reason)
{
    connect(pipeline, &ActionPipeline::stage, m_page,
            [page = m_page](int, const QString &text) { page->showRemedyNote(text); });
    connect(pipeline, &ActionPipeline::progress, this, [this](int n, int total) {
        if (total > 1)
            m_page->showRemedyNote(u"%1 of %2 finished…"_s.arg(n).arg(total));
    });
    connect(pipeline, &ActionPipeline::auditWarning, m_page, &PlaybooksPage::showRemedyNote);
    connect(pipeline, &ActionPipeline::finished, this, [this](const ActionReport &report) {
        // One target: its own words ("done: restartedAt …"); several: the counts.
        done(report.refused.isEmpty() && report.results.size() == 1 ? report.results.first().message
                                                                    : report.summary());
    });
    pipeline->start(typed, reason); // a refused start still reports through finished()
}

void PlaybookActionController::openDialog(const ActionConfirmDialog::Content &content,
                                          ActionConfirmDialog::Accepted run)
{
    m_dialog = ActionConfirmDialog::ask(
        content, m_page, this,
        [this, run](const QString &typed, const QString &reason) {
            m_page->showRemedyNote(u"sending…"_s);
            run(typed, reason);
        },
        [this] { done(u"cancelled: nothing was sent"_s); });
}

void PlaybookActionController::done(const QString &note)
{
    m_busy = false;
    m_page->setRemedyBusy(false);
    m_page->showRemedyNote(note);
}

} // namespace sagadeck
