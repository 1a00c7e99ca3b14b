#include "ConsoleApp.h"

#include "ActionTracker.h"
#include "AlertSilence.h"
#include "AlertTableModel.h"
#include "DeepLink.h"
#include "SavedFilterFile.h"
#include "SilenceStateFile.h"

#include "EventTailModel.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "DatabaseActivityStore.h"
#include "DeploymentTableModel.h"
#include "LogBuffer.h"
#include "PodTableModel.h"
#include "KafkaLagStore.h"
#include "LagBackfill.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "PlaybookBoard.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "SagasPage.h"
#include "StatePaths.h"
#include "TeamTrail.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <memory>
#include <utility>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kSilenceRereadMs = 15000;
constexpr int kLinkAnswerMs = 8000; // a link's saga on screen, or the asking process is told why not
} // namespace

ConsoleApp::ConsoleApp(const CommandLineOptions &options, QObject *parent)
    : QObject(parent)
    , m_tracker(std::make_unique<ActionTracker>())
{
    connect(m_tracker.get(), &ActionTracker::runningChanged, this, &ConsoleApp::onActionsRunning);
    m_models.health = new FeedHealthModel(this);
    m_models.sagas = new SagaTableModel(this);
    m_models.sagaSummary = new SagaSummaryStore(this);
    m_models.metrics = new MetricsDashboard(this);
    m_models.kafka = new KafkaLagStore(this);
    m_models.lagBackfill = new LagBackfill(m_models.kafka, this);
    m_models.deployments = new DeploymentTableModel(this);
    m_models.pods = new PodTableModel(this);
    m_models.logs = new LogBuffer(5000, this);
    m_models.kafkaTail = new EventTailModel(500, this);
    m_models.timeline = new IncidentTimeline(this);
    m_models.playbooks = new PlaybookBoard(m_models.metrics, this);
    m_models.database = new DatabaseActivityStore(this);
    // Silences: in memory on the GUI thread, in the profile's state file on "console-state".
    m_models.silences = new AlertSilences(this);
    m_models.metrics->alerts()->setSilences(m_models.silences);
    m_stateThread = new QThread(this);
    m_stateThread->setObjectName(u"console-state"_s);
    m_silenceState = new SilenceStateFile(StatePaths().stateDir());
    m_silenceState->moveToThread(m_stateThread);
    connect(m_stateThread, &QThread::finished, m_silenceState, &QObject::deleteLater);
    connect(m_silenceState, &SilenceStateFile::stored, m_models.silences,
            [silences = m_models.silences](quint64, const QString &profile, const QVector<AlertSilence> &list,
                                           const QString &error) {
                if (!error.isEmpty())
                    qWarning("sagadeck: alert silences of profile %s: %s", qPrintable(profile), qPrintable(error));
                else if (profile == silences->profile())
                    silences->replace(list); // what the file holds (another console's silences too)
            });
    m_models.savedFilters = new SavedFilterList(this);
    m_models.team = new TeamTrail(QString(), this);
    m_savedFilterFile = new SavedFilterFile(StatePaths().stateDir());
    m_savedFilterFile->moveToThread(m_stateThread);
    connect(m_stateThread, &QThread::finished, m_savedFilterFile, &QObject::deleteLater);
    connect(m_savedFilterFile, &SavedFilterFile::stored, m_models.savedFilters, &SavedFilterList::applyStored);
    connect(m_models.savedFilters, &SavedFilterList::saveRequested, m_savedFilterFile, &SavedFilterFile::save);
    connect(m_models.savedFilters, &SavedFilterList::removeRequested, m_savedFilterFile, &SavedFilterFile::remove);
    m_stateThread->start();
    // Another console of this user on this profile (a wall beside a desk) may silence too: the
    // file is read again now and then, off the GUI thread; an unchanged answer changes nothing.
    auto *reread = new QTimer(this);
    reread->setInterval(kSilenceRereadMs);
    connect(reread, &QTimer::timeout, this, [this] {
        if (!m_models.silences->profile().isEmpty())
            QMetaObject::invokeMethod(m_silenceState, "load", Qt::QueuedConnection,
                                      Q_ARG(QString, m_models.silences->profile()));
    });
    reread->start();
    // Alert transitions outlive sessions in the dashboard; the timeline marks each as it happens.
    connect(m_models.metrics, &MetricsDashboard::transitionOccurred, m_models.timeline,
            &IncidentTimeline::addAlertTransition);

    m_forceReadOnly = options.readOnly;
    m_display.warRoom = options.warRoom;
    m_display.rotateS = options.rotateS > 0 ? options.rotateS
                                            : QSettings().value(QStringLiteral("ui/rotate_s"), 0).toInt();
    const QString theme = options.theme.isEmpty() ? QSettings().value(QStringLiteral("ui/theme")).toString()
                                                  : options.theme;
    m_display.theme = themeFromName(theme).value_or(ThemeId::Light);
    m_baseFont = QApplication::font();
    applyDisplay();

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
    context.pods = m_models.pods;
    context.logs = m_models.logs;
    context.kafkaTail = m_models.kafkaTail;
    context.timeline = m_models.timeline;
    context.playbooks = m_models.playbooks;
    context.database = m_models.database;
    context.team = m_models.team;
    context.kafkaTopic = profile ? profile->kafka.sagaTopic : KafkaSettings().sagaTopic;
    context.auditLogPath = StatePaths().auditLogPath();
    for (const Profile &p : std::as_const(m_profiles.profiles))
        context.profileNames << p.name;
    m_windowContext = context;
    buildWindow(profile ? profile->name : QString());

    if (profile) {
        startSession(*profile);
    } else {
        // No session: every feed stays Disabled, with the reason where people look.
        const QString why = m_problems.isEmpty() ? u"no connection profile loaded"_s : m_problems.first();
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
    // While the session's audit writer still runs: what could not be verified is said so.
    m_tracker->abandonAll(u"the console ended before it could verify"_s);
    m_session.reset(); // stop the feeds before the models they feed go away
    m_window.reset();
    // Queued behind the state writes still waiting, so none of them is lost; they are small.
    QMetaObject::invokeMethod(
        m_silenceState, [thread = m_stateThread] { thread->quit(); }, Qt::QueuedConnection);
    if (!m_stateThread->wait(5000))
        qWarning("sagadeck: the console-state thread did not stop in time");
    // The type is the application's: the next console in this process starts from the same base,
    // not from ours (a second war-room console would otherwise make its type 1.5 × 1.5).
    QApplication::setFont(m_baseFont);
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
}

Profile ConsoleApp::forDisplay(Profile p) const
{
    // --read-only and the war-room hold for every profile of this run, also after switching.
    if (m_display.warRoom) {
        p.readOnly = true;
        p.readOnlyWhy = u"the war-room display is read-only: no action may leave the console "
                        u"(leave war-room mode with F11 or Esc to act)"_s;
    } else if (m_forceReadOnly) {
        p.readOnly = true;
        p.readOnlyWhy = u"--read-only: no mutating request may leave the console"_s;
    }
    return p;
}

void ConsoleApp::startSession(const Profile &profile)
{
    m_session = std::make_unique<ConsoleSession>(forDisplay(profile), m_models);
    m_session->setActionTracker(m_tracker.get());
    m_session->setSilenceState(m_silenceState);
    m_models.team->setProfile(profile.name);
    if (m_models.savedFilters->profile() != profile.name) {
        m_models.savedFilters->setProfile(profile.name);
        QMetaObject::invokeMethod(m_savedFilterFile, "load", Qt::QueuedConnection, Q_ARG(QString, profile.name));
    }
    if (m_models.silences->profile() != profile.name) {
        // The profile's silences, read off the GUI thread (a rebuild keeps the ones in memory).
        m_models.silences->setProfile(profile.name);
        QMetaObject::invokeMethod(m_silenceState, "load", Qt::QueuedConnection, Q_ARG(QString, profile.name));
    }
    m_session->start();
    m_session->attach(m_window->sagasPage());
    m_session->attach(m_window->servicesPage());
    m_session->attach(m_window->playbooksPage());
    m_session->attach(m_window->kafkaPage());
    m_session->attach(m_window->metricsPage());
    m_session->attach(m_window->databasePage());
    m_window->setEscalation(profile.contacts, profile.dashboards);
}

void ConsoleApp::applyDisplay()
{
    // The war-room always uses the high-contrast theme and type readable across a room.
    applyTheme(m_display.warRoom ? ThemeId::HighContrast : m_display.theme);
    QFont font = m_baseFont;
    if (m_display.warRoom)
        font.setPointSizeF(font.pointSizeF() * 1.5);
    QApplication::setFont(font);
}

void ConsoleApp::buildWindow(const QString &profileName)
{
    MainWindow::Context context = m_windowContext;
    context.profileName = profileName;
    context.profileProblems = m_problems.join(u'\n');
    context.theme = m_display.theme;
    context.warRoom = m_display.warRoom;
    for (const Profile &p : std::as_const(m_profiles.profiles))
        context.production = context.production || (p.name == profileName && p.production);
    context.rotateS = m_display.rotateS;
    m_window = std::make_unique<MainWindow>(context);
    connect(m_window.get(), &MainWindow::profileSwitchRequested, this, &ConsoleApp::switchProfile);
    connect(m_window.get(), &MainWindow::themeRequested, this, &ConsoleApp::setTheme);
    connect(m_window.get(), &MainWindow::warRoomRequested, this, &ConsoleApp::setWarRoom);
    connect(m_window.get(), &MainWindow::rotationRequested, this, &ConsoleApp::setRotation);
    m_window->installEventFilter(this);
    showActionsNotice();
}

void ConsoleApp::showWindow()
{
    if (m_display.warRoom)
        m_window->showFullScreen();
    else
        m_window->showNormal();
}

void ConsoleApp::openSaga(const QUuid &id, const std::function<void(const QString &)> &reply)
{
    const QString idText = id.toString(QUuid::WithoutBraces);
    SagasPage *page = m_window ? m_window->sagasPage() : nullptr;
    if (!page) {
        reply(u"opened %1: this console shows no sagas (profile '%2' has no Postgres)"_s.arg(idText, profileName()));
        return;
    }
    m_window->showPage(u"sagas"_s);
    if (m_window->isMinimized())
        m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
    // One answer: the first of shown, not shown, or the deadline; the page may be rebuilt meanwhile.
    auto *pending = new QObject(page);
    auto answered = std::make_shared<bool>(false);
    auto answer = [pending, answered, reply](const QString &line) {
        if (std::exchange(*answered, true))
            return;
        reply(line);
        pending->deleteLater();
    };
    connect(page, &SagasPage::focusedSagaShown, pending, [=](const QUuid &shown, const QString &status) {
        if (shown == id)
            answer(u"shown %1 %2"_s.arg(idText, status));
    });
    connect(page, &SagasPage::focusedSagaNotShown, pending, [=](const QUuid &shownId, const QString &why) {
        if (shownId == id)
            answer(u"opened %1: %2"_s.arg(idText, why));
    });
    QTimer::singleShot(kLinkAnswerMs, pending, [=] {
        answer(
            u"opened %1: not on screen within %2 s (is Postgres reachable?)"_s.arg(idText).arg(kLinkAnswerMs / 1000));
    });
    page->focusSaga(id);
}

bool ConsoleApp::listenForLinks(QString *error)
{
    if (m_display.warRoom)
        return true; // the wall shows what the room needs; a link opens a desk's console
    if (!m_links) {
        m_links = new DeepLinkServer(
            [this](const QUuid &id, const DeepLinkServer::Reply &reply) { openSaga(id, reply); }, this);
    }
    return m_links->listen(error);
}

void ConsoleApp::setTheme(ThemeId theme)
{
    QSettings().setValue(QStringLiteral("ui/theme"), themeName(theme));
    if (theme == m_display.theme)
        return;
    whenNoActionRuns(u"the theme changes"_s, [this, theme] {
        m_display.theme = theme;
        rebuild();
    });
}

void ConsoleApp::setWarRoom(bool on)
{
    if (on == m_display.warRoom)
        return;
    whenNoActionRuns(on ? u"the war-room display starts"_s : u"the war-room display ends"_s, [this, on] {
        if (on == m_display.warRoom)
            return;
        m_display.warRoom = on;
        rebuild();
    });
}

void ConsoleApp::setRotation(int seconds)
{
    QSettings().setValue(QStringLiteral("ui/rotate_s"), seconds);
    m_display.rotateS = seconds;
    if (m_display.warRoom)
        whenNoActionRuns(u"the rotation changes"_s, [this] { rebuild(); });
}

void ConsoleApp::rebuild()
{
    // Fonts, palettes and charts are fixed when widgets are built, and the session's clients
    // carry read-only at the transport: so both are built anew. The models (and what they
    // hold) stay; the new session refreshes them.
    const QString page = m_window->currentPageId();
    const QString profile = profileName();
    const bool visible = m_window->isVisible();
    m_session.reset();
    m_window.release()->deleteLater(); // it may be the sender of this request
    applyDisplay();
    buildWindow(profile);
    QString error;
    if (const std::optional<Profile> p = profile.isEmpty() ? std::nullopt
                                                           : ProfileStore::select(m_profiles, profile, &error))
        startSession(*p);
    m_window->showPage(page);
    if (visible)
        showWindow();
}

void ConsoleApp::resetModels()
{
    m_models.sagaSummary->clear();
    m_models.metrics->clear();
    m_models.kafka->clear();
    m_models.lagBackfill->reset();
    m_models.deployments->clear();
    m_models.pods->clear();
    m_models.logs->end();
    m_models.kafkaTail->clear();
    m_models.timeline->clear();
    m_models.playbooks->clear();
    m_models.database->clear();
    m_models.silences->clear(); // the next profile's are loaded when its session starts
    m_models.sagas->reload();
}

void ConsoleApp::switchProfile(const QString &name)
{
    if (m_session && m_session->profile().name == name)
        return;
    if (m_tracker->running() > 0)
        return whenNoActionRuns(u"the profile switches to '%1'"_s.arg(name), [this, name] { switchProfile(name); });
    QString error;
    const std::optional<Profile> profile = ProfileStore::select(m_profiles, name, &error);
    if (!profile) {
        m_window->setProfile(profileName(), error);
        return;
    }
    m_session.reset();
    resetModels();
    startSession(*profile);
    m_window->setProfile(profile->name, m_problems.join(u'\n'));
    m_models.sagas->reload();
}

void ConsoleApp::whenNoActionRuns(const QString &what, const std::function<void()> &change)
{
    if (m_tracker->running() == 0)
        return change();
    m_deferred.append(change);
    m_deferredWhat.append(what);
    showActionsNotice();
}

void ConsoleApp::onActionsRunning(int count)
{
    showActionsNotice();
    if (count > 0)
        return;
    // Not from inside the pipeline that just ended: a rebuild replaces the pages listening to it.
    QTimer::singleShot(0, this, [this] {
        if (m_tracker->running() > 0)
            return;
        const QVector<std::function<void()>> deferred = std::exchange(m_deferred, {});
        m_deferredWhat.clear();
        for (const std::function<void()> &change : deferred)
            change();
        if (std::exchange(m_closeWhenIdle, false) && m_window)
            m_window->close();
        showActionsNotice();
    });
}

void ConsoleApp::showActionsNotice()
{
    if (!m_window)
        return;
    QString text = m_tracker->runningText();
    if (!text.isEmpty() && !m_deferredWhat.isEmpty())
        text += u" — "_s + m_deferredWhat.join(u", "_s) + u" when it has ended"_s;
    if (!text.isEmpty() && m_closeWhenIdle)
        text += u" — the console closes when it has ended (close again to quit now: its outcome will be unknown)"_s;
    m_window->showActionsNotice(text);
}

bool ConsoleApp::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window.get() && event->type() == QEvent::Close && m_tracker->running() > 0) {
        if (!m_closeWhenIdle) {
            // The first close waits for the running actions to verify.
            m_closeWhenIdle = true;
            event->ignore();
            showActionsNotice();
            return true;
        }
        // The second one quits now; what is open is written down as unknown first.
        m_tracker->abandonAll(u"the console was closed before it could verify"_s);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace sagadeck
