#pragma once

#include "ActionContext.h"
#include "AutoscalerInfo.h"
#include "DeploymentActionPlan.h"
#include "KafkaAdminTypes.h"

#include <QObject>

namespace sagadeck {

struct KubeResult;
struct KubeTarget;

// Steps 1 and 2 of the pipeline for a deployment: reads its current state through the
// KubeClient (GET), applies DeploymentActionRules and builds the preview (where it goes, before
// and after, flags) with its confirmation requirement. A read-only profile, a profile without
// Kubernetes or a malformed request is refused at once, without any request.
//
// Threading: lives on the GUI thread (or the CLI's main thread); it never blocks. prepare() is
// answered by exactly one planReady(). A newer prepare() supersedes an unfinished one.
class DeploymentActionPlanner : public QObject
{
    Q_OBJECT
public:
    explicit DeploymentActionPlanner(const ActionContext &context, QObject *parent = nullptr);

    void prepare(const sagadeck::DeploymentActionRequest &request);
    bool isBusy() const { return !m_pendingId.isEmpty(); }

signals:
    void planReady(const sagadeck::DeploymentActionPlan &plan);

private:
    void onTarget(const sagadeck::KubeTarget &target);
    void onResult(const sagadeck::KubeResult &result);
    void onHistory(const sagadeck::RolloutHistory &history);
    void onAutoscalers(const QString &requestId, const sagadeck::AutoscalerList &autoscalers, const QString &error);
    void fillTarget();
    void finish();
    // Scale: reads the Deployment's consumer group and topic (KafkaAdminClient) to warn when the
    // new count exceeds the partitions; finishes directly without Kafka.
    void checkKafkaCapacity();
    void onKafkaRead(const sagadeck::KafkaGroupRead &read);

    ActionContext m_ctx;
    DeploymentActionPlan m_plan;
    QString m_pendingId;
};

} // namespace sagadeck
