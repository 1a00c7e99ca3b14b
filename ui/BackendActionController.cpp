#include "BackendActionController.h"

#include "BackendActionPlanner.h"
#include "DatabasePage.h"
#include "TeamTrail.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

BackendActionController::BackendActionController(ContextProvider context, DatabasePage *page, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_page(page)
{
    registerBackendActionMetaTypes();
    // Refusals that need no request are said on the buttons before anyone clicks.
    const ActionContext c = m_context();
    m_page->setActionsBlocked(c.readOnly ? c.readOnlyWhy : c.backendsDisabled);
    m_page->showActionNote(QString());
    connect(m_page, &DatabasePage::cancelRequested, this, [this](int pid) {
        request({BackendActionVerb::Cancel, pid});
    });
    connect(m_page, &DatabasePage::terminateRequested, this, [this](int pid) {
        request({BackendActionVerb::Terminate, pid});
    });
}

void BackendActionController::request(const BackendActionRequest &r)
{
    if (m_busy)
        return; // one intent at a time
    m_busy = true;
    m_page->setBusy(true);
    m_page->showActionNote(u"reading backend %1 from pg_stat_activity…"_s.arg(r.pid));
    auto *planner = new BackendActionPlanner(m_context(), this);
    connect(planner, &BackendActionPlanner::planReady, this, [this, planner](const BackendActionPlan &plan) {
        planner->deleteLater();
        onPlan(plan);
    });
    planner->prepare(r);
}

void BackendActionController::onPlan(const BackendActionPlan &plan)
{
    if (!plan.refusal.isEmpty()) {
        done(plan.summary() + u" refused: "_s + plan.refusal);
        return;
    }
    if (!plan.noOp.isEmpty()) {
        done(u"nothing to do: "_s + plan.noOp);
        return;
    }
    m_dialog = ActionConfirmDialog::ask(
        confirmContent(plan, m_context().team), m_page, this,
        [this, plan](const QString &typed, const QString &reason) { run(plan, typed, reason); },
        [this] { done(u"cancelled: nothing was sent"_s); });
}

ActionConfirmDialog::Content BackendActionController::confirmContent(const BackendActionPlan &plan,
                                                                     const TeamTrail *team)
{
    const bool terminate = plan.request.verb == BackendActionVerb::Terminate;
    ActionConfirmDialog::Content c;
    c.title = terminate ? u"Terminate backend %1"_s.arg(plan.request.pid)
                        : u"Cancel the query of backend %1"_s.arg(plan.request.pid);
    c.summary = plan.summary() + u" in database "_s + plan.database + u", as role "_s
        + (plan.operatorRole.isEmpty() ? u"(the operator conninfo's)"_s : plan.operatorRole);
    c.details = plan.describe();
    c.confirmLabel = terminate ? u"Terminate %1"_s.arg(plan.request.pid)
                               : u"Cancel query of %1"_s.arg(plan.request.pid);
    c.production = plan.production;
    if (terminate && plan.before.state.startsWith(u"idle in transaction"_s))
        c.warning = u"Its open transaction is rolled back."_s;
    c.requirement = plan.confirmation;
    if (team)
        c.conflict = team->conflictFor(plan.targets(), QDateTime::currentDateTimeUtc());
    return c;
}

void BackendActionController::run(const BackendActionPlan &plan, const QString &typed, const QString &reason)
{
    ActionPipeline *pipeline = m_context().backendPipeline(plan, this);
    connect(pipeline, &ActionPipeline::stage, m_page,
            [page = m_page](int, const QString &text) { page->showActionNote(text); });
    connect(pipeline, &ActionPipeline::auditWarning, m_page, &DatabasePage::showActionNote);
    connect(pipeline, &ActionPipeline::finished, this, [this, summary = plan.summary()](const ActionReport &r) {
        emit finished(r);
        done(r.refused.isEmpty() ? QString(summary + u": "_s + r.results.value(0).message)
                                 : QString(u"refused: "_s + r.refused));
    });
    pipeline->start(typed, reason);
}

void BackendActionController::done(const QString &note)
{
    m_busy = false;
    m_page->setBusy(false);
    m_page->showActionNote(note);
}

} // namespace sagadeck
