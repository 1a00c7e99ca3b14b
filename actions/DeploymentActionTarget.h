#pragma once

#include "ActionTarget.h"
#include "DeploymentActionPlan.h"

#include <QHash>

namespace sagadeck {

class KubeClient;
struct KubeResult;

// A Deployment as a target of the action pipeline, changed exactly as kubectl does it:
// `rollout restart` (the restartedAt annotation: one value per intent, the same on every
// attempt, so a repeated PATCH cannot start a second rollout) and `scale` (the Scale
// subresource, with a replica-count precondition when asked). The effect is read back from the
// Deployment: a restart shows as our restartedAt with a new generation the controller has
// observed, a scale as spec.replicas set and the pods ready (spec set but pods still starting
// is done at the verification deadline).
class DeploymentActionTarget : public ActionTarget
{
    Q_OBJECT
public:
    // `identity`: the kubeconfig user the request goes out as (the audit log's identity).
    DeploymentActionTarget(const DeploymentActionPlan &plan, KubeClient *client, const QString &identity,
                           QObject *parent = nullptr);

    PipelinePlan plan() const override;
    QString unavailable() const override;
    void describe(int index, AuditRecord *record) const override;
    void send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded) override;
    void readBack(int index) override;

    const DeploymentActionPlan &deploymentPlan() const { return m_plan; }
    // Restart: the one restartedAt value this intent sends.
    QString restartedAt() const { return m_restartedAt; }

private:
    struct Pending
    {
        bool read = false;
        bool earlierMayHaveLanded = false;
    };
    void onResult(const sagadeck::KubeResult &result);
    RequestOutcome sendOutcome(const KubeResult &result, bool earlierMayHaveLanded) const;
    EffectReading reading(const KubeResult &result) const;

    DeploymentActionPlan m_plan;
    KubeClient *m_client;
    QString m_identity;
    QString m_restartedAt;
    QHash<QString, Pending> m_pending; // KubeClient request id -> what asked
    int m_reads = 0;
};

} // namespace sagadeck
