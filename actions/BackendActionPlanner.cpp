#include "BackendActionPlanner.h"

#include "BackendActionRules.h"
#include "BackendSignalWorker.h"

#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

BackendActionPlanner::BackendActionPlanner(const ActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    registerBackendActionMetaTypes();
    if (m_ctx.backends)
        connect(m_ctx.backends, &BackendSignalWorker::backendRead, this, &BackendActionPlanner::onRead);
}

void BackendActionPlanner::prepare(const BackendActionRequest &request)
{
    m_pendingId.clear();
    m_plan = BackendActionPlan{};
    m_plan.request = request;
    m_plan.profile = m_ctx.profile;
    m_plan.production = m_ctx.production;
    m_plan.preparedAt = QDateTime::currentDateTimeUtc();
    m_plan.longQueryAfterS = m_ctx.longQueryAfterS;
    m_plan.operatorRole = BackendActionRules::conninfoValue(m_ctx.operatorConninfo, u"user"_s);
    const QString host = BackendActionRules::conninfoValue(m_ctx.operatorConninfo, u"host"_s);
    const QString port = BackendActionRules::conninfoValue(m_ctx.operatorConninfo, u"port"_s);
    m_plan.operatorHost = port.isEmpty() || host.contains(u':') ? host : host + u':' + port;
    m_plan.confirmation = BackendActionRules::confirmationFor(request);
    QString refusal;
    if (!m_ctx.backendsDisabled.isEmpty())
        refusal = m_ctx.backendsDisabled;
    else if (m_ctx.readOnly)
        refusal = m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile) : m_ctx.readOnlyWhy;
    else if (!m_ctx.backends)
        refusal = u"the Postgres operator client is not running"_s;
    else
        refusal = BackendActionRules::checkRequest(request);
    if (!refusal.isEmpty()) {
        m_plan.refusal = refusal;
        QTimer::singleShot(0, this, [this, plan = m_plan] { emit planReady(plan); });
        return;
    }
    m_pendingId = u"plan-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    BackendSignalWorker *worker = m_ctx.backends;
    QMetaObject::invokeMethod(
        worker, [worker, id = m_pendingId, pid = request.pid] { worker->readBackend(id, pid); }, Qt::QueuedConnection);
}

void BackendActionPlanner::onRead(const QString &requestId, const BackendLookup &lookup)
{
    if (m_pendingId.isEmpty() || requestId != m_pendingId)
        return;
    m_pendingId.clear();
    m_plan.database = lookup.watchedDatabase;
    m_plan.found = lookup.found && lookup.error.isEmpty();
    if (m_plan.found)
        m_plan.before = lookup.backend;
    m_plan.refusal = BackendActionRules::checkAgainst(m_plan.request, lookup, &m_plan.noOp);
    m_plan.preparedAt = QDateTime::currentDateTimeUtc();
    emit planReady(m_plan);
}

} // namespace sagadeck
