#include "SagaActionController.h"

#include "ActionConfirmDialog.h"
#include "SagaActionBar.h"
#include "SagaActionPlanner.h"
#include "SagaTableModel.h"
#include "SagasPage.h"
#include "TeamTrail.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaActionController::SagaActionController(const ActionContext &context, SagasPage *page, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
    , m_page(page)
    , m_bar(page->actionBar())
    , m_planner(new SagaActionPlanner(context, this))
{
    // Refusals that need no request are said on the buttons before anyone clicks.
    m_bar->setBlocked(context.readOnly ? context.readOnlyWhy : context.orchestratorDisabled);
    m_bar->setResult(QString());
    connect(m_bar, &SagaActionBar::requested, this, &SagaActionController::request);
    connect(m_bar, &SagaActionBar::cancelRequested, this, [this] {
        if (m_pipeline)
            m_pipeline->cancel();
    });
    connect(m_planner, &SagaActionPlanner::planReady, this, &SagaActionController::onPlan);
}

void SagaActionController::request(SagaActionVerb verb, bool wholeFilter)
{
    if (m_planning || m_pipeline)
        return; // one intent at a time: extra clicks do nothing
    SagaActionRequest r;
    r.verb = verb;
    if (wholeFilter)
        r.filter = m_page->tableModel()->filter();
    else
        r.sagaIds = m_page->selectedSagaIds();
    m_planning = true;
    m_bar->setReport(QString());
    m_bar->setRunning(true);
    m_bar->setResult(u"reading the current state of the sagas…"_s);
    m_planner->prepare(r);
}

void SagaActionController::onPlan(const SagaActionPlan &plan)
{
    m_planning = false;
    emit planShown(plan);
    const QString verb = sagaActionVerbName(plan.request.verb);
    if (!plan.refusal.isEmpty()) {
        idle(verb + u" refused: "_s + plan.refusal);
        return;
    }
    const int n = plan.actionableCount();
    if (n == 0) {
        idle(u"nothing to %1: %2"_s.arg(verb, plan.describe().trimmed()));
        return;
    }
    m_dialog = ActionConfirmDialog::ask(
        confirmContent(plan, m_ctx.team), m_page, this,
        [this, plan](const QString &typed, const QString &reason) { run(plan, typed, reason); },
        [this] { idle(u"cancelled: nothing was sent"_s); });
}

ActionConfirmDialog::Content SagaActionController::confirmContent(const SagaActionPlan &plan, const TeamTrail *team)
{
    const int n = plan.actionableCount();
    const QString verb = sagaActionVerbName(plan.request.verb);
    ActionConfirmDialog::Content c;
    const QString what = n == 1 ? u"1 saga"_s : u"%1 sagas"_s.arg(n);
    c.title = u"%1 %2"_s.arg(verb == u"retry"_s ? u"Retry"_s : u"Compensate"_s, what);
    const QString coverage = plan.coverage();
    c.summary = u"%1 on profile '%2' through the orchestrator; %3 will be skipped.%4"_s.arg(c.title, plan.profile)
                    .arg(plan.items.size() - n)
                    .arg(coverage.isEmpty() ? QString()
                                            : u"\n"_s + coverage.left(1).toUpper() + coverage.mid(1) + u'.');
    c.details = plan.describe();
    c.confirmLabel = c.title;
    c.production = plan.production;
    c.requirement = plan.confirmation;
    if (team)
        c.conflict = team->conflictFor(plan.targets(), QDateTime::currentDateTimeUtc());
    return c;
}

void SagaActionController::run(const SagaActionPlan &plan, const QString &typed, const QString &reason)
{
    m_pipeline = m_ctx.sagaPipeline(plan, reason, this);
    connect(m_pipeline, &ActionPipeline::progress, m_bar, &SagaActionBar::setProgress);
    connect(m_pipeline, &ActionPipeline::itemFinished, this,
            [this](const ActionItemResult &r) { m_bar->setResult(r.target + u": "_s + r.message); });
    connect(m_pipeline, &ActionPipeline::auditWarning, m_bar, &SagaActionBar::setResult);
    connect(m_pipeline, &ActionPipeline::finished, this, &SagaActionController::onFinished);
    m_bar->setResult(u"sending…"_s);
    m_pipeline->start(typed, reason);
}

void SagaActionController::onFinished(const ActionReport &report)
{
    m_pipeline = nullptr;
    emit finished(report);
    if (!report.refused.isEmpty()) {
        idle(u"refused: "_s + report.refused);
        return;
    }
    using S = ActionItemResult::State;
    QString text = report.summary();
    for (const ActionItemResult &r : report.results)
        if (r.state == S::Failed || r.state == S::Unknown) {
            text += u" — "_s + r.target + u": "_s + r.message;
            break;
        }
    QString lines;
    for (const ActionItemResult &r : report.results)
        lines += u"%1  %2  %3\n"_s.arg(r.target, itemStateName(r.state), r.message);
    m_bar->setReport(lines);
    idle(text);
    m_page->tableModel()->reload();
}

void SagaActionController::idle(const QString &result)
{
    m_bar->setRunning(false);
    m_bar->setResult(result);
}

} // namespace sagadeck
