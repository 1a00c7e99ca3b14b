#include "SagaActionPlanner.h"

#include "OrchestratorClient.h"
#include "SagaMatchLister.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaActionPlanner::SagaActionPlanner(const ActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    if (m_ctx.orchestrator)
        connect(m_ctx.orchestrator, &OrchestratorClient::answered, this, &SagaActionPlanner::onAnswer);
    if (m_ctx.sagaMatches) {
        connect(m_ctx.sagaMatches, &SagaMatchLister::listed, this, &SagaActionPlanner::onMatches);
        connect(m_ctx.sagaMatches, &SagaMatchLister::listFailed, this, &SagaActionPlanner::onMatchesFailed);
    }
}

void SagaActionPlanner::emitRefused(const QString &why)
{
    m_plan.refusal = why;
    m_pending.clear();
    m_matchRequest = 0;
    emit planReady(m_plan);
}

void SagaActionPlanner::prepare(const SagaActionRequest &request)
{
    m_pending.clear();
    m_matchRequest = 0;
    m_listError.clear();
    m_plan = SagaActionPlan{};
    m_plan.request = request;
    m_plan.profile = m_ctx.profile;
    m_plan.production = m_ctx.production;
    m_plan.preparedAt = QDateTime::currentDateTimeUtc();
    // Refusals that need no request come first: a read-only console sends nothing at all.
    if (m_ctx.readOnly)
        return emitRefused(m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile)
                                                       : m_ctx.readOnlyWhy);
    if (!m_ctx.orchestratorDisabled.isEmpty() || !m_ctx.orchestrator)
        return emitRefused(m_ctx.orchestratorDisabled.isEmpty() ? u"no orchestrator client"_s
                                                                : m_ctx.orchestratorDisabled);
    if (request.filter) {
        if (!m_ctx.sagaMatches)
            return listThroughOrchestrator();
        // Postgres counts every match and lists the first ones, with the Sagas table's SQL.
        m_matchRequest = ActionContext::nextRequestId();
        SagaMatchLister *lister = m_ctx.sagaMatches;
        QMetaObject::invokeMethod(
            lister,
            [lister, id = m_matchRequest, f = *request.filter, n = request.maxItems] { lister->list(id, f, n); },
            Qt::QueuedConnection);
        return;
    }
    QSet<QUuid> seen;
    for (const QUuid &id : request.sagaIds) {
        if (id.isNull() || seen.contains(id))
            continue;
        seen.insert(id);
        SagaActionItem item;
        item.id = id;
        m_plan.items.append(item);
    }
    if (m_plan.items.isEmpty())
        return emitRefused(u"no saga selected"_s);
    for (int i = 0; i < m_plan.items.size(); ++i) {
        OrchestratorRequest r;
        r.kind = OrchestratorRequest::Kind::GetSaga;
        r.sagaId = m_plan.items.at(i).id.toString(QUuid::WithoutBraces);
        ask(r, i);
    }
}

void SagaActionPlanner::listThroughOrchestrator()
{
    // The API filters by one status and type and lists at most 1000; the rest of the filter is
    // applied here, and a list that comes back full says that more may match.
    QStringList statuses;
    for (SagaStatus s : m_plan.request.filter->statuses)
        statuses << sagaStatusName(s);
    if (statuses.isEmpty())
        statuses << QString();
    for (const QString &status : std::as_const(statuses)) {
        OrchestratorRequest r;
        r.kind = OrchestratorRequest::Kind::ListSagas;
        r.status = status;
        r.sagaType = m_plan.request.filter->type;
        r.limit = qMin(1000, m_plan.request.maxItems + 1);
        ask(r, -1);
    }
}

void SagaActionPlanner::onMatches(quint64 requestId, qint64 matching, const QVector<SagaRow> &first)
{
    if (requestId != m_matchRequest || requestId == 0)
        return; // another planner's, or a superseded plan's
    m_matchRequest = 0;
    m_plan.matching = matching;
    for (const SagaRow &row : first) {
        SagaActionItem item;
        item.id = row.id;
        item.found = true;
        item.saga = row;
        m_plan.items.append(item);
    }
    m_plan.truncated = matching > m_plan.items.size();
    listed();
}

