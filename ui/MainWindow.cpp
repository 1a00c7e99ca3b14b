#include "MainWindow.h"
#include "PlainText.h"

#include "EscalationPanel.h"
#include "FeedAlarmBanner.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "AuditPage.h"
#include "DatabasePage.h"
#include "KafkaPage.h"
#include "OverviewPage.h"
#include "PlaybookDetailPane.h"
#include "ServicesPage.h"
#include "MetricsPage.h"
#include "PageCatalog.h"
#include "PlaceholderPage.h"
#include "PageRotator.h"
#include "PlaybookBoard.h"
#include "SagasPage.h"
#include "TeamActivityLabel.h"
#include "WallActionSource.h"
#include "WarRoomBar.h"
#include "WarRoomWall.h"
#include "TimelinePage.h"
#include "PlaybooksPage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

MainWindow::MainWindow(const Context &context, QWidget *parent)
    : QMainWindow(parent)
    , m_nav(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_profileLabel(new QLabel(this))
{
    Q_ASSERT(context.health);
    setWindowTitle(u"sagadeck"_s);
    setWindowIcon(QIcon(u":/icons/sagadeck.svg"_s));
    resize(1280, 800);

    m_nav->setObjectName(u"navigation"_s);
    m_nav->setFixedWidth(180);
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setStyleSheet(u"QListWidget#navigation { background: palette(alternate-base); }"
                         u"QListWidget#navigation::item { padding: 10px 12px; }"_s);

    m_profileLabel->setObjectName(u"profileLabel"_s);
    m_profileLabel->setTextFormat(Qt::PlainText);

    auto *header = new QWidget(this);
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(12, 6, 12, 6);
    auto *brand = new QLabel(u"sagadeck"_s, header);
    setHeadingFont(brand, 1.3);
    headerLayout->addWidget(brand);
    headerLayout->addStretch(1);
    headerLayout->addWidget(m_profileLabel);
    if (context.profileNames.size() > 1) {
        // Profiles switch like kubeconfig contexts.
        m_profileSwitcher = new QComboBox(header);
        m_profileSwitcher->setObjectName(u"profileSwitcher"_s);
        m_profileSwitcher->addItems(context.profileNames);
        m_profileSwitcher->setCurrentText(context.profileName);
        connect(m_profileSwitcher, &QComboBox::textActivated, this, &MainWindow::profileSwitchRequested);
        headerLayout->addWidget(m_profileSwitcher);
    }
    setProfile(context.profileName, context.profileProblems);

    auto *body = new QWidget(this);
    auto *bodyLayout = new QHBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(0);
    bodyLayout->addWidget(m_nav);
    bodyLayout->addWidget(m_stack, 1);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(header);
    // Running actions and what waits for them: across the window, never cut.
    m_actionsNotice = new QLabel(central);
    m_actionsNotice->setObjectName(u"actionsNotice"_s);
    m_actionsNotice->setTextFormat(Qt::PlainText);
    m_actionsNotice->setWordWrap(true);
    m_actionsNotice->setContentsMargins(12, 4, 12, 4);
    setRole(m_actionsNotice, "notice");
    m_actionsNotice->hide();
    centralLayout->addWidget(m_actionsNotice);
    // A production profile whose data or actions travel in plaintext or over TLS that does not
    // check who answers: said across the window, in the war room too.
    m_transportNotice = new QLabel(central);
    m_transportNotice->setObjectName(u"transportNotice"_s);
    m_transportNotice->setTextFormat(Qt::PlainText);
    m_transportNotice->setWordWrap(true);
    setRole(m_transportNotice, "problem");
    m_transportNotice->hide();
    centralLayout->addWidget(m_transportNotice);
    setCentralWidget(central);

    buildPages(context);
    buildMenus(context);
    buildStatusBar(context.health);
    if (context.team) {
        m_teamActivity = new TeamActivityLabel(context.team, statusBar());
        m_teamActivity->setCompact(context.warRoom);
        statusBar()->addWidget(m_teamActivity, 1);
    }
    if (context.warRoom)
        buildWarRoom(context, header, centralLayout);
    auto showTransports = [this, health = context.health, production = context.production] {
        QVector<FeedHealth> feeds;
        for (FeedKind kind : allFeedKinds)
            feeds << health->health(kind);
        // One short line (a wrapped banner squeezes the page); the reasons are in the tooltip.
        const QStringList unsafe = unsafeTransports(feeds);
        m_transportNotice->setText(u"PRODUCTION profile over unsafe connections: "_s
                                   + unsafeTransportNames(feeds).join(u", "_s));
        m_transportNotice->setToolTip(plainTooltip(unsafe.join(u'\n')));
        m_transportNotice->setVisible(production && !unsafe.isEmpty());
        if (m_warRoomBar)
            m_warRoomBar->setTransports(feeds);
    };
    connect(context.health, &FeedHealthModel::healthChanged, this, showTransports);
    showTransports();
    centralLayout->addWidget(body, 1);

    connect(m_nav, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_nav->setCurrentRow(0);
}

// The wall display: no navigation or menus (nobody clicks a wall), a header readable across
// the room, the feed alarm banner, and optionally the page rotation. F11 or Esc leaves it.
void MainWindow::buildWarRoom(const Context &context, QWidget *header, QLayout *central)
{
    header->hide();
    m_nav->hide();
    // A wall is its screen: no page's minimum may push the window past it (a full-screen window
    // cannot grow; a test's or a snapshot's window could, and would then show another wall).
    m_stack->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    // Nothing on a wall has the keyboard: no tile should wear a focus frame.
    m_stack->setFocusPolicy(Qt::StrongFocus);
    m_stack->setFocus();
    menuBar()->hide();
    m_rotator = new PageRotator(this);
    m_warRoomBar = new WarRoomBar(context.profileName, m_rotator, this);
    m_alarmBanner = new FeedAlarmBanner(context.health, this);
    central->addWidget(m_warRoomBar);
    central->addWidget(m_alarmBanner);
    QStringList rotation = pageIds();
    rotation.removeAll(u"audit"_s); // the audit log is for reading up close, not a wall
    connect(m_rotator, &PageRotator::pageDue, this, &MainWindow::showPage);
    connect(m_stack, &QStackedWidget::currentChanged, this, [this](int i) {
        m_warRoomBar->setPageTitle(pageCatalog().at(i).title);
        m_rotator->setCurrent(pageCatalog().at(i).id);
        m_warRoomBar->tick();
    });
    m_rotator->start(rotation, context.rotateS);
    // A playbook that raises itself is what the room should look at now; the rotation goes on
    // from there. One raised only by silenced instances does not turn the wall (someone has it),
    // until its silence ends.
    if (context.playbooks)
        connect(context.playbooks, &PlaybookBoard::attentionNeeded, this, [this](int) { showPage(u"playbooks"_s); });
    m_warRoomBar->setPageTitle(pageCatalog().at(std::max(0, m_stack->currentIndex())).title);
    m_warRoomBar->tick();
    for (const QKeySequence &key : {QKeySequence(Qt::Key_F11), QKeySequence(Qt::Key_Escape)}) {
        auto *leave = new QShortcut(key, this);
        connect(leave, &QShortcut::activated, this, [this] { emit warRoomRequested(false); });
    }
}

void MainWindow::buildPages(const Context &context)
{
    for (const PageSpec &spec : pageCatalog()) {
        QWidget *page = nullptr;
        if (spec.id == u"overview"_s && context.health && context.warRoom) {
            // The wall's overview is made for distance; the desk's verdicts underneath.
            m_wall = new WarRoomWall(
                {{context.health, context.metrics, context.sagaSummary, context.kafka, context.deployments},
                 context.timeline,
                 context.playbooks},
                m_stack);
            feedWallActions(m_wall, context.auditLogPath, context.team);
            m_overviewPage = m_wall->overview();
            page = m_wall;
        } else if (spec.id == u"overview"_s && context.health) {
            m_overviewPage = new OverviewPage(
                {context.health, context.metrics, context.sagaSummary, context.kafka, context.deployments}, m_stack);
            connect(m_overviewPage, &OverviewPage::pageRequested, this, &MainWindow::showPage);
            page = m_overviewPage;
        } else if (spec.id == u"sagas"_s && context.sagas && context.sagaSummary) {
            m_sagasPage = new SagasPage(context.sagas, context.sagaSummary, context.health, m_stack);
            page = m_sagasPage;
        } else if (spec.id == u"metrics"_s && context.metrics) {
            m_metricsPage = new MetricsPage(context.metrics, context.health, m_stack);
            page = m_metricsPage;
        } else if (spec.id == u"kafka"_s && context.kafka && context.kafkaTail) {
            m_kafkaPage = new KafkaPage(context.kafka, context.kafkaTail, context.health, context.kafkaTopic, m_stack);
            connect(m_kafkaPage, &KafkaPage::sagaRequested, this, &MainWindow::showSaga);
            if (context.lagBackfill)
                m_kafkaPage->setLagBackfill(context.lagBackfill);
            page = m_kafkaPage;
        } else if (spec.id == u"services"_s && context.deployments) {
            m_servicesPage = new ServicesPage(context.deployments, context.pods, context.logs, context.health, m_stack);
            page = m_servicesPage;
        } else if (spec.id == u"audit"_s && !context.auditLogPath.isEmpty()) {
            m_auditPage = new AuditPage(context.auditLogPath, m_stack);
            if (context.team)
                m_auditPage->setTeamTrail(context.team);
            page = m_auditPage;
        } else if (spec.id == u"timeline"_s && context.timeline) {
            m_timelinePage = new TimelinePage(context.timeline, context.health, context.auditLogPath, m_stack);
            if (context.team)
                m_timelinePage->setTeamTrail(context.team);
            page = m_timelinePage;
        } else if (spec.id == u"playbooks"_s && context.playbooks) {
            m_playbooksPage = new PlaybooksPage(context.playbooks, context.health, context.kafka, m_stack);
            const int row = m_nav->count(); // the navigation says how many are raised
            connect(m_playbooksPage, &PlaybooksPage::navTitleChanged, this, [this, row](const QString &title) {
                if (QListWidgetItem *item = m_nav->item(row))
                    item->setText(title);
            });
            page = m_playbooksPage;
        } else if (spec.id == u"database"_s && context.database) {
            m_databasePage = new DatabasePage(context.database, context.health, m_stack);
            page = m_databasePage;
        } else {
            const QString note = spec.id == u"audit"_s
                ? u"Operator actions are recorded in "_s + context.auditLogPath + u"."_s
                : QString();
            page = new PlaceholderPage(spec, context.health, note, m_stack);
        }
        m_stack->addWidget(page);
        m_nav->addItem(spec.title);
    }
}

void MainWindow::setProfile(const QString &name, const QString &problems)
{
    QString text = name.isEmpty() ? u"Profile: none loaded — every feed is Disabled"_s : u"Profile: "_s + name;
    if (!problems.isEmpty())
        text += u"  ⚠ profile problems (hover for details)"_s;
    m_profileLabel->setText(text);
    m_profileLabel->setToolTip(plainTooltip(problems));
    if (m_profileSwitcher)
        m_profileSwitcher->setCurrentText(name);
}

void MainWindow::setEscalation(const QVector<EscalationContact> &contacts, const QVector<DashboardLink> &dashboards)
{
    if (m_overviewPage) {
        EscalationPanel *panel = m_overviewPage->escalation();
        // Nobody clicks a wall: its dashboards are written out.
        panel->setDashboardsStyle(m_warRoomBar ? EscalationPanel::Dashboards::Written
                                               : EscalationPanel::Dashboards::Links);
        panel->setEscalation(contacts, dashboards);
    }
    if (m_wall)
        m_wall->setContacts(contacts);
    if (m_playbooksPage)
        m_playbooksPage->detail()->setEscalation(contacts);
}

QString MainWindow::profileText() const
{
    return m_profileLabel->text();
}

void MainWindow::buildMenus(const Context &context)
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QAction *quit = file->addAction(u"&Quit"_s, qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *go = menuBar()->addMenu(u"&Go"_s);
    const auto &pages = pageCatalog();
    for (int i = 0; i < pages.size(); ++i) {
        const QString id = pages.at(i).id;
        QAction *a = go->addAction(pages.at(i).title, this, [this, id] { showPage(id); });
        a->setShortcut(QKeySequence(u"Ctrl+%1"_s.arg(i + 1)));
    }

    QMenu *view = menuBar()->addMenu(u"&View"_s);
    QMenu *theme = view->addMenu(u"&Theme"_s);
    auto *themes = new QActionGroup(this);
    for (ThemeId id : allThemes()) {
        QAction *a = theme->addAction(themeTitle(id), this, [this, id] { emit themeRequested(id); });
        a->setObjectName(u"theme-"_s + themeName(id));
        a->setCheckable(true);
        a->setChecked(id == context.theme);
        themes->addAction(a);
    }
    QAction *warRoom = view->addAction(u"&War-room mode"_s, this, [this] { emit warRoomRequested(true); });
    warRoom->setObjectName(u"warRoomAction"_s);
    warRoom->setToolTip(u"Full screen, large type, high contrast, read-only; F11 or Esc leaves it"_s);
    if (!context.warRoom)
        warRoom->setShortcut(QKeySequence(Qt::Key_F11));
    QMenu *rotation = view->addMenu(u"War-room page &rotation"_s);
    auto *rotations = new QActionGroup(this);
    for (int s : {0, 15, 30, 60, 120}) {
        QAction *a = rotation->addAction(s ? u"Every %1 s"_s.arg(s) : u"Off"_s, this,
                                         [this, s] { emit rotationRequested(s); });
        a->setObjectName(u"rotate-%1"_s.arg(s));
        a->setCheckable(true);
        a->setChecked(s == context.rotateS);
        rotations->addAction(a);
    }

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    help->addAction(u"&About sagadeck"_s, this, &MainWindow::showAbout);
}

void MainWindow::buildStatusBar(FeedHealthModel *health)
{
    for (FeedKind kind : allFeedKinds) {
        auto *indicator = new FeedHealthIndicator(health, kind, statusBar());
        statusBar()->addPermanentWidget(indicator);
        m_indicators.append(indicator);
    }
    // Data ages change every second even when no feed reports anything.
    auto *tick = new QTimer(this);
    tick->setInterval(1000);
    connect(tick, &QTimer::timeout, this, [this] {
        for (FeedHealthIndicator *i : std::as_const(m_indicators))
            i->refresh();
    });
    tick->start();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, u"About sagadeck"_s,
                       u"sagadeck "_s + QCoreApplication::applicationVersion()
                           + u"\nOperations console for saga-based microservices."_s);
}

int MainWindow::pageCount() const
{
    return m_stack->count();
}

QString MainWindow::currentPageId() const
{
    const int i = m_stack->currentIndex();
    return i >= 0 && i < pageCatalog().size() ? pageCatalog().at(i).id : QString();
}

QWidget *MainWindow::page(const QString &id) const
{
    const int i = pageIndexOf(id);
    return i >= 0 ? m_stack->widget(i) : nullptr;
}

void MainWindow::showSaga(const QUuid &id)
{
    if (!m_sagasPage || id.isNull())
        return;
    showPage(u"sagas"_s);
    m_sagasPage->focusSaga(id);
}

bool MainWindow::showPage(const QString &id)
{
    const int i = pageIndexOf(id);
    if (i < 0)
        return false;
    m_nav->setCurrentRow(i);
    return true;
}

void MainWindow::showActionsNotice(const QString &text)
{
    m_actionsNotice->setText(text);
    m_actionsNotice->setVisible(!text.isEmpty());
}

QString MainWindow::actionsNotice() const
{
    return m_actionsNotice->text();
}

} // namespace sagadeck
