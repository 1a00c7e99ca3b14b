#pragma once

#include "ActionContext.h"
#include "FeedHealth.h"
#include "Profile.h"

#include <QObject>
#include <QVector>

class QThread;
class QTimer;

namespace sagadeck {

class ActionTracker;
class AuditWriter;
class TeamTrail;
class BackendSignalWorker;
class DatabaseActivityStore;
class DatabaseActivityWorker;
class DatabasePage;
class EventTailModel;
class Feed;
class FeedHealthModel;
class IncidentTimeline;
class InvestigationQueryWorker;
class KafkaPage;
class SagaMatchLister;
class PlaybookBoard;
class PlaybooksPage;
class KafkaAdminClient;
class KafkaFeed;
class KafkaLagStore;
class KubeClient;
class DeploymentTableModel;
class LagBackfill;
class MetricsDashboard;
class MetricsPage;
class AlertSilences;
class SilenceStateFile;
class OrchestratorClient;
class PostgresFeed;
class PrometheusClient;
class SagaQueryWorker;
class SagaSummaryStore;
class SagaTableModel;
class SavedFilterList;
class SagasPage;
class ServicesPage;
class PodTableModel;
class PodUsage;
class LogBuffer;

// The models the pages show. They outlive a session: switching profiles resets them.
struct ConsoleModels
{
    FeedHealthModel *health = nullptr;
    SagaTableModel *sagas = nullptr;
    SagaSummaryStore *sagaSummary = nullptr;
    MetricsDashboard *metrics = nullptr;
    KafkaLagStore *kafka = nullptr;
    LagBackfill *lagBackfill = nullptr;          // the lag chart's history from before the start
    DeploymentTableModel *deployments = nullptr; // the Services page
    EventTailModel *kafkaTail = nullptr;
    PlaybookBoard *playbooks = nullptr;   // the Playbooks page: symptoms, investigations, raise state
    IncidentTimeline *timeline = nullptr; // the Timeline page: Prometheus series and Kubernetes changes
    AlertSilences *silences = nullptr;    // the operator's alert silences of the current profile
    PodTableModel *pods = nullptr;        // the Services page's pods
    LogBuffer *logs = nullptr;            // the Services page's logs panel
    // The Database page: running queries, slow statements.
    DatabaseActivityStore *database = nullptr;
    SavedFilterList *savedFilters = nullptr; // the Sagas page's saved filters of the current profile
    TeamTrail *team = nullptr;               // everyone's actions on the current profile (the team trail)
};

// One profile brought to life: a feed per configured system, each on its own thread, wired
// to the models (feeds -> models) and to the pages' requests (pages -> feeds). Destroying it
// stops the feeds; a feed stuck in a call it cannot leave is abandoned, never waited for on
// the GUI thread.
class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    ConsoleSession(const Profile &profile, const ConsoleModels &models, QObject *parent = nullptr);
    ~ConsoleSession() override;

    const Profile &profile() const { return m_profile; }
    // For the operator actions (planners and pipelines): this profile's facts, its clients and
    // audit writer (on their own threads) and the console's tracker of running actions.
    ActionContext actionContext() const;
    // The console's tracker of running actions (it outlives this session); call before start().
    void setActionTracker(ActionTracker *tracker) { m_tracker = tracker; }
    // The console's per-profile state writer (on its own thread; it outlives this session).
    void setSilenceState(SilenceStateFile *state) { m_silenceState = state; }
    void start();
    // Routes the page's requests to the feeds started by start() (call it after).
    void attach(SagasPage *page);
    void attach(ServicesPage *page);
    void attach(PlaybooksPage *page);
    void attach(KafkaPage *page);
    // Cancel query / terminate backend on the Database page (the operator connection).
    void attach(DatabasePage *page);
    // Silence / unsilence from the alert table: audited in this session's audit log.
    void attach(MetricsPage *page);
    // Why every action of this session is refused, for the pipelines and the buttons.
    QString readOnlyReason() const;

private:
    struct FeedThread
    {
        QObject *object = nullptr;
        Feed *feed = nullptr; // stopped through the Feed interface; null: not a feed (audit writer)
        QThread *thread = nullptr;
    };

    void startPostgres();
    void startPrometheus();
    void startKafka();
    // Reads the team's audit topic; publishes this console's records to it unless read-only.
    void startTeamTrail();
    void startOrchestrator();
    void onKafkaHealth(const FeedHealth &health);
    void startPodUsage(const QString &ns);
    void startKubernetes();
    void ensureAuditWriter();
    void onKubeHealth(const FeedHealth &health);
    void onPrometheusHealth(const FeedHealth &health);
    void ensureStalenessClock();
    void reportDisabled(FeedKind kind, const QString &reason);
    void onPostgresHealth(const FeedHealth &health);
    void applyStaleness();
    QThread *runOnOwnThread(QObject *object, const char *name);

    Profile m_profile;
    ConsoleModels m_models;
    PostgresFeed *m_postgres = nullptr;
    SagaQueryWorker *m_sagaQueries = nullptr;             // pages and details: what people wait for
    SagaQueryWorker *m_sagaCounts = nullptr;              // row counts: a scan of the filter
    InvestigationQueryWorker *m_investigations = nullptr; // the playbooks' pg_stat_activity and failed sagas
    SagaQueryWorker *m_sagaAnchors = nullptr;             // jump anchors: a numbering scan
    SagaMatchLister *m_sagaMatches = nullptr;             // bulk previews: every saga a filter matches
    FeedHealth m_postgresHealth;                          // as last reported, before the staleness check
    PrometheusClient *m_prometheus = nullptr;
    OrchestratorClient *m_orchestrator = nullptr;
    AuditWriter *m_audit = nullptr;
    ActionTracker *m_tracker = nullptr;
    SilenceStateFile *m_silenceState = nullptr;
    FeedHealth m_prometheusHealth;
    KafkaFeed *m_kafka = nullptr;
    KafkaAdminClient *m_kafkaAdmin = nullptr; // the Kafka repairs' client (kafka-admin)
    FeedHealth m_kafkaHealth;
    KubeClient *m_kube = nullptr;
    PodUsage *m_podUsage = nullptr; // the pods' memory and CPU (Prometheus), once the namespace is known
    FeedHealth m_kubeHealth;
    KubeContextInfo m_kubeContext;
    QVector<FeedThread> m_threads;
    QTimer *m_staleness = nullptr;
    BackendSignalWorker *m_backends = nullptr; // cancel/terminate: reads as the console, signals as the operator
};

} // namespace sagadeck
