#pragma once

#include "ActionPipeline.h"
#include "KubeContextInfo.h"

#include <QMap>
#include <QString>

#include <atomic>

namespace sagadeck {

class AuditWriter;
class TeamTrail;
class BackendSignalWorker;
class ActionTracker;
class KafkaAdminClient;
class KubeClient;
class OrchestratorClient;
class SagaMatchLister;
class SilenceStateFile;
struct BackendActionPlan;
struct DeploymentActionPlan;
struct KafkaActionPlan;
struct SagaActionPlan;

// What the actions of one profile share, whatever their target: the profile's facts, the audit
// log, the tracker of running actions, and the clients of each kind of target. The clients and
// the writer live on threads of their own; planners, targets and pipelines reach them only
// through queued calls and their signals.
struct ActionContext
{
    QString profile;
    bool production = false;
    bool readOnly = false;
    QString readOnlyWhy; // e.g. "profile 'prod' is read_only" or "--read-only"
    AuditWriter *audit = nullptr;
    ActionTracker *tracker = nullptr;

    // Sagas, through the orchestrator.
    OrchestratorClient *orchestrator = nullptr;
    QString orchestratorDisabled; // non-empty: no orchestrator in this profile, and why
    QString requestedBy;          // the orchestrator's requested_by (OS user)
    // Counts and lists what a filter matches in Postgres, for "every saga the filter matches";
    // null without Postgres (the orchestrator's list is used then, and says it may be short).
    SagaMatchLister *sagaMatches = nullptr;
    int stuckAfterS = 300;

    // Deployments, through the Kubernetes API.
    KubeClient *kube = nullptr;
    QString kubernetesDisabled; // non-empty: no Kubernetes in this profile, and why
    QString ns;                 // the profile's namespace, until the client names its own
    // Where the client's last targetChanged() points (context, cluster, user, insecure flag; no
    // credential). Planners also follow targetChanged() themselves; pass it here when the
    // client announced it before they were made.
    KubeContextInfo kubeContext;

    // How each kind's requests are repeated and verified (tests shorten them). A saga moves on
    // within a second or two; a rollout needs the controller to observe the new generation.
    PipelineSettings sagaTuning = PipelineSettings::tuned(4, 200, 15000, 300);
    PipelineSettings deploymentTuning = PipelineSettings::tuned(3, 500, 30000, 500);

    // Alert silences: local to the console (nothing is sent), audited like any action and
    // stored in the profile's state file by this writer (on its own thread); null: none.
    SilenceStateFile *silenceState = nullptr;

    // The pipeline settings for a kind: its tuning with this profile's facts.
    PipelineSettings pipeline(const PipelineSettings &tuning) const
    {
        PipelineSettings s = tuning;
        s.profile = profile;
        s.readOnly = readOnly;
        s.readOnlyWhy = readOnlyWhy;
        s.audit = audit;
        s.tracker = tracker;
        return s;
    }

    // A pipeline ready to start() on a confirmed plan. With a tracker it belongs to the tracker
    // (it outlives the page that started it, and is deleted when it has finished); without one,
    // to `parent`.
    ActionPipeline *sagaPipeline(const SagaActionPlan &plan, const QString &reason, QObject *parent) const;
    ActionPipeline *deploymentPipeline(const DeploymentActionPlan &plan, QObject *parent) const;

    // Unique request ids for the orchestrator, across planners and targets of the process.
    static quint64 nextRequestId()
    {
        static std::atomic<quint64> next{1};
        return next++;
    }

    // Kafka repairs (offset resets, partitions), through the Kafka admin client ("kafka-admin").
    KafkaAdminClient *kafkaAdmin = nullptr;
    QString kafkaDisabled;  // non-empty: no Kafka in this profile, and why
    QString kafkaBootstrap; // where the requests go (the audit log's and the preview's)
    QString kafkaIdentity;  // the SASL user, or empty
    QString kafkaSagaTopic; // the topic the scale preview weighs consumers against
    // The consumer group of each Deployment (the profile's deployment_groups, else <name>-group).
    QMap<QString, QString> kafkaDeploymentGroups;
    PipelineSettings kafkaTuning = PipelineSettings::tuned(3, 500, 20000, 500);
    QString groupOfDeployment(const QString &deployment) const
    {
        return kafkaDeploymentGroups.value(deployment, deployment + QStringLiteral("-group"));
    }
    ActionPipeline *kafkaPipeline(const KafkaActionPlan &plan, QObject *parent) const;

    // Postgres backends (cancel query, terminate backend): read through the console's read-only
    // connection, signalled as the profile's operator role ("backend-signals").
    BackendSignalWorker *backends = nullptr;
    QString backendsDisabled; // non-empty: no Postgres or no operator_conninfo in this profile, and why
    QString operatorConninfo; // postgres.operator_conninfo (no password): the role and server in previews
    int longQueryAfterS = 300;
    // A signal lands at once; a terminated backend leaves pg_stat_activity within milliseconds.
    PipelineSettings backendTuning = PipelineSettings::tuned(3, 300, 10000, 200);
    ActionPipeline *backendPipeline(const BackendActionPlan &plan, QObject *parent) const;

    // Everyone's actions (the team trail): a target someone is already acting on asks for an
    // explicit "do it anyway" before a new action on it. Null: no trail (the CLI, no Kafka).
    const TeamTrail *team = nullptr;
};

} // namespace sagadeck
