#include "ConsoleSession.h"

#include "FeedHealthModel.h"
#include "PostgresFeed.h"
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
    reportDisabled(FeedKind::Kafka, m_profile.kafka.enabled()
                                        ? u"configured; the Kafka feed is not part of this build yet"_s
                                        : notConfigured(u"kafka"_s, m_profile.kafka.disabledReason, name));
    reportDisabled(FeedKind::Prometheus, m_profile.prometheus.enabled()
                                             ? u"configured; the Prometheus feed is not part of this build yet"_s
                                             : notConfigured(u"prometheus"_s, m_profile.prometheus.disabledReason, name));
    reportDisabled(FeedKind::Kubernetes, m_profile.kubernetes.enabled()
                                             ? u"configured; the Kubernetes feed is not part of this build yet"_s
                                             : notConfigured(u"kubernetes"_s, m_profile.kubernetes.disabledReason, name));
    reportDisabled(FeedKind::Orchestrator, m_profile.orchestrator.enabled()
                                               ? u"configured; the orchestrator feed is not part of this build yet"_s
                                               : notConfigured(u"orchestrator"_s, m_profile.orchestrator.disabledReason, name));
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
    // Feed -> models: queued, values only.
    connect(m_postgres, &PostgresFeed::healthChanged, this, &ConsoleSession::onPostgresHealth);
    connect(m_postgres, &PostgresFeed::summaryReady, m_models.sagaSummary, &SagaSummaryStore::setSummary);
    connect(m_postgres, &PostgresFeed::sagasChanged, m_models.sagas, &SagaTableModel::applyChanges);
    connect(m_postgres, &PostgresFeed::resynced, m_models.sagas, &SagaTableModel::reload);
    connect(m_postgres, &PostgresFeed::pageReady, m_models.sagas, &SagaTableModel::applyPage);
    connect(m_postgres, &PostgresFeed::pageFailed, m_models.sagas, &SagaTableModel::applyPageError);
    connect(m_postgres, &PostgresFeed::countReady, m_models.sagas, &SagaTableModel::applyCount);
    // Model -> feed: its page and count requests.
    connect(m_models.sagas, &SagaTableModel::pageRequested, m_postgres, &PostgresFeed::fetchPage);
    connect(m_models.sagas, &SagaTableModel::countRequested, m_postgres, &PostgresFeed::fetchCount);

    m_postgresHealth.feed = FeedKind::Postgres;
    m_staleness = new QTimer(this);
    m_staleness->setInterval(1000);
    connect(m_staleness, &QTimer::timeout, this, &ConsoleSession::applyStaleness);
    m_staleness->start();
    QMetaObject::invokeMethod(m_postgres, &PostgresFeed::start, Qt::QueuedConnection);
}

void ConsoleSession::attach(SagasPage *page)
{
    if (!m_postgres)
        return;
    connect(page, &SagasPage::detailRequested, m_postgres, &PostgresFeed::fetchDetail);
    connect(m_postgres, &PostgresFeed::detailReady, page, &SagasPage::showDetail);
    connect(m_postgres, &PostgresFeed::detailFailed, page, &SagasPage::showDetailError);
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