void SagaActionPlanner::onMatchesFailed(quint64 requestId, const QString &error)
{
    if (requestId != m_matchRequest || requestId == 0)
        return;
    m_matchRequest = 0;
    if (!m_ctx.orchestrator)
        return emitRefused(u"the sagas of the filter could not be listed: "_s + error);
    m_plan.listNote = u"Postgres could not count them: "_s + error;
    listThroughOrchestrator();
}

void SagaActionPlanner::listed()
{
    // The compensation preview needs each saga's steps.
    if (m_plan.request.verb == SagaActionVerb::Compensate) {
        for (int i = 0; i < m_plan.items.size(); ++i) {
            OrchestratorRequest r;
            r.kind = OrchestratorRequest::Kind::GetSaga;
            r.sagaId = m_plan.items.at(i).id.toString(QUuid::WithoutBraces);
            ask(r, i);
        }
    }
    finishIfDone();
}

void SagaActionPlanner::ask(const OrchestratorRequest &request, int itemIndex)
{
    OrchestratorRequest r = request;
    r.id = ActionContext::nextRequestId();
    m_pending.insert(r.id, itemIndex);
    OrchestratorClient *client = m_ctx.orchestrator;
    QMetaObject::invokeMethod(
        client, [client, r] { client->submit(r); }, Qt::QueuedConnection);
}

void SagaActionPlanner::onAnswer(const OrchestratorAnswer &answer)
{
    const auto it = m_pending.find(answer.request.id);
    if (it == m_pending.end())
        return; // someone else's, or a superseded plan's
    const int index = it.value();
    m_pending.erase(it);
    if (index < 0) {
        if (!answer.ok()) {
            m_listError = answer.message;
        } else {
            if (answer.sagas.size() >= answer.request.limit)
                m_plan.truncated = true; // a full list: the API may hold more
            for (const SagaRow &row : answer.sagas) {
                if (!m_plan.request.filter->matches(row))
                    continue;
                SagaActionItem item;
                item.id = row.id;
                item.found = true;
                item.saga = row;
                m_plan.items.append(item);
            }
        }
        if (m_pending.isEmpty()) {
            if (m_plan.items.size() > m_plan.request.maxItems) {
                m_plan.items.resize(m_plan.request.maxItems);
                m_plan.truncated = true;
            }
            return listed();
        }
        return;
    }
    SagaActionItem &item = m_plan.items[index];
    if (answer.ok()) {
        item.found = true;
        item.saga = answer.saga.saga;
        item.stepsToUndo = SagaActionRules::stepsToUndo(answer.saga.steps);
        item.stepCount = int(answer.saga.steps.size());
    } else {
        item.found = false;
        // The orchestrator said why (a 4xx), or the saga could not be read at all.
        item.availability.why = answer.outcome.kind == RequestOutcome::Kind::Failed
                && answer.outcome.httpStatus / 100 == 4
            ? answer.message
            : u"its current state could not be read: "_s + answer.message;
    }
    finishIfDone();
}

void SagaActionPlanner::finishIfDone()
{
    if (!m_pending.isEmpty() || m_matchRequest != 0)
        return;
    if (m_plan.request.filter && m_plan.items.isEmpty() && !m_listError.isEmpty())
        return emitRefused(u"the sagas of the filter could not be listed: "_s + m_listError);
    if (m_plan.items.isEmpty())
        return emitRefused(u"no saga matches the filter"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (SagaActionItem &item : m_plan.items) {
        if (item.found)
            item.availability = SagaActionRules::check(m_plan.request.verb, item.saga, now, m_ctx.stuckAfterS);
    }
    const QVector<SagaActionItem> actionable = m_plan.actionable();
    m_plan.confirmation = ConfirmationRequirement::forAction(
        sagaActionVerbName(m_plan.request.verb), int(actionable.size()),
        actionable.size() == 1 ? actionable.first().id.toString(QUuid::WithoutBraces) : QString(),
        m_plan.request.verb == SagaActionVerb::Compensate, m_plan.production);
    emit planReady(m_plan);
}

} // namespace sagadeck
