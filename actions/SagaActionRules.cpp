#include "SagaActionRules.h"

#include "FeedHealth.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString sagaActionVerbName(SagaActionVerb verb)
{
    return verb == SagaActionVerb::Retry ? u"retry"_s : u"compensate"_s;
}

SagaActionAvailability SagaActionRules::check(SagaActionVerb verb, const SagaRow &saga, const QDateTime &now,
                                              int stuckAfterS)
{
    const QString status = saga.statusText.isEmpty() ? sagaStatusName(saga.status) : saga.statusText;
    if (saga.status == SagaStatus::Unknown)
        return {false, u"status '%1' is not one this console knows; refusing to guess"_s.arg(status)};
    if (verb == SagaActionVerb::Retry) {
        if (saga.status == SagaStatus::Failed || saga.status == SagaStatus::Compensated)
            return {true, QString()};
        if (saga.status == SagaStatus::Completed)
            return {false, u"saga is COMPLETED: there is nothing to retry"_s};
        return {false, u"saga is %1: only FAILED or COMPENSATED sagas can be retried"_s.arg(status)};
    }
    if (saga.status == SagaStatus::Failed)
        return {true, QString()};
    if (isTerminal(saga.status))
        return {false, u"saga is %1: only FAILED or stuck sagas can be compensated"_s.arg(status)};
    const qint64 idleS = saga.updatedAt.isValid() ? saga.updatedAt.secsTo(now) : -1;
    if (idleS >= stuckAfterS)
        return {true,
                u"saga is %1 and untouched for %2: treated as stuck (the orchestrator checks again)"_s.arg(
                    status, describeAge(idleS * 1000))};
    return {false,
            u"saga is %1 and was updated %2 ago: it is still running, not stuck (stuck after %3)"_s.arg(
                status, describeAge(qMax<qint64>(0, idleS) * 1000), describeAge(qint64(stuckAfterS) * 1000))};
}

QStringList SagaActionRules::stepsToUndo(const QVector<SagaStep> &steps)
{
    struct Held
    {
        QString step, service;
    };
    QVector<Held> held;
    for (const SagaStep &s : steps) {
        if (s.outcome != u"SUCCEEDED"_s)
            continue;
        if (s.action == u"EXECUTE"_s) {
            held.append({s.step, s.service});
            continue;
        }
        for (int i = held.size() - 1; i >= 0; --i) {
            if (held.at(i).service == s.service) {
                held.remove(i);
                break;
            }
        }
    }
    QStringList out;
    for (int i = held.size() - 1; i >= 0; --i)
        out << u"%1 (%2)"_s.arg(held.at(i).step, held.at(i).service);
    return out;
}

} // namespace sagadeck
