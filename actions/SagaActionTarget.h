#pragma once

#include "ActionTarget.h"
#include "SagaActionPlan.h"

#include <QHash>

namespace sagadeck {

class OrchestratorClient;
struct OrchestratorAnswer;

// Sagas as a target of the action pipeline: POST /retry or /compensate through the
// OrchestratorClient with the ActionId as Idempotency-Key, and the effect read back with GET:
// a retry shows as a higher attempt, a compensation as COMPENSATING/COMPENSATED or a
// compensation step newer than the preview.
class SagaActionTarget : public ActionTarget
{
    Q_OBJECT
public:
    SagaActionTarget(const SagaActionPlan &plan, OrchestratorClient *client, const QString &requestedBy,
                     const QString &reason, QObject *parent = nullptr);

    PipelinePlan plan() const override;
    QString unavailable() const override;
    void describe(int index, AuditRecord *record) const override;
    void send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded) override;
    void readBack(int index) override;

    const SagaActionPlan &sagaPlan() const { return m_plan; }

private:
    struct Pending
    {
        int index = -1;
        bool read = false;
    };
    void onAnswer(const sagadeck::OrchestratorAnswer &answer);
    EffectReading reading(int index, const OrchestratorAnswer &answer) const;

    SagaActionPlan m_plan;
    OrchestratorClient *m_client;
    QString m_requestedBy;
    QString m_reason;
    QHash<quint64, Pending> m_pending; // orchestrator request id -> what asked
};

} // namespace sagadeck
