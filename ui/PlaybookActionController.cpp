#include "PlaybookActionController.h"

#include "DeploymentActionController.h"
#include "DeploymentActionPlanner.h"
#include "DeploymentActionRunner.h"
#include "PlaybooksPage.h"
#include "SagaActionController.h"
#include "SagaActionPlanner.h"
#include "SagaActionRunner.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

PlaybookActionController::PlaybookActionController(DeploymentContextProvider deployments, const ActionContext &sagas,
                                                   PlaybooksPage *page, QObject *parent)
    : QObject(parent)
    , m_deployments(std::move(deployments))
    , m_sagas(sagas)
    , m_page(page)
{
    registerDeploymentActionMetaTypes();
    // Refusals that need no request are said on the buttons before anyone clicks.
    const DeploymentActionContext d = m_deployments();
    m_page->setRemediesBlocked(d.readOnly ? d.readOnlyWhy : d.kubernetesDisabled,
                               sagas.readOnly ? sagas.readOnlyWhy : sagas.orchestratorDisabled);
    m_page->showRemedyNote(QString());
    connect(m_page, &PlaybooksPage::remedyRequested, this, &PlaybookActionController::request);
}

void PlaybookActionController::request(const PlaybookRemedy &remedy)
{
    if (m_busy)
        return;   // one intent at a time: extra clicks do nothing
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
    DeploymentActionRequest r{remedy.verb == RemedyVerb::Scale ? DeploymentActionVerb::Scale : DeploymentActionVerb::Restart,
                              remedy.deployment, remedy.verb == RemedyVerb::Scale ? remedy.replicas : -1, -1};
    auto *planner = new DeploymentActionPlanner(m_deployments(), this);
    connect(planner, &DeploymentActionPlanner::planReady, this, [this, planner](const DeploymentActionPlan &plan) {
        planner->deleteLater();
        if (!plan.refusal.isEmpty())
            return done(plan.summary() + u" refused: "_s + plan.refusal);
        if (!plan.noOp.isEmpty())
            return done(u"nothing to do: "_s + plan.noOp);
        openDialog(DeploymentActionController::confirmContent(plan), [this, plan](const QString &typed, const QString &reason) {
            auto *runner = new DeploymentActionRunner(m_deployments(), this);
            connect(runner, &DeploymentActionRunner::progress, m_page, &PlaybooksPage::showRemedyNote);
            connect(runner, &DeploymentActionRunner::auditWarning, m_page, &PlaybooksPage::showRemedyNote);
            connect(runner, &DeploymentActionRunner::finished, this, [this, runner](const DeploymentActionResult &r) {
                runner->deleteLater();
                done(r.message);
            });
            runner->start(plan, typed, reason);   // a refused start still reports through finished()
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
    auto *planner = new SagaActionPlanner(m_sagas, this);
    connect(planner, &SagaActionPlanner::planReady, this, [this, planner](const SagaActionPlan &plan) {
        planner->deleteLater();
        if (!plan.refusal.isEmpty())
            return done(u"retry refused: "_s + plan.refusal);
        if (plan.actionableCount() == 0)
            return done(u"nothing to retry: "_s + plan.describe().trimmed());
        openDialog(SagaActionController::confirmContent(plan), [this, plan](const QString &typed, const QString &reason) {
            auto *runner = new SagaActionRunner(m_sagas, this);
            connect(runner, &SagaActionRunner::progress, this, [this](int n, int total) {
                m_page->showRemedyNote(u"retried %1 of %2…"_s.arg(n).arg(total));
            });
            connect(runner, &SagaActionRunner::auditWarning, m_page, &PlaybooksPage::showRemedyNote);
            connect(runner, &SagaActionRunner::finished, this, [this, runner](const SagaActionReport &report) {
                runner->deleteLater();
                using S = SagaActionItemResult::State;
                done(report.refused.isEmpty()
                         ? u"%1 done, %2 failed, %3 outcome unknown (check before retrying), %4 skipped"_s
                               .arg(report.count(S::Done))
                               .arg(report.count(S::Failed))
                               .arg(report.count(S::Unknown))
                               .arg(report.count(S::Skipped))
                         : u"refused: "_s + report.refused);
            });
            runner->start(plan, typed, reason);
        });
    });
    planner->prepare(r);
}

void PlaybookActionController::openDialog(const ActionConfirmDialog::Content &content,
                                          std::function<void(const QString &, const QString &)> run)
{
    m_dialog = new ActionConfirmDialog(content, m_page);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this, [this, run](int result) {
        ActionConfirmDialog *d = m_dialog;
        if (result != QDialog::Accepted || !d)
            return done(u"cancelled: nothing was sent"_s);
        m_page->showRemedyNote(u"sending…"_s);
        run(d->typedConfirmation(), d->reason());
    });
    m_dialog->open();
}

void PlaybookActionController::done(const QString &note)
{
    m_busy = false;
    m_page->setRemedyBusy(false);
    m_page->showRemedyNote(note);
}

} // namespace sagadeck
