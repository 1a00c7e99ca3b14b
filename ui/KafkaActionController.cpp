#include "KafkaActionController.h"

#include "KafkaActionPlanner.h"
#include "KafkaPage.h"
#include "KafkaRepairDialogs.h"
#include "TeamTrail.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

KafkaActionController::KafkaActionController(ContextProvider context, KafkaPage *page, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_page(page)
{
    registerKafkaActionMetaTypes();
    const ActionContext c = m_context();
    m_page->setActionsBlocked(c.readOnly ? c.readOnlyWhy : c.kafkaDisabled);
    connect(m_page, &KafkaPage::resetOffsetsRequested, this, [this](const QString &group, const QString &topic) {
        if (m_busy)
            return;
        const GroupCapacity cap = m_page->capacity(group);
        auto *d = new OffsetResetDialog(group, topic, cap.topic == topic ? cap.partitions : -1, m_page);
        d->setAttribute(Qt::WA_DeleteOnClose);
        connect(d, &QDialog::accepted, this, [this, d] { request(d->request()); });
        d->open();
    });
    connect(m_page, &KafkaPage::addPartitionsRequested, this, [this](const QString &topic, int current) {
        if (m_busy)
            return;
        auto *d = new AddPartitionsDialog(topic, current, m_page);
        d->setAttribute(Qt::WA_DeleteOnClose);
        connect(d, &QDialog::accepted, this, [this, d] { request(d->request()); });
        d->open();
    });
}

void KafkaActionController::request(const KafkaActionRequest &r)
{
    if (m_busy)
        return;
    m_busy = true;
    m_page->setActionBusy(true);
    m_page->showActionNote(r.verb == KafkaActionVerb::AddPartitions
                               ? u"reading topic %1…"_s.arg(r.topic)
                               : u"reading group %1 and topic %2…"_s.arg(r.group, r.topic));
    auto *planner = new KafkaActionPlanner(m_context(), this);
    connect(planner, &KafkaActionPlanner::planReady, this, [this, planner](const KafkaActionPlan &plan) {
        planner->deleteLater();
        onPlan(plan);
    });
    planner->prepare(r);
}

void KafkaActionController::onPlan(const KafkaActionPlan &plan)
{
    if (!plan.refusal.isEmpty())
        return done(plan.summary() + u" refused: "_s + plan.refusal + u"; nothing was sent"_s);
    if (!plan.noOp.isEmpty())
        return done(u"nothing to do: "_s + plan.noOp);
    m_dialog = ActionConfirmDialog::ask(
        confirmContent(plan, m_context().team), m_page, this,
        [this, plan](const QString &typed, const QString &reason) { run(plan, typed, reason); },
        [this] { done(u"cancelled: nothing was sent"_s); });
}

ActionConfirmDialog::Content KafkaActionController::confirmContent(const KafkaActionPlan &plan, const TeamTrail *team)
{
    ActionConfirmDialog::Content c;
    const bool add = plan.request.verb == KafkaActionVerb::AddPartitions;
    c.title = add ? u"Add partitions to "_s + plan.request.topic : u"Reset offsets of "_s + plan.request.group;
    c.summary = plan.summary() + u" (brokers "_s + plan.bootstrap
        + (plan.identity.isEmpty() ? QString() : u", as "_s + plan.identity) + u")"_s;
    c.details = plan.describe();
    c.confirmLabel = add ? u"Give %1 %2 partitions"_s.arg(plan.request.topic).arg(plan.request.partitions)
                         : u"Reset offsets"_s;
    c.production = plan.production;
    if (add)
        c.warning = u"Cannot be undone: per-key ordering of %1 is lost across the change for keys that move."_s.arg(
            plan.request.topic);
    else if (plan.skipped() > 0)
        c.warning = u"%1 message(s) will be skipped: the group never processes them."_s.arg(plan.skipped());
    c.requirement = plan.confirmation;
    if (team)
        c.conflict = team->conflictFor(plan.targets(), QDateTime::currentDateTimeUtc());
    return c;
}

void KafkaActionController::run(const KafkaActionPlan &plan, const QString &typed, const QString &reason)
{
    ActionPipeline *pipeline = m_context().kafkaPipeline(plan, this);
    connect(pipeline, &ActionPipeline::stage, m_page,
            [page = m_page](int, const QString &t) { page->showActionNote(t); });
    connect(pipeline, &ActionPipeline::auditWarning, m_page, &KafkaPage::showActionNote);
    connect(pipeline, &ActionPipeline::finished, this, [this, summary = plan.summary()](const ActionReport &r) {
        emit finished(r);
        done(r.refused.isEmpty() ? QString(summary + u": "_s + r.results.value(0).message)
                                 : QString(u"refused: "_s + r.refused));
    });
    pipeline->start(typed, reason);
}

void KafkaActionController::done(const QString &note)
{
    m_busy = false;
    m_page->setActionBusy(false);
    m_page->showActionNote(note);
}

} // namespace sagadeck
