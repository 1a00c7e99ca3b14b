#pragma once

#include "CommandLineOptions.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "ProfileStore.h"

#include <QFont>
#include <QObject>

class QThread;

#include <functional>
#include <memory>

namespace sagadeck {

class ActionTracker;
class SilenceStateFile;
class SavedFilterFile;
class DeepLinkServer;
class FeedHealthModel;
class MainWindow;
class SagaSummaryStore;
class SagaTableModel;

// The composition root: reads the profiles, owns the models and the main window, and runs
// one ConsoleSession for the chosen profile (a new one on every profile switch).
//
// Running operator actions outlive the screen: they belong to the ActionTracker, not to a
// page, and their session's clients must stay up until they have verified. So a theme change,
// F11 or a profile switch asked for while an action runs waits for it (the status bar says "1
// action running …"), and closing the window waits too; closing again quits at once, and the
// open actions get the outcome "unknown: the console ended before it could verify".
class ConsoleApp : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleApp(const CommandLineOptions &options, QObject *parent = nullptr);
    ~ConsoleApp() override;

    MainWindow *window() const { return m_window.get(); }
    const ConsoleModels &models() const { return m_models; }
    ActionTracker *actions() const { return m_tracker.get(); }
    QString profileName() const;
    // The profile of the running session; null when none is loaded.
    const Profile *activeProfile() const;
    // What went wrong with the profiles file or the chosen profile, for stderr and the UI.
    QStringList problems() const { return m_problems; }

    void switchProfile(const QString &name);
    void setTheme(ThemeId theme);
    // The war-room display: full screen, high contrast, large type, read-only.
    void setWarRoom(bool on);
    // Seconds between pages on the war-room display (0 off); remembered like the theme.
    void setRotation(int seconds);
    int rotation() const { return m_display.rotateS; }
    bool warRoom() const { return m_display.warRoom; }
    ThemeId theme() const { return m_display.theme; }
    // Shows the window as the display mode wants it (full screen in the war-room).
    void showWindow();
    // Shows the saga on the Sagas page and raises the window; `reply` gets one line: "shown <id>
    // <STATUS>" once its detail is on screen, else "opened <id>: <why not>".
    void openSaga(const QUuid &id, const std::function<void(const QString &)> &reply);
    // Answers `sagadeck --saga` / sagadeck:// links of this user (not on the war-room wall);
    // false with the reason when another console answers them.
    bool listenForLinks(QString *error);

private:
    void loadProfiles(const CommandLineOptions &options);
    void resetModels();
    Profile forDisplay(Profile profile) const;
    void startSession(const Profile &profile);
    void applyDisplay();
    void buildWindow(const QString &profileName);
    void rebuild();
    // Runs `change` now, or once no action runs any more (saying so meanwhile).
    void whenNoActionRuns(const QString &what, const std::function<void()> &change);
    void onActionsRunning(int count);
    void showActionsNotice();
    bool eventFilter(QObject *watched, QEvent *event) override;

    struct Display
    {
        ThemeId theme = ThemeId::Light;
        bool warRoom = false;
        int rotateS = 0;
    };
    Display m_display;
    bool m_forceReadOnly = false;
    QFont m_baseFont;
    MainWindow::Context m_windowContext; // what every window is built from

    ProfileLoadResult m_profiles;
    QStringList m_problems;
    ConsoleModels m_models;
    std::unique_ptr<ActionTracker> m_tracker; // outlives every session and window
    // The per-profile state file (alert silences) on its own thread "console-state", for the
    // process's life: a write queued just before a rebuild or profile switch is not lost.
    QThread *m_stateThread = nullptr;
    SilenceStateFile *m_silenceState = nullptr;
    SavedFilterFile *m_savedFilterFile = nullptr; // the Sagas page's saved filters, on "console-state"
    QVector<std::function<void()>> m_deferred;    // changes waiting for the running actions
    QStringList m_deferredWhat;
    bool m_closeWhenIdle = false;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    DeepLinkServer *m_links = nullptr;
};

} // namespace sagadeck
