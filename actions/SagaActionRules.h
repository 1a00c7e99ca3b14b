#pragma once

#include "Saga.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sagadeck {

enum class SagaActionVerb
{
    Retry,
    Compensate
};
QString sagaActionVerbName(SagaActionVerb verb); // retry | compensate

// Whether a saga action is possible, and if not, why in words for the operator.
struct SagaActionAvailability
{
    bool available = false;
    QString why; // unavailable: the reason; available: a caveat or empty
};

// The console's one rule for which sagas can be retried or compensated. It mirrors the
// orchestrator (stack/sim/OrchestratorApi.cpp): retry needs FAILED or COMPENSATED; compensate
// needs FAILED, or an unfinished saga the orchestrator is no longer working on ("stuck"). The
// console cannot see the orchestrator's memory, so "stuck" is judged like the Sagas page does:
// unfinished and untouched for `stuckAfterS`. The orchestrator checks again and answers 409 if
// it disagrees; that answer is shown as it is.
class SagaActionRules
{
public:
    static SagaActionAvailability check(SagaActionVerb verb, const SagaRow &saga, const QDateTime &now,
                                        int stuckAfterS);
    // The forward steps a compensation would undo: executed successfully and not yet compensated
    // (a successful COMPENSATE row by the same service undoes its latest such step), newest first.
    static QStringList stepsToUndo(const QVector<SagaStep> &steps);
};

} // namespace sagadeck
