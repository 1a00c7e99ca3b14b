#include "ConsoleSession.h"

#include "AbandonedThreads.h"

#include "AlertRule.h"
#include "AlertSilenceController.h"
#include "AuditPublisher.h"
#include "AuditWriter.h"
#include "BackendActionController.h"
#include "BackendSignalWorker.h"
#include "DatabaseActivityStore.h"
#include "DatabaseActivityWorker.h"
#include "DatabasePage.h"
#include "EventTailModel.h"
#include "Feed.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "InvestigationQueryWorker.h"
#include "Playbook.h"
#include "PlaybookActionController.h"
#include "PlaybookBoard.h"
#include "PlaybooksPage.h"
#include "KafkaActionController.h"
#include "KafkaActionPlan.h"
#include "KafkaAdminClient.h"
#include "KafkaFeed.h"
#include "KafkaLagStore.h"
#include "KafkaPage.h"
#include "LagBackfill.h"
#include "DeploymentTableModel.h"
#include "LogBuffer.h"
#include "LogsPanel.h"
#include "ServicesPage.h"
#include "PodTableModel.h"
#include "PodUsage.h"
#include "KafkaTail.h"
#include "KubeClient.h"
#include "MetricsDashboard.h"
#include "MetricsPage.h"
#include "OrchestratorClient.h"
#include "PrometheusClient.h"
#include "PostgresFeed.h"
#include "SagaMatchLister.h"
#include "SagaQueryWorker.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "ServiceLevelQueries.h"
#include "DeploymentActionController.h"
#include "SagaActionController.h"
#include "SagasPage.h"
#include "ProfileStateStore.h"
#include "StatePaths.h"
#include "TeamTrail.h"
#include "TeamTrailReader.h"

#include <QFile>
#include <QDeadlineTimer>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kStopWaitMs = 1000;

QString notConfigured(const QString &section, const QString &disabledReason, const QString &profile)
{
    return disabledReason.isEmpty() ? u"not configured: profile '%1' has no %2 settings"_s.arg(profile, section)
                                    : disabledReason;
}
} // namespace

