#pragma once

#include "Profile.h"
#include "Theme.h"

#include <QMainWindow>
#include <QUuid>
#include <QVector>

class QListWidget;
class QStackedWidget;
class QComboBox;
class QLabel;

namespace sagadeck {

class FeedHealthModel;
class TeamTrail;
class TeamActivityLabel;
class FeedHealthIndicator;
class EventTailModel;
class KafkaLagStore;
class LagBackfill;
class KafkaPage;
class ServicesPage;
class PodTableModel;
class LogBuffer;
class OverviewPage;
class AuditPage;
class DatabaseActivityStore;
class DatabasePage;
class DeploymentTableModel;
class MetricsDashboard;
class MetricsPage;
class IncidentTimeline;
class TimelinePage;
class PlaybookBoard;
class PlaybooksPage;
class SagaSummaryStore;
class SagaTableModel;
class SagasPage;
class FeedAlarmBanner;
class PageRotator;
class WarRoomBar;
class WarRoomWall;

// Hosts the pages and the global chrome (navigation, menus, feed health in the status bar).
// Page content lives in one class per page; nothing here talks to a server.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Context
    {
        FeedHealthModel *health = nullptr;
        SagaTableModel *sagas = nullptr; // with sagaSummary: the live Sagas page
        SagaSummaryStore *sagaSummary = nullptr;
        MetricsDashboard *metrics = nullptr;         // the live Metrics page
        KafkaLagStore *kafka = nullptr;              // with kafkaTail: the live Kafka page
        LagBackfill *lagBackfill = nullptr;          // optional: the lag chart's older history
        DeploymentTableModel *deployments = nullptr; // the Services page
        PodTableModel *pods = nullptr;               // with deployments: the Services page's pods
        LogBuffer *logs = nullptr;                   // with deployments: the Services page's logs panel
        EventTailModel *kafkaTail = nullptr;
        PlaybookBoard *playbooks = nullptr;   // the Playbooks page (with metrics, kafka)
        IncidentTimeline *timeline = nullptr; // the Timeline page (with auditLogPath)
        QString kafkaTopic;                   // the saga topic the tail reads
        QStringList profileNames;             // for the switcher
        QString profileName;                  // empty: no profile loaded
        QString profileProblems;              // what was wrong with the profiles file
        QString auditLogPath;
        ThemeId theme = ThemeId::Light; // as applied by the app (see applyTheme)
        bool warRoom = false;           // the wall display: see buildWarRoom
        bool production = false;        // the profile says production: unsafe transports are warned of
        int rotateS = 0;                // war-room page rotation; 0 off
        // The Database page.
        DatabaseActivityStore *database = nullptr;
        // Everyone's actions (the team trail): the Audit page, the timeline, the status bar.
        TeamTrail *team = nullptr;
    };

    explicit MainWindow(const Context &context, QWidget *parent = nullptr);

    int pageCount() const;
    QString currentPageId() const;
    QWidget *page(const QString &id) const;
    const QVector<FeedHealthIndicator *> &healthIndicators() const { return m_indicators; }
    SagasPage *sagasPage() const { return m_sagasPage; }
    MetricsPage *metricsPage() const { return m_metricsPage; }
    KafkaPage *kafkaPage() const { return m_kafkaPage; }
    ServicesPage *servicesPage() const { return m_servicesPage; }
    OverviewPage *overviewPage() const { return m_overviewPage; }
    // The war-room display's overview (its overviewPage() decides the verdicts); null off the wall.
    WarRoomWall *warRoomWall() const { return m_wall; }
    AuditPage *auditPage() const { return m_auditPage; }
    TimelinePage *timelinePage() const { return m_timelinePage; }
    PlaybooksPage *playbooksPage() const { return m_playbooksPage; }
    DatabasePage *databasePage() const { return m_databasePage; }
    QString profileText() const;
    TeamActivityLabel *teamActivity() const { return m_teamActivity; }
    bool warRoom() const { return m_warRoomBar != nullptr; }
    WarRoomBar *warRoomBar() const { return m_warRoomBar; }
    FeedAlarmBanner *alarmBanner() const { return m_alarmBanner; }
    // The production profile's warning about plaintext or unverified connections.
    QLabel *transportNotice() const { return m_transportNotice; }
    PageRotator *rotator() const { return m_rotator; }

public slots:
    // Switches to the page with this id (see pageCatalog()); false if there is none.
    bool showPage(const QString &id);
    // Opens the Sagas page on one saga (from anywhere a saga id is shown).
    void showSaga(const QUuid &id);
    void setProfile(const QString &name, const QString &problems);
    // The profile's escalation path and dashboards, for the overview, the wall and the playbooks.
    void setEscalation(const QVector<EscalationContact> &contacts, const QVector<DashboardLink> &dashboards);
    // "1 action running (restart payment-service) — the theme changes when it has ended";
    // empty hides it.
    void showActionsNotice(const QString &text);

public:
    QString actionsNotice() const;

signals:
    void profileSwitchRequested(const QString &name);
    // The app rebuilds the window for these (fonts, palettes and charts are set at build).
    void themeRequested(sagadeck::ThemeId theme);
    void warRoomRequested(bool on);
    void rotationRequested(int seconds); // the war-room's page rotation; 0 off

private:
    void buildPages(const Context &context);
    void buildMenus(const Context &context);
    void buildWarRoom(const Context &context, QWidget *header, QLayout *central);
    void buildStatusBar(FeedHealthModel *health);
    void showAbout();

    QListWidget *m_nav;
    QStackedWidget *m_stack;
    QLabel *m_profileLabel;
    QComboBox *m_profileSwitcher = nullptr;
    SagasPage *m_sagasPage = nullptr;
    MetricsPage *m_metricsPage = nullptr;
    KafkaPage *m_kafkaPage = nullptr;
    ServicesPage *m_servicesPage = nullptr;
    OverviewPage *m_overviewPage = nullptr;
    WarRoomWall *m_wall = nullptr;
    AuditPage *m_auditPage = nullptr;
    TimelinePage *m_timelinePage = nullptr;
    PlaybooksPage *m_playbooksPage = nullptr;
    DatabasePage *m_databasePage = nullptr;
    QVector<FeedHealthIndicator *> m_indicators;
    TeamActivityLabel *m_teamActivity = nullptr;
    WarRoomBar *m_warRoomBar = nullptr;
    FeedAlarmBanner *m_alarmBanner = nullptr;
    PageRotator *m_rotator = nullptr;
    QLabel *m_actionsNotice = nullptr;
    QLabel *m_transportNotice = nullptr;
};

} // namespace sagadeck
