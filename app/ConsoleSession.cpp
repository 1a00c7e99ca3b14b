#include "ConsoleSession.h"

#include "FeedHealthModel.h"
#include "PostgresFeed.h"
#include "SagaQueryWorker.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "SagasPage.h"

#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kStopWaitMs = 3000;

QString notConfigured(const QString &section, const QString &disabledReason, const QString &profile)
{
    return disabledReason.isEmpty()
        ? u"not configured: profile '%1' has no %2 settings"_s.arg(profile, section)
        : disabledReason;
}
} // namespace

ConsoleSession::ConsoleSession(const Profile &profile, const ConsoleModels &models, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_models(models)
{
    PostgresFeed::registerMetaTypes();
}

ConsoleSession::~ConsoleSession()
{
    for (const FeedThread &ft : std::as_const(m_threads)) {
        QMetaObject::invokeMethod(ft.feed, "stop", Qt::QueuedConnection);
        ft.thread->quit();
    }
    for (const FeedThread &ft : std::as_const(m_threads)) {
        if (!ft.thread->wait(kStopWaitMs)) {
            // Blocked in a call to a hung server: let it go rather than hang the console.
            qWarning("sagadeck: a feed thread did not stop within %d ms; abandoning it", kStopWaitMs);
            ft.thread->setParent(nullptr);
            continue;
        }
        delete ft.thread;
    }
}

QThread *ConsoleSession::runOnOwnThread(QObject *feed, const char *name)
{
    auto *thread = new QThread(this);
    thread->setObjectName(QString::fromLatin1(name));
    feed->moveToThread(thread);
    connect(thread, &QThread::finished, feed, &QObject::deleteLater);
    m_threads.append({feed, thread});
    thread->start();
    return thread;
}

void ConsoleSession::start()
{
    const QString name = m_profile.name;
    if (m_profile.postgres.enabled())
        startPostgres();
    else
        reportDisabled(FeedKind::Postgres, notConfigured(u"postgres"_s, m_profile.postgres.disabledReason, name));
    // The other feeds arrive with their own pages; until then say why they are not running.
    struct Pending
    {
        FeedKind kind;
        QString section;
        bool enabled;
        QString disabledReason;
    };
    const Pending pending[] = {
        {FeedKind::Kafka, u"kafka"_s, m_profile.kafka.enabled(), m_profile.kafka.disabledReason},
        {FeedKind::Prometheus, u"prometheus"_s, m_profile.prometheus.enabled(), m_profile.prometheus.disabledReason},
        {FeedKind::Kubernetes, u"kubernetes"_s, m_profile.kubernetes.enabled(), m_profile.kubernetes.disabledReason},
        {FeedKind::Orchestrator, u"orchestrator"_s, m_profile.orchestrator.enabled(), m_profile.orchestrator.disabledReason},
    };
    for (const Pending &p : pending)
        reportDisabled(p.kind, p.enabled ? u"configured; the %1 feed is not part of this build yet"_s.arg(p.section)
                                         : notConfigured(p.section, p.disabledReason, name));
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
    // Feed -> models: queued, values only.
    connect(m_postgres, &PostgresFeed::healthChanged, this, &ConsoleSession::onPostgresHealth);
    connect(m_postgres, &PostgresFeed::summaryReady, m_models.sagaSummary, &SagaSummaryStore::setSummary);
    connect(m_postgres, &PostgresFeed::sagasChanged, m_models.sagas, &SagaTableModel::applyChanges);
    connect(m_postgres, &PostgresFeed::resynced, m_models.sagas, &SagaTableModel::reload);
    connect(m_sagaQueries, &SagaQueryWorker::pageReady, m_models.sagas, &SagaTableModel::applyPage);
    connect(m_sagaQueries, &SagaQueryWorker::pageFailed, m_models.sagas, &SagaTableModel::applyPageError);
    connect(m_sagaCounts, &SagaQueryWorker::pageFailed, m_models.sagas, &SagaTableModel::applyPageError);
    connect(m_sagaCounts, &SagaQueryWorker::countReady, m_models.sagas, &SagaTableModel::applyCount);
    connect(m_sagaAnchors, &SagaQueryWorker::anchorsReady, m_models.sagas, &SagaTableModel::applyAnchors);
    // Model -> worker: its page, count and anchor requests.
    connect(m_models.sagas, &SagaTableModel::pageRequested, m_sagaQueries, &SagaQueryWorker::fetchPage);
    connect(m_models.sagas, &SagaTableModel::countRequested, m_sagaCounts, &SagaQueryWorker::fetchCount);
    connect(m_models.sagas, &SagaTableModel::anchorsRequested, m_sagaAnchors, &SagaQueryWorker::fetchAnchors);

    m_postgresHealth.feed = FeedKind::Postgres;
    m_staleness = new QTimer(this);
    m_staleness->setInterval(1000);
    connect(m_staleness, &QTimer::timeout, this, &ConsoleSession::applyStaleness);
    m_staleness->start();
    QMetaObject::invokeMethod(m_postgres, &PostgresFeed::start, Qt::QueuedConnection);
}

void ConsoleSession::attach(SagasPage *page)
{
    if (!m_sagaQueries)
        return;
    connect(page, &SagasPage::detailRequested, m_sagaQueries, &SagaQueryWorker::fetchDetail);
    connect(m_sagaQueries, &SagaQueryWorker::detailReady, page, &SagasPage::showDetail);
    connect(m_sagaQueries, &SagaQueryWorker::detailFailed, page, &SagasPage::showDetailError);
}

void ConsoleSession::onPostgresHealth(const FeedHealth &health)
{
    m_postgresHealth = health;
    applyStaleness();
}

void ConsoleSession::applyStaleness()
{
    // A feed blocked on a hung server reports nothing: the clock here notices instead.
    m_models.health->update(withStaleness(m_postgresHealth, QDateTime::currentDateTimeUtc(),
                                          m_profile.postgres.refreshMs));
}

} // namespace sagadeck
