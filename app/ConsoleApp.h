#pragma once

#include "CommandLineOptions.h"
#include "ConsoleSession.h"
#include "ProfileStore.h"

#include <QObject>

#include <memory>

namespace sagadeck {

class FeedHealthModel;
class MainWindow;
class SagaSummaryStore;
class SagaTableModel;

// The composition root: reads the profiles, owns the models and the main window, and runs
// one ConsoleSession for the chosen profile (a new one on every profile switch).
class ConsoleApp : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleApp(const CommandLineOptions &options, QObject *parent = nullptr);
    ~ConsoleApp() override;

    MainWindow *window() const { return m_window.get(); }
    const ConsoleModels &models() const { return m_models; }
    QString profileName() const;
    // The profile of the running session; null when none is loaded.
    const Profile *activeProfile() const;
    // What went wrong with the profiles file or the chosen profile, for stderr and the UI.
    QStringList problems() const { return m_problems; }

    void switchProfile(const QString &name);

private:
    void loadProfiles(const CommandLineOptions &options);
    void resetModels();

    ProfileLoadResult m_profiles;
    QStringList m_problems;
    ConsoleModels m_models;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace sagadeck
