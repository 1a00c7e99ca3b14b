#include "ConsoleApp.h"

#include "EventTailModel.h"
#include "FeedHealthModel.h"
#include "DeploymentTableModel.h"
#include "KafkaLagStore.h"
#include "LagBackfill.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "SagasPage.h"
#include "StatePaths.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace sagadeck {

ConsoleApp::ConsoleApp(const CommandLineOptions &options, QObject *parent)
    : QObject(parent)
{
    m_models.health = new FeedHealthModel(this);
    m_models.sagas = new SagaTableModel(this);
    m_models.sagaSummary = new SagaSummaryStore(this);
    m_models.metrics = new MetricsDashboard(this);
    m_models.kafka = new KafkaLagStore(this);
    m_models.lagBackfill = new LagBackfill(m_models.kafka, this);
    m_models.deployments = new DeploymentTableModel(this);
    m_models.kafkaTail = new EventTailModel(500, this);

    loadProfiles(options);
    QString selectError;
    const std::optional<Profile> profile = m_profiles.profiles.isEmpty() && m_profiles.rejected.isEmpty()
        ? std::nullopt
        : ProfileStore::select(m_profiles, options.profile, &selectError);
    if (!selectError.isEmpty())
        m_problems << selectError;

    MainWindow::Context context;
    context.health = m_models.health;
    context.sagas = m_models.sagas;
    context.sagaSummary = m_models.sagaSummary;
    context.metrics = m_models.metrics;
    context.kafka = m_models.kafka;
    context.lagBackfill = m_models.lagBackfill;
    context.deployments = m_models.deployments;
    context.kafkaTail = m_models.kafkaTail;
    context.kafkaTopic = profile ? profile->kafka.sagaTopic : KafkaSettings().sagaTopic;
    context.auditLogPath = StatePaths().auditLogPath();
    for (const Profile &p : std::as_const(m_profiles.profiles))
        context.profileNames << p.name;
    context.profileName = profile ? profile->name : QString();
    context.profileProblems = m_problems.join(u'\n');
    m_window = std::make_unique<MainWindow>(context);
    connect(m_window.get(), &MainWindow::profileSwitchRequested, this, &ConsoleApp::switchProfile);

    if (profile) {
        m_session = std::make_unique<ConsoleSession>(*profile, m_models);
        m_session->start();
        m_session->attach(m_window->sagasPage());
        m_session->attach(m_window->servicesPage());
    } else {
        // No session: every feed stays Disabled, with the reason where people look.
        const QString why = m_problems.isEmpty() ? u"no connection profile loaded"_s
                                                 : m_problems.first();
        for (FeedKind kind : allFeedKinds) {
            FeedHealth h;
            h.feed = kind;
            h.reason = why;
            m_models.health->update(h);
        }
    }
    m_models.sagas->setFilter({});
}

ConsoleApp::~ConsoleApp()
{
    m_session.reset();   // stop the feeds before the models they feed go away
    m_window.reset();
}

QString ConsoleApp::profileName() const
{
    return m_session ? m_session->profile().name : QString();
}

const Profile *ConsoleApp::activeProfile() const
{
    return m_session ? &m_session->profile() : nullptr;
}

void ConsoleApp::loadProfiles(const CommandLineOptions &options)
{
    const QString path = options.configPath.isEmpty() ? ProfileStore::defaultPath() : options.configPath;
    if (options.configPath.isEmpty() && !QFileInfo::exists(path)) {
        m_problems << u"no profiles file at %1 (write one with: stack/stack env --out %1, "
                      u"or pass --config FILE)"_s.arg(path);
        return;
    }
    m_profiles = ProfileStore::load(path);
    m_problems << m_profiles.errors;
    // --read-only holds for every profile of this run, also after switching.
    if (options.readOnly)
        for (Profile &p : m_profiles.profiles)
            p.readOnly = true;
}

void ConsoleApp::resetModels()
{
    m_models.sagaSummary->clear();
    m_models.metrics->clear();
    m_models.kafka->clear();
    m_models.lagBackfill->reset();
    m_models.deployments->clear();
    m_models.kafkaTail->clear();
    m_models.sagas->reload();
}

void ConsoleApp::switchProfile(const QString &name)
{
    if (m_session && m_session->profile().name == name)
        return;
    QString error;
    const std::optional<Profile> profile = ProfileStore::select(m_profiles, name, &error);
    if (!profile) {
        m_window->setProfile(profileName(), error);
        return;
    }
    m_session.reset();
    resetModels();
    m_session = std::make_unique<ConsoleSession>(*profile, m_models);
    m_session->start();
    m_session->attach(m_window->sagasPage());
    m_session->attach(m_window->servicesPage());
    m_window->setProfile(profile->name, m_problems.join(u'\n'));
    m_models.sagas->reload();
}

} // namespace sagadeck
