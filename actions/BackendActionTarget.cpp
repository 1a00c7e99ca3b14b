#include "BackendActionTarget.h"

#include "AuditRecord.h"
#include "BackendSignalWorker.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

BackendActionTarget::BackendActionTarget(const BackendActionPlan &plan, BackendSignalWorker *worker, QObject *parent)
    : ActionTarget(parent)
    , m_plan(plan)
    , m_worker(worker)
{
    registerBackendActionMetaTypes();
    if (m_worker) {
        connect(m_worker, &BackendSignalWorker::signalled, this, &BackendActionTarget::onSignalled);
        connect(m_worker, &BackendSignalWorker::backendRead, this, &BackendActionTarget::onRead);
    }
}

PipelinePlan BackendActionTarget::plan() const
{
    PipelinePlan p;
    p.verb = backendActionVerbName(m_plan.request.verb);
    p.refusal = !m_plan.refusal.isEmpty() ? m_plan.refusal
        : !m_plan.noOp.isEmpty()          ? m_plan.noOp
        : !m_plan.found                   ? u"the backend was not read: prepare the plan first"_s
                                          : QString();
    p.preparedAt = m_plan.preparedAt;
    p.confirmation = m_plan.confirmation;
    p.items.append({QString::number(m_plan.request.pid), QString()});
    return p;
}

QString BackendActionTarget::unavailable() const
{
    return m_worker ? QString() : u"the Postgres operator client is not running"_s;
}

void BackendActionTarget::describe(int, AuditRecord *r) const
{
    r->identity = m_plan.operatorRole.isEmpty() ? u"postgres operator role"_s : u"postgres:"_s + m_plan.operatorRole;
    const ActionTargets t = m_plan.targets();
    r->target = {r->profile, t.ns, t.kind, t.names.first()};
    const RunningQuery &b = m_plan.before;
    r->parameters = QJsonObject{{u"database"_s, m_plan.database},
                                {u"operator_role"_s, m_plan.operatorRole},
                                {u"server"_s, m_plan.operatorHost},
                                {u"production"_s, m_plan.production},
                                {u"pid"_s, m_plan.request.pid},
                                {u"user"_s, b.user},
                                {u"application"_s, b.application},
                                {u"client"_s, clientText(b.clientAddr)},
                                {u"state"_s, b.state},
                                {u"running_s"_s, b.runningS},
                                {u"backend_start_us"_s, b.backendStartUs},
                                {u"query_start_us"_s, b.queryStartUs},
                                {u"query"_s, printableQuery(b)}};
}

void BackendActionTarget::send(int, const ActionId &id, int attempt, bool earlierMayHaveLanded)
{
    const QString requestId = u"%1#%2"_s.arg(id.toString()).arg(attempt);
    m_pendingSends.insert(requestId, earlierMayHaveLanded);
    BackendSignalWorker *worker = m_worker;
    const bool terminate = m_plan.request.verb == BackendActionVerb::Terminate;
    const qint64 queryStart = terminate ? 0 : m_plan.before.queryStartUs;
    QMetaObject::invokeMethod(
        worker,
        [worker, requestId, pid = m_plan.request.pid, terminate, backendStart = m_plan.before.backendStartUs,
         queryStart] { worker->signalBackend(requestId, pid, terminate, backendStart, queryStart); },
        Qt::QueuedConnection);
}

void BackendActionTarget::readBack(int)
{
    m_pendingRead = u"read-%1-%2"_s.arg(m_plan.request.pid).arg(++m_reads) + u"-"_s
        + QString::number(quintptr(this), 16);
    BackendSignalWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, id = m_pendingRead, pid = m_plan.request.pid] { worker->readBackend(id, pid); },
        Qt::QueuedConnection);
}

void BackendActionTarget::onSignalled(const QString &requestId, const RequestOutcome &outcome)
{
    const auto it = m_pendingSends.find(requestId);
    if (it == m_pendingSends.end())
        return;
    const bool earlierMayHaveLanded = *it;
    m_pendingSends.erase(it);
    // A repeated attempt after one that may have landed finds the backend (or query) gone: the
    // guard refuses. Whether that is our effect is for the read-back to say.
    if (earlierMayHaveLanded && outcome.kind == RequestOutcome::Kind::RefusedBeforeSending)
        emit sent(0, RequestOutcome::accepted(0));
    else
        emit sent(0, outcome);
}

void BackendActionTarget::onRead(const QString &requestId, const BackendLookup &lookup)
{
    if (requestId != m_pendingRead)
        return;
    m_pendingRead.clear();
    emit read(0, reading(m_plan, lookup));
}

EffectReading BackendActionTarget::reading(const BackendActionPlan &plan, const BackendLookup &lookup)
{
    using S = EffectReading::State;
    const int pid = plan.request.pid;
    if (!lookup.error.isEmpty())
        return {S::Unreadable, u"reading pg_stat_activity failed: "_s + lookup.error};
    const RunningQuery &before = plan.before;
    if (!lookup.found)
        return {S::Shown, u"pid %1 is gone from pg_stat_activity"_s.arg(pid)};
    const RunningQuery &now = lookup.backend;
    if (now.backendStartUs != before.backendStartUs)
        return {S::Shown, u"pid %1 is gone from pg_stat_activity (the pid now belongs to a newer backend)"_s.arg(pid)};
    if (plan.request.verb == BackendActionVerb::Terminate)
        return {S::NotYet, u"pid %1 is still in pg_stat_activity (state %2)"_s.arg(pid).arg(now.state)};
    if (now.queryStartUs != before.queryStartUs)
        return {
            S::Shown,
            u"the query no longer runs: pid %1 has moved on to a later statement (state %2)"_s.arg(pid).arg(now.state)};
    if (now.state != u"active"_s)
        return {S::Shown, u"the query no longer runs: pid %1 is %2"_s.arg(pid).arg(now.state)};
    return {S::NotYet, u"pid %1 still runs the query (for %2)"_s.arg(pid).arg(runningForText(now.runningS))};
}

} // namespace sagadeck