ConsoleSession::ConsoleSession(const Profile &profile, const ConsoleModels &models, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_models(models)
{
    PostgresFeed::registerMetaTypes();
    PrometheusClient::registerMetaTypes();
}

ConsoleSession::~ConsoleSession()
{
    for (const FeedThread &ft : std::as_const(m_threads)) {
        // Nothing a stopping feed still says may reach the models of the next session.
        QObject::disconnect(ft.object, nullptr, nullptr, nullptr);
        if (ft.feed)
            QMetaObject::invokeMethod(ft.feed, &Feed::stop, Qt::QueuedConnection);
        ft.thread->requestInterruption(); // on-demand workers drop what is still queued
        ft.thread->quit();
    }
    // One short deadline for all of them: this runs on the GUI thread.
    const QDeadlineTimer deadline(kStopWaitMs);
    for (const FeedThread &ft : std::as_const(m_threads)) {
        if (!ft.thread->wait(deadline)) {
            // Blocked in a call to a hung server: let it go rather than hang the console.
            qWarning("sagadeck: feed thread %s did not stop in time; abandoning it",
                     qPrintable(ft.thread->objectName()));
            AbandonedThreads::adopt(ft.thread);
            continue;
        }
        delete ft.thread;
    }
}

QThread *ConsoleSession::runOnOwnThread(QObject *object, const char *name)
{
    auto *thread = new QThread(this);
    thread->setObjectName(QString::fromLatin1(name));
    object->moveToThread(thread);
    connect(thread, &QThread::finished, object, &QObject::deleteLater);
    m_threads.append({object, qobject_cast<Feed *>(object), thread});
    thread->start();
    return thread;
}

void ConsoleSession::start()
{
    const QString name = m_profile.name;
    // Before any feed starts, so that Prometheus' first health report finds it configured.
    if (m_models.lagBackfill && m_profile.kafka.enabled())
        m_models.lagBackfill->configure(m_profile.kafka, m_profile.prometheus, m_profile.site);
    if (m_profile.postgres.enabled())
        startPostgres();
    else
        reportDisabled(FeedKind::Postgres, notConfigured(u"postgres"_s, m_profile.postgres.disabledReason, name));
    if (m_profile.prometheus.enabled() && m_models.metrics)
        startPrometheus();
    else
        reportDisabled(FeedKind::Prometheus, notConfigured(u"prometheus"_s, m_profile.prometheus.disabledReason, name));
    if (m_profile.kafka.enabled() && m_models.kafka)
        startKafka();
    else
        reportDisabled(FeedKind::Kafka, notConfigured(u"kafka"_s, m_profile.kafka.disabledReason, name));
    if (m_profile.orchestrator.enabled())
        startOrchestrator();
    else
        reportDisabled(FeedKind::Orchestrator,
                       notConfigured(u"orchestrator"_s, m_profile.orchestrator.disabledReason, name));
    if (m_profile.kubernetes.enabled() && m_models.deployments)
        startKubernetes();
    else
        reportDisabled(FeedKind::Kubernetes, notConfigured(u"kubernetes"_s, m_profile.kubernetes.disabledReason, name));
    if (m_models.team) {
        if (m_profile.kafka.enabled())
            startTeamTrail();
        else
            m_models.team->setReaderProblem(u"no Kafka in profile '%1'"_s.arg(name));
    }
}

void ConsoleSession::startTeamTrail()
{
    // Everyone's records, read from the topic; parsed here, kept once each by the trail.
    auto *reader = new TeamTrailReader(m_profile.kafka);
    runOnOwnThread(reader, "team-trail-reader");
    connect(reader, &TeamTrailReader::recordsRead, m_models.team, &TeamTrail::addEncoded);
    connect(reader, &TeamTrailReader::problem, m_models.team, &TeamTrail::setReaderProblem);
    QMetaObject::invokeMethod(reader, &TeamTrailReader::start, Qt::QueuedConnection);
    if (m_profile.readOnly) {
        m_models.team->setPublisherStatus(0, QString()); // nothing to publish: it cannot act
        return;
    }
    // This console's own records: in the trail at once (its conflicts and in-flight list need
    // no round trip), and published from the log by the outbox.
    ensureAuditWriter();
    connect(m_audit, &AuditWriter::appended, m_models.team,
            [team = m_models.team](const AuditRecord &record, const QString &error) {
                if (error.isEmpty())
                    team->add({record});
            });
    const StatePaths paths;
    auto *publisher = new AuditPublisher(m_profile.kafka, paths.auditLogPath(),
                                         ProfileStateStore(paths.stateDir(), u"audit-outbox"_s).pathFor(m_profile.name),
                                         m_profile.name);
    runOnOwnThread(publisher, "audit-publisher");
    connect(m_audit, &AuditWriter::appended, publisher, &AuditPublisher::publishNow);
    connect(publisher, &AuditPublisher::status, m_models.team, &TeamTrail::setPublisherStatus);
    QMetaObject::invokeMethod(publisher, &AuditPublisher::start, Qt::QueuedConnection);
}

void ConsoleSession::startPodUsage(const QString &ns)
{
    // kubectl top pods, from Prometheus' container metrics: once the namespace is known.
    if (!m_prometheus || !m_models.pods || ns.isEmpty() || m_podUsage)
        return;
    m_podUsage = new PodUsage(this);
    connect(m_prometheus, &PrometheusClient::answered, m_podUsage, &PodUsage::applyAnswer);
    connect(m_podUsage, &PodUsage::requested, m_prometheus, &PrometheusClient::submit);
    connect(m_podUsage, &PodUsage::changed, this,
            [this] { m_models.pods->setUsage(m_podUsage->readings(), m_podUsage->readAt(), m_podUsage->error()); });
    m_podUsage->start(m_profile.site, ns, std::max(5000, m_profile.prometheus.refreshMs));
}

void ConsoleSession::startKubernetes()
{
    KubeClient::registerMetaTypes();
    m_kube = new KubeClient(m_profile.kubernetes, m_profile.readOnly);
    runOnOwnThread(m_kube, "kube-client");
    connect(m_kube, &KubeClient::healthChanged, this, &ConsoleSession::onKubeHealth);
    connect(m_kube, &KubeClient::deploymentsListed, m_models.deployments, &DeploymentTableModel::apply);
    if (m_models.pods)
        connect(m_kube, &KubeClient::podsChanged, m_models.pods, &PodTableModel::apply);
    connect(m_kube, &KubeClient::autoscalersChanged, m_models.deployments, &DeploymentTableModel::setAutoscalers);
    if (m_models.timeline)
        connect(m_kube, &KubeClient::deploymentsListed, m_models.timeline, &IncidentTimeline::applyDeployments);
    // The session is the context: a late signal from a client being abandoned must not reach
    // a session that is gone.
    connect(m_kube, &KubeClient::targetChanged, this, [this](const KubeTarget &t) {
        // Only who and where: the credential stays with the client.
        m_kubeContext = t.info(); // for the actions' previews and audit identity
        m_models.deployments->setContext(m_kubeContext);
        startPodUsage(m_kubeContext.ns);
    });
    m_kubeHealth.feed = FeedKind::Kubernetes;
    ensureStalenessClock();
    QMetaObject::invokeMethod(m_kube, &KubeClient::start, Qt::QueuedConnection);
    ensureAuditWriter();
}

void ConsoleSession::onKubeHealth(const FeedHealth &health)
{
    m_kubeHealth = health;
    applyStaleness();
}

void ConsoleSession::startOrchestrator()
{
    // Actions only: the client probes every 10 s so its health is current before anyone acts.
    OrchestratorClient::registerMetaTypes();
    AuditWriter::registerMetaTypes();
    m_orchestrator = new OrchestratorClient(m_profile.orchestrator, m_profile.readOnly);
    m_orchestrator->setProbeIntervalMs(10000);
    runOnOwnThread(m_orchestrator, "orchestrator-client");
    connect(m_orchestrator, &OrchestratorClient::healthChanged, m_models.health, &FeedHealthModel::update);
    QMetaObject::invokeMethod(m_orchestrator, &OrchestratorClient::start, Qt::QueuedConnection);
    ensureAuditWriter();
}

void ConsoleSession::ensureAuditWriter()
{
    if (m_audit)
        return;
    AuditWriter::registerMetaTypes();
    m_audit = new AuditWriter(StatePaths().auditLogPath()); // fsync off the GUI thread
    runOnOwnThread(m_audit, "audit-writer");
}

void ConsoleSession::attach(DatabasePage *page)
{
    if (page)
        new BackendActionController([this] { return actionContext(); }, page, this);
}

QString ConsoleSession::readOnlyReason() const
{
    if (!m_profile.readOnlyWhy.isEmpty())
        return m_profile.readOnlyWhy;
    return u"profile '%1' is read_only: no mutating request may leave the console"_s.arg(m_profile.name);
}

ActionContext ConsoleSession::actionContext() const
{
    ActionContext c;
    c.backends = m_backends;
    c.operatorConninfo = m_profile.postgres.operatorConninfo;
    c.longQueryAfterS = m_profile.postgres.longQueryAfterS;
    if (!m_backends)
        c.backendsDisabled = notConfigured(u"postgres"_s, m_profile.postgres.disabledReason, m_profile.name);
    else if (m_profile.postgres.operatorConninfo.isEmpty())
        c.backendsDisabled = u"profile '%1' has no postgres.operator_conninfo (a role with pg_signal_backend); the "
                             u"console's own role is read-only"_s.arg(m_profile.name);
    c.profile = m_profile.name;
    c.production = m_profile.production;
    c.readOnly = m_profile.readOnly;
    c.readOnlyWhy = readOnlyReason();
    c.audit = m_audit;
    c.tracker = m_tracker;
    if (!m_orchestrator)
        c.orchestratorDisabled = notConfigured(u"orchestrator"_s, m_profile.orchestrator.disabledReason,
                                               m_profile.name);
    c.requestedBy = currentOsUser();
    c.stuckAfterS = m_profile.postgres.stuckAfterS;
    c.orchestrator = m_orchestrator;
    c.sagaMatches = m_sagaMatches;
    if (!m_kube)
        c.kubernetesDisabled = notConfigured(u"kubernetes"_s, m_profile.kubernetes.disabledReason, m_profile.name);
    c.ns = m_profile.kubernetes.ns;
    c.kubeContext = m_kubeContext;
    c.kube = m_kube;
    c.silenceState = m_silenceState;
    if (!m_kafkaAdmin)
        c.kafkaDisabled = notConfigured(u"kafka"_s, m_profile.kafka.disabledReason, m_profile.name);
    c.kafkaAdmin = m_kafkaAdmin;
    c.kafkaBootstrap = m_profile.kafka.bootstrap;
    c.kafkaIdentity = m_profile.kafka.saslUsername;
    c.kafkaSagaTopic = m_profile.kafka.sagaTopic;
    c.kafkaDeploymentGroups = m_profile.kafka.deploymentGroups;
    c.team = m_models.team;
    return c;
}

void ConsoleSession::reportDisabled(FeedKind kind, const QString &reason)
{
    FeedHealth h;
    h.feed = kind;
    h.state = FeedState::Disabled;
    h.reason = reason;
    m_models.health->update(h);
}

void ConsoleSession::startPostgres()
{
    m_postgres = new PostgresFeed(m_profile.postgres);
    runOnOwnThread(m_postgres, "postgres-feed");
    m_sagaQueries = new SagaQueryWorker(m_profile.postgres);
    runOnOwnThread(m_sagaQueries, "saga-queries");
    // Counting and numbering a million rows take a second each: never in front of a page,
    // and never one in front of the other.
    m_sagaCounts = new SagaQueryWorker(m_profile.postgres);
    runOnOwnThread(m_sagaCounts, "saga-counts");
    m_sagaAnchors = new SagaQueryWorker(m_profile.postgres);
    runOnOwnThread(m_sagaAnchors, "saga-anchors");
    // Connects on its first request: only a console that previews a bulk action pays for it.
    m_sagaMatches = new SagaMatchLister(m_profile.postgres);
    runOnOwnThread(m_sagaMatches, "saga-matches");
    if (m_models.playbooks) {
        // The playbooks' questions (pg_stat_activity, failed sagas) on a connection of their own.
        InvestigationQueryWorker::registerMetaTypes();
        m_investigations = new InvestigationQueryWorker(m_profile.postgres);
        runOnOwnThread(m_investigations, "investigations");
        PlaybookBoard *b = m_models.playbooks;
        connect(b, &PlaybookBoard::activityRequested, m_investigations, &InvestigationQueryWorker::fetchActivity);
        connect(b, &PlaybookBoard::failedSagasRequested, m_investigations, &InvestigationQueryWorker::fetchFailedSagas);
        connect(m_investigations, &InvestigationQueryWorker::activityReady, b, &PlaybookBoard::applyActivity);
        connect(m_investigations, &InvestigationQueryWorker::activityFailed, b, &PlaybookBoard::applyActivityError);
        connect(m_investigations, &InvestigationQueryWorker::failedSagasReady, b, &PlaybookBoard::applyFailedSagas);
        connect(m_investigations, &InvestigationQueryWorker::failedSagasFailed, b,
                &PlaybookBoard::applyFailedSagasError);
    }
    if (m_models.database) {
        // The Database page: pg_stat_activity and pg_stat_statements, read while it is on screen.
        DatabaseActivityWorker::registerMetaTypes();
        auto *activity = new DatabaseActivityWorker(m_profile.postgres);
        runOnOwnThread(activity, "database-activity");
        DatabaseActivityStore *store = m_models.database;
        connect(store, &DatabaseActivityStore::requested, activity, &DatabaseActivityWorker::fetch);
        connect(activity, &DatabaseActivityWorker::activityReady, store, &DatabaseActivityStore::apply);
        connect(activity, &DatabaseActivityWorker::activityFailed, store, &DatabaseActivityStore::applyError);
        store->start(m_profile.postgres.refreshMs, m_profile.postgres.longQueryAfterS);
    }
    // Cancel query / terminate backend: reads as the console's role, signals as the operator's
    // (each connection opened on first use).
    BackendSignalWorker::registerMetaTypes();
    m_backends = new BackendSignalWorker(m_profile.postgres, m_profile.postgres.operatorSettings());
    runOnOwnThread(m_backends, "backend-signals");
    // Feed -> models: queued, values only.
    connect(m_postgres, &PostgresFeed::healthChanged, this, &ConsoleSession::onPostgresHealth);
    connect(m_postgres, &PostgresFeed::summaryReady, m_models.sagaSummary, &SagaSummaryStore::setSummary);
    connect(m_postgres, &PostgresFeed::sagasChanged, m_models.sagas, &SagaTableModel::applyChanges);
    connect(m_postgres, &PostgresFeed::resynced, m_models.sagas, &SagaTableModel::reload);
    connect(m_sagaQueries, &SagaQueryWorker::pageReady, m_models.sagas, &SagaTableModel::applyPage);
    connect(m_sagaQueries, &SagaQueryWorker::pageFailed, m_models.sagas, &SagaTableModel::applyPageError);
    connect(m_sagaCounts, &SagaQueryWorker::pageFailed, m_models.sagas, &SagaTableModel::applyPageError);
    connect(m_sagaCounts, &SagaQueryWorker::countReady, m_models.sagas, &SagaTableModel::applyCount);
    connect(m_sagaCounts, &SagaQueryWorker::searchPlanReady, m_models.sagas, &SagaTableModel::applySearchPlan);
    connect(m_sagaAnchors, &SagaQueryWorker::anchorsReady, m_models.sagas, &SagaTableModel::applyAnchors);
    // Model -> worker: its page, count and anchor requests.
    connect(m_models.sagas, &SagaTableModel::pageRequested, m_sagaQueries, &SagaQueryWorker::fetchPage);
    connect(m_models.sagas, &SagaTableModel::countRequested, m_sagaCounts, &SagaQueryWorker::fetchCount);
    connect(m_models.sagas, &SagaTableModel::anchorsRequested, m_sagaAnchors, &SagaQueryWorker::fetchAnchors);

    m_postgresHealth.feed = FeedKind::Postgres;
    ensureStalenessClock();
    QMetaObject::invokeMethod(m_postgres, &PostgresFeed::start, Qt::QueuedConnection);
}

void ConsoleSession::ensureStalenessClock()
{
    if (m_staleness)
        return;
    m_staleness = new QTimer(this);
    // A quarter second: Stale shows within 2x the refresh interval + 1 s with room to spare.
    m_staleness->setInterval(250);
    connect(m_staleness, &QTimer::timeout, this, &ConsoleSession::applyStaleness);
    m_staleness->start();
}

void ConsoleSession::startPrometheus()
{
    // The runbook's rules, or the profile's own file; a bad file means no rules and a reason.
    const QString path = m_profile.prometheus.alertRulesFile.isEmpty() ? u":/alert-rules.json"_s
                                                                       : m_profile.prometheus.alertRulesFile;
    QFile file(path);
    AlertRulesParse rules;
    if (file.open(QIODevice::ReadOnly))
        rules = parseAlertRules(file.readAll(), path, m_profile.site);
    else
        rules.errors << path + u": "_s + file.errorString();
    // Beside them, the objectives' multiwindow burn-rate rules, with the profile's budgets.
    QFile sloFile(u":/slo-rules.json"_s);
    if (sloFile.open(QIODevice::ReadOnly)) {
        const AlertRulesParse slo = parseAlertRules(sloRulesWithBudgets(sloFile.readAll(), m_profile.slo),
                                                    u"slo-rules.json"_s, m_profile.site);
        rules.rules << slo.rules;
        rules.errors << slo.errors;
    }

    m_prometheus = new PrometheusClient(m_profile.prometheus);
    runOnOwnThread(m_prometheus, "prometheus-client");
    connect(m_prometheus, &PrometheusClient::healthChanged, this, &ConsoleSession::onPrometheusHealth);
    connect(m_prometheus, &PrometheusClient::answered, m_models.metrics, &MetricsDashboard::applyAnswer);
    connect(m_models.metrics, &MetricsDashboard::requested, m_prometheus, &PrometheusClient::submit);
    if (m_models.lagBackfill) {
        connect(m_prometheus, &PrometheusClient::healthChanged, m_models.lagBackfill, &LagBackfill::onPrometheusHealth);
        connect(m_prometheus, &PrometheusClient::answered, m_models.lagBackfill, &LagBackfill::applyAnswer);
        connect(m_models.lagBackfill, &LagBackfill::requested, m_prometheus, &PrometheusClient::submit);
    }
    if (m_models.timeline) {
        connect(m_prometheus, &PrometheusClient::answered, m_models.timeline, &IncidentTimeline::applyAnswer);
        connect(m_models.timeline, &IncidentTimeline::requested, m_prometheus, &PrometheusClient::submit);
    }
    m_prometheusHealth.feed = FeedKind::Prometheus;
    ensureStalenessClock();
    QMetaObject::invokeMethod(m_prometheus, &PrometheusClient::start, Qt::QueuedConnection);
    if (m_models.timeline) {
        const KafkaSettings &k = m_profile.kafka;
        m_models.timeline->start(m_profile.prometheus.scrapeIntervalS, m_profile.prometheus.refreshMs,
                                 levelquery::lagOfTopic(m_profile.site, k.sagaTopic), QString(), m_profile.site);
    }
    if (m_models.playbooks) {
        // The runbook's playbooks or the site's file, in the site's names, evaluated at the alert
        // interval; a bad file means none and a reason.
        const QString pbPath = m_profile.playbooksFile.isEmpty() ? u":/playbooks.json"_s : m_profile.playbooksFile;
        QFile pbFile(pbPath);
        PlaybooksParse playbooks;
        PlaybookScope scope;
        scope.names = m_profile.site;
        if (m_profile.kubernetes.enabled())
            scope.deployments = m_profile.kubernetes.deployments;
        if (m_profile.kafka.enabled())
            scope.consumerGroups = m_profile.kafka.consumerGroups;
        if (pbFile.open(QIODevice::ReadOnly))
            playbooks = parsePlaybooks(pbFile.readAll(), pbPath == u":/playbooks.json"_s ? u"playbooks.json"_s : pbPath,
                                       scope);
        else
            playbooks.errors << pbPath + u": "_s + pbFile.errorString();
        connect(m_prometheus, &PrometheusClient::answered, m_models.playbooks, &PlaybookBoard::applyAnswer);
        connect(m_models.playbooks, &PlaybookBoard::requested, m_prometheus, &PrometheusClient::submit);
        m_models.playbooks->start(m_profile.prometheus.refreshMs, playbooks.playbooks, playbooks.errors.join(u"; "_s));
    }
    // Queued after start(): the first requests find the client ready.
    m_models.metrics->start(m_profile.prometheus.scrapeIntervalS, m_profile.prometheus.refreshMs, rules.rules,
                            rules.errors.join(u"; "_s), m_profile.site, m_profile.slo);
}

void ConsoleSession::startKafka()
{
    KafkaFeed::registerMetaTypes();
    m_kafka = new KafkaFeed(m_profile.kafka);
    runOnOwnThread(m_kafka, "kafka-feed");
    // The tail has a consumer of its own on a thread of its own: a burst of events never
    // delays a lag refresh, and a slow refresh never stalls the tail.
    auto *tail = new KafkaTail(m_profile.kafka);
    runOnOwnThread(tail, "kafka-tail");
    connect(m_kafka, &KafkaFeed::healthChanged, this, &ConsoleSession::onKafkaHealth);
    connect(m_kafka, &KafkaFeed::snapshotReady, m_models.kafka, &KafkaLagStore::apply);
    if (m_models.kafkaTail) {
        connect(tail, &KafkaTail::eventsReady, m_models.kafkaTail, &EventTailModel::append);
        connect(tail, &KafkaTail::failed, m_models.kafkaTail, &EventTailModel::setProblem);
    }
    m_kafkaHealth.feed = FeedKind::Kafka;
    ensureStalenessClock();
    QMetaObject::invokeMethod(m_kafka, &KafkaFeed::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(tail, &KafkaTail::start, Qt::QueuedConnection);
    // The repairs (offset resets, partitions) and the scale preview's capacity check: a client of
    // their own, built on first use, so a slow repair never holds a lag refresh.
    KafkaAdminClient::registerMetaTypes();
    registerKafkaActionMetaTypes();
    m_kafkaAdmin = new KafkaAdminClient(m_profile.kafka, m_profile.readOnly);
    runOnOwnThread(m_kafkaAdmin, "kafka-admin");
}

void ConsoleSession::onKafkaHealth(const FeedHealth &health)
{
    m_kafkaHealth = health;
    applyStaleness();
}

void ConsoleSession::onPrometheusHealth(const FeedHealth &health)
{
    m_prometheusHealth = health;
    applyStaleness();
}

void ConsoleSession::attach(KafkaPage *page)
{
    // The all-groups view: its pages are read only while it is open.
    if (page && m_kafka)
        connect(page, &KafkaPage::allGroupsRequested, m_kafka, &KafkaFeed::showAllGroups);
    // Its repairs (offset resets, partitions) through the pipeline; without Kafka the buttons say why.
    if (page)
        new KafkaActionController([this] { return actionContext(); }, page, this);
}

void ConsoleSession::attach(ServicesPage *page)
{
    if (!page)
        return;
    new DeploymentActionController([this] { return actionContext(); }, page, this);
    if (m_kube) {
        // The selected deployment's revisions: asked for by the page, answered to it alone.
        KubeClient *kube = m_kube;
        connect(page, &ServicesPage::historyRequested, this, [kube](const QString &name) {
            QMetaObject::invokeMethod(
                kube, [kube, name] { kube->readRollout(u"services-history:"_s + name, name); }, Qt::QueuedConnection);
        });
        connect(m_kube, &KubeClient::rolloutRead, page, [page](const RolloutHistory &h) {
            if (h.requestId.startsWith(u"services-history:"_s))
                page->showHistory(h);
        });
    }
    LogsPanel *logs = page->logsPanel();
    if (!logs)
        return;
    if (!m_kube || !m_models.logs) {
        logs->setBlocked(u"logs are read through the Kubernetes API server: this profile has no kubernetes section"_s);
        return;
    }
    logs->setBlocked({});
    // In the session's context: a client being abandoned with it gets no more requests.
    KubeClient *kube = m_kube;
    connect(logs, &LogsPanel::requested, this, [kube](const LogRequest &r) {
        QMetaObject::invokeMethod(
            kube, [kube, r] { kube->followLogs(r); }, Qt::QueuedConnection);
    });
    connect(logs, &LogsPanel::stopped, this, [kube](quint64 session) {
        QMetaObject::invokeMethod(
            kube, [kube, session] { kube->stopLogs(session); }, Qt::QueuedConnection);
    });
    connect(m_kube, &KubeClient::logLines, m_models.logs, &LogBuffer::append);
    connect(m_kube, &KubeClient::logStreamState, m_models.logs, &LogBuffer::setStreamState);
}

void ConsoleSession::attach(SagasPage *page)
{
    if (!page)
        return;
    page->setBusinessKeys(m_profile.postgres.businessKeys, m_profile.postgres.instancesTable);
    page->setSavedFilters(m_models.savedFilters);
    // The repair buttons go through the action pipeline of this session's profile.
    new SagaActionController(actionContext(), page, this);
    if (!m_sagaQueries)
        return;
    connect(page, &SagasPage::detailRequested, m_sagaQueries, &SagaQueryWorker::fetchDetail);
    connect(m_sagaQueries, &SagaQueryWorker::detailReady, page, &SagasPage::showDetail);
    connect(m_sagaQueries, &SagaQueryWorker::detailFailed, page, &SagasPage::showDetailError);
}

void ConsoleSession::attach(MetricsPage *page)
{
    if (!page || !m_models.silences)
        return;
    ensureAuditWriter(); // a silence is audited also where no other action is configured
    new AlertSilenceController([this] { return actionContext(); }, m_models.silences, page, this);
}

void ConsoleSession::attach(PlaybooksPage *page)
{
    // Remedies go through the same pipeline as the Sagas and Services pages' buttons.
    if (page)
        new PlaybookActionController([this] { return actionContext(); }, page, this);
}

void ConsoleSession::onPostgresHealth(const FeedHealth &health)
{
    m_postgresHealth = health;
    applyStaleness();
}

void ConsoleSession::applyStaleness()
{
    // A feed blocked on a hung server reports nothing: the clock here notices instead.
    if (m_postgres)
        m_models.health->update(
            withStaleness(m_postgresHealth, QDateTime::currentDateTimeUtc(), m_profile.postgres.refreshMs));
    if (m_prometheus)
        m_models.health->update(
            withStaleness(m_prometheusHealth, QDateTime::currentDateTimeUtc(), m_profile.prometheus.refreshMs));
    if (m_kafka)
        m_models.health->update(
            withStaleness(m_kafkaHealth, QDateTime::currentDateTimeUtc(), m_profile.kafka.refreshMs));
    if (m_kube)
        m_models.health->update(withStaleness(m_kubeHealth, QDateTime::currentDateTimeUtc(), m_kube->refreshMs()));
}

} // namespace sagadeck
