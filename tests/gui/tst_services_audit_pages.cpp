#include "ActionConfirmDialog.h"
#include "ActionTracker.h"
#include "AuditLog.h"
#include "AuditLogReader.h"
#include "AuditPage.h"
#include "AuditTableModel.h"
#include "ConsoleApp.h"
#include "DeploymentTableModel.h"
#include "FaultHarness.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "SagaActionBar.h"
#include "LogBuffer.h"
#include "LogsPanel.h"
#include "PodTableModel.h"
#include "SagasPage.h"
#include "ServicesPage.h"
#include "SimHarness.h"
#include "StackInfo.h"
#include "StatePaths.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Services page on the stack's real kube-apiserver (compared with kubectl), its TLS badge
// and Down banner, and the Audit page reading a real audit log as it grows.
class TestServicesAuditPages : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_profilePath;
    StackInfo m_stack;

    QString writeProfile(const QString &name, const QString &kubeconfig)
    {
        QFile base(m_profilePath);
        if (!base.open(QIODevice::ReadOnly))
            return {};
        QString text = QString::fromUtf8(base.readAll());
        const QString op = m_stack.section(u"kube"_s).value(u"kubeconfig"_s).toString();
        text.replace(op, kubeconfig);
        const QString path = m_dir.filePath(name + u".yaml"_s);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0)
            return {};
        return path;
    }

    static QJsonArray kubectlDeployments(const QString &kubeconfig)
    {
        QProcess p;
        p.start(u"kubectl"_s,
                {u"--kubeconfig"_s, kubeconfig, u"-n"_s, u"microservices"_s, u"get"_s, u"deployments"_s, u"-o"_s,
                 u"json"_s});
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            return {};
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(u"items"_s).toArray();
    }

    // The stack's profile twice, as 'local' and 'standby': somewhere to switch to.
    QString writeTwoProfiles()
    {
        QFile base(m_profilePath);
        if (!base.open(QIODevice::ReadOnly))
            return {};
        const QString text = QString::fromUtf8(base.readAll());
        const qsizetype at = text.indexOf(u"\n  local:\n"_s);
        if (at < 0)
            return {};
        QString standby = text.mid(at + 1);
        standby.replace(0, int(u"  local:"_s.size()), u"  standby:"_s);
        const QString path = m_dir.filePath(u"two-profiles.yaml"_s);
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write((text + standby).toUtf8()) < 0)
            return {};
        return path;
    }

    // Opens the restart dialog of notification-service and confirms it; the generation before.
    qint64 confirmRestart(ConsoleApp &app)
    {
        MainWindow *w = app.window();
        w->resize(1280, 800);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        if (!QTest::qWaitFor(
                [&] { return app.models().deployments->deployment(u"notification-service"_s).has_value(); }, 20000))
            return -1;
        const qint64 before = notificationGeneration();
        page->selectDeployment(u"notification-service"_s);
        if (!QTest::qWaitFor([&] { return page->restartButton()->isEnabled(); }, 5000))
            return -1;
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        ActionConfirmDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] { return (dialog = w->findChild<ActionConfirmDialog *>()) != nullptr; }, 15000))
            return -1;
        QTest::keyClicks(dialog->confirmationEdit(), u"notification-service"_s);
        QTest::keyClicks(dialog->reasonEdit(), u"GUI test: an action outlives the screen"_s);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        return before;
    }

    qint64 notificationGeneration() const
    {
        const QString admin = m_stack.section(u"kube"_s).value(u"admin_kubeconfig"_s).toString();
        for (const QJsonValue &v : kubectlDeployments(admin))
            if (v[u"metadata"_s][u"name"_s].toString() == u"notification-service"_s)
                return v[u"metadata"_s][u"generation"_s].toInteger();
        return -1;
    }

    // The newest restart intent of notification-service and every record of its ActionId.
    static QVector<AuditRecord> newestRestart()
    {
        const QVector<AuditRecord> all = AuditLogReader::read(StatePaths().auditLogPath()).records;
        ActionId id;
        for (const AuditRecord &r : all)
            if (r.kind == AuditKind::Intent && r.verb == u"restart"_s && r.target.name == u"notification-service"_s)
                id = r.actionId;
        QVector<AuditRecord> out;
        for (const AuditRecord &r : all)
            if (!id.isNull() && r.actionId == id)
                out << r;
        return out;
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        QVERIFY2(m_stack.root.contains(u"kube"_s),
                 "the stack was brought up without Kubernetes (SAGADECK_STACK_KUBE=0)");
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QString profileError;
        QVERIFY2(StackInfo::writeProfile(m_profilePath, &profileError), qPrintable(profileError));
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"state"_s).toUtf8());
    }

    void servicesPageShowsWhatKubectlSees()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        QVERIFY2(app.problems().isEmpty(), qPrintable(app.problems().join(u'\n')));
        MainWindow *w = app.window();
        w->resize(1280, 800);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        QVERIFY(page);
        QAbstractItemModelTester tester(app.models().deployments,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY2_WITH_TIMEOUT(app.models().health->health(FeedKind::Kubernetes).state == FeedState::Live,
                                  qPrintable(app.models().health->health(FeedKind::Kubernetes).reason), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->rowCount() == 4, 10000);
        QVERIFY(page->bannerText().isEmpty());
        QVERIFY2(page->identityText().contains(u"user sagadeck-operator"_s), qPrintable(page->identityText()));
        QVERIFY2(page->identityText().contains(u"namespace microservices"_s), qPrintable(page->identityText()));
        QVERIFY(!page->tlsBadgeShown());

        // The independent source: kubectl, as the admin, right now.
        const QString admin = m_stack.section(u"kube"_s).value(u"admin_kubeconfig"_s).toString();
        const QJsonArray items = kubectlDeployments(admin);
        QCOMPARE(items.size(), 4);
        for (const QJsonValue &v : items) {
            const QJsonObject d = v.toObject();
            const QString name = d[u"metadata"_s][u"name"_s].toString();
            QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(name).has_value(), 5000);
            const DeploymentInfo shown = *app.models().deployments->deployment(name);
            QCOMPARE(shown.desiredReplicas, d[u"spec"_s][u"replicas"_s].toInt());
            QCOMPARE(shown.generation, qint64(d[u"metadata"_s][u"generation"_s].toInteger()));
            const int row = app.models().deployments->rowOf(name);
            QCOMPARE(app.models().deployments->index(row, DeploymentTableModel::Ready).data().toString(),
                     u"%1/%2"_s.arg(shown.readyReplicas).arg(shown.desiredReplicas));
        }

        // Buttons: scale to the current count says why it is off; restart asks for the selected one.
        page->selectDeployment(u"saga-orchestrator"_s);
        QCOMPARE(page->selectedDeployment(), u"saga-orchestrator"_s);
        const int current = app.models().deployments->deployment(u"saga-orchestrator"_s)->desiredReplicas;
        QCOMPARE(page->replicasBox()->value(), current);
        QVERIFY(!page->scaleButton()->isEnabled());
        QVERIFY2(page->scaleButton()->toolTip().contains(u"already has"_s), qPrintable(page->scaleButton()->toolTip()));
        QSignalSpy restart(page, &ServicesPage::restartRequested);
        QSignalSpy scale(page, &ServicesPage::scaleRequested);
        // Each click opens the confirmation; cancelling it sends nothing and frees the buttons.
        auto cancelDialog = [&] {
            ActionConfirmDialog *dialog = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<ActionConfirmDialog *>()) != nullptr, 15000);
            QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(page->actionNote(), u"cancelled: nothing was sent"_s, 5000);
            QTRY_VERIFY(!w->findChild<ActionConfirmDialog *>());
        };
        QVERIFY(page->restartButton()->isEnabled());
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);
        QCOMPARE(restart.first().first().toString(), u"saga-orchestrator"_s);
        cancelDialog();
        page->replicasBox()->setValue(current + 1);
        QVERIFY(page->scaleButton()->isEnabled());
        QTest::mouseClick(page->scaleButton(), Qt::LeftButton);
        QCOMPARE(scale.size(), 1);
        QCOMPARE(scale.first().at(1).toInt(), current + 1);
        QCOMPARE(scale.first().at(2).toInt(), current); // the precondition is on by default
        cancelDialog();
        QCOMPARE(app.models().deployments->deployment(u"saga-orchestrator"_s)->desiredReplicas, current);
        // While an action runs the buttons stay off and say so; a blocked page says why.
        page->setBusy(u"saga-orchestrator"_s, true);
        QVERIFY(!page->restartButton()->isEnabled());
        QVERIFY(page->restartButton()->toolTip().contains(u"under way"_s));
        page->setBusy(u"saga-orchestrator"_s, false);
        page->setActionsBlocked(u"profile 'local' is read_only"_s);
        QVERIFY(!page->restartButton()->isEnabled());
        QCOMPARE(page->restartButton()->toolTip(), u"profile 'local' is read_only"_s);

        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            page->setActionsBlocked(QString());
            page->replicasBox()->setValue(current);
            QVERIFY(w->grab().save(shots + u"/services-page.png"_s));
        }
    }

    // The first minute of an outage without a terminal: payment-service's pods under it (as
    // kubectl lists them), their logs followed with the ERROR lines as they come, filtered,
    // paused and resumed, nothing lost while paused.
    void podsAndLogsDuringAnOutage()
    {
        std::unique_ptr<SimHarness> sim;
        SimHarness::open(sim);
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1280, 900);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(u"payment-service"_s).has_value(), 20000);
        page->selectDeployment(u"payment-service"_s);
        const int replicas = app.models().deployments->deployment(u"payment-service"_s)->desiredReplicas;
        QTRY_COMPARE_WITH_TIMEOUT(page->podView()->model()->rowCount(), replicas, 20000);
        QVERIFY2(page->podsHeaderText().startsWith(u"Pods of payment-service · %1 shown"_s.arg(replicas)),
                 qPrintable(page->podsHeaderText()));
        // The pods shown are kubectl's.
        QProcess kubectl;
        kubectl.start(u"kubectl"_s,
                      {u"--kubeconfig"_s, m_stack.section(u"kube"_s).value(u"kubeconfig"_s).toString(), u"-n"_s,
                       u"microservices"_s, u"get"_s, u"pods"_s, u"-l"_s, u"app=payment-service"_s, u"-o"_s, u"name"_s});
        QVERIFY(kubectl.waitForFinished(30000));
        QStringList theirs = QString::fromUtf8(kubectl.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        theirs.replaceInStrings(u"pod/"_s, QString());
        QStringList ours;
        for (int r = 0; r < page->podView()->model()->rowCount(); ++r)
            ours << page->podView()->model()->index(r, PodTableModel::Name).data().toString();
        theirs.sort();
        ours.sort();
        QCOMPARE(ours, theirs);

        const qint64 outageNs = QDateTime::currentMSecsSinceEpoch() * 1000000LL;
        // kubectl top, from Prometheus: each pod's memory as Prometheus answers it, with the limit.
        QTRY_VERIFY2_WITH_TIMEOUT(page->podsHeaderText().contains(u"memory/CPU from Prometheus"_s),
                                  qPrintable(page->podsHeaderText()), 30000);
        for (int r = 0; r < page->podView()->model()->rowCount(); ++r) {
            const QString pod = page->podView()->model()->index(r, PodTableModel::Name).data().toString();
            const QString cell = page->podView()->model()->index(r, PodTableModel::Memory).data().toString();
            QVERIFY2(cell.contains(u" MiB ("_s) && cell.endsWith(u" % of limit)"_s), qPrintable(pod + u": "_s + cell));
            const std::optional<double> oracle = sim->promValue(
                u"sum(container_memory_working_set_bytes{namespace=\"microservices\",pod=\"%1\",container!=\"\","
                u"container!=\"POD\"})"_s.arg(pod));
            QVERIFY2(oracle, qPrintable(pod));
            const double shown =
                page->podView()->model()->index(r, PodTableModel::Memory).data(PodTableModel::SortRole).toDouble();
            QVERIFY2(std::abs(shown - *oracle) <= 0.1 * *oracle,
                     qPrintable(u"%1: console %2, Prometheus %3"_s.arg(pod).arg(shown).arg(*oracle)));
        }
        QVERIFY(sim->setScenario(u"payment-outage"_s));
        struct Steady
        {
            SimHarness *sim;
            ~Steady() { sim->setScenario(u"steady"_s); }
        } steady{sim.get()};
        QVERIFY(page->logsButton()->isEnabled());
        QTest::mouseClick(page->logsButton(), Qt::LeftButton);
        LogsPanel *logs = page->logsPanel();
        QVERIFY(logs->isVisible());
        QCOMPARE(logs->targetText(), u"Logs of payment-service (all its pods, by time)"_s);
        LogBuffer *buffer = app.models().logs;
        QTRY_VERIFY2_WITH_TIMEOUT(logs->statusText().contains(u"following %1 pods"_s.arg(replicas)),
                                  qPrintable(logs->statusText()), 20000);
        // The outage's errors arrive while followed (not only the last 100 lines' older ones).
        QTest::keyClicks(logs->filterEdit(), u"ERROR"_s);
        auto newErrors = [&] {
            int n = 0;
            for (int r = 0; r < buffer->rowCount(); ++r)
                n += buffer->lineAt(r).timeNs > outageNs && buffer->lineAt(r).text.contains(u"ERROR"_s) ? 1 : 0;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(newErrors() >= 4, 30000);
        for (int r = 0; r < logs->view()->model()->rowCount(); ++r)
            QVERIFY(logs->view()->model()->index(r, LogBuffer::Line).data().toString().contains(u"ERROR"_s));
        // Paused: the table stands still, the lines wait, and come on resume.
        QTest::mouseClick(logs->pauseButton(), Qt::LeftButton);
        const int shown = buffer->rowCount();
        QTRY_VERIFY_WITH_TIMEOUT(buffer->pending() > 0, 10000);
        QCOMPARE(buffer->rowCount(), shown);
        QVERIFY2(logs->statusText().contains(u"paused: "_s), qPrintable(logs->statusText()));
        const qint64 received = buffer->received();
        QTest::mouseClick(logs->pauseButton(), Qt::LeftButton);
        QCOMPARE(buffer->pending(), 0);
        QVERIFY(buffer->rowCount() + buffer->dropped() >= received);
        // Interleaved by time across the pods.
        for (int r = 1; r < buffer->rowCount(); ++r)
            QVERIFY(buffer->lineAt(r - 1).timeNs <= buffer->lineAt(r).timeNs);
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/services-logs-outage.png"_s));
        logs->stop();
        QTRY_VERIFY(!buffer->active());
    }

    void restartThroughTheDialogReachesTheCluster()
    {
        // Click Restart, answer the dialog, and the real Deployment gets a new restartedAt and
        // generation (kubectl); the Audit page lists the action with its outcome.
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1280, 800);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Kubernetes).state, FeedState::Live, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(u"notification-service"_s).has_value(), 10000);
        const QString admin = m_stack.section(u"kube"_s).value(u"admin_kubeconfig"_s).toString();
        auto generation = [&] {
            for (const QJsonValue &v : kubectlDeployments(admin))
                if (v[u"metadata"_s][u"name"_s].toString() == u"notification-service"_s)
                    return v[u"metadata"_s][u"generation"_s].toInteger();
            return qint64(-1);
        };
        const qint64 before = generation();
        QVERIFY(before > 0);
        page->selectDeployment(u"notification-service"_s);
        QTRY_VERIFY(page->restartButton()->isEnabled());
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        // Five more clicks while it runs make no second intent.
        for (int i = 0; i < 5; ++i)
            QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        QVERIFY(!page->restartButton()->isEnabled());
        ActionConfirmDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<ActionConfirmDialog *>()) != nullptr, 15000);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(dialog->confirmationEdit(), u"notification-service"_s);
        QTest::keyClicks(dialog->reasonEdit(), u"GUI test: restart"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + u"/confirm-restart-dialog.png"_s));
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(page->actionNote().startsWith(u"done"_s), qPrintable(page->actionNote()), 40000);
        QCOMPARE(generation(), before + 1);
        QVERIFY(page->restartButton()->isEnabled());
        // The Audit page shows it, with one intent and one outcome behind it.
        AuditPage *audit = w->auditPage();
        QVERIFY(audit);
        // This console's log holds exactly one restart of it: its intent and its outcome.
        const QVector<AuditRecord> mine = newestRestart();
        QCOMPARE(mine.size(), 2);
        int intents = 0;
        for (const AuditRecord &r : AuditLogReader::read(StatePaths().auditLogPath()).records)
            intents += r.kind == AuditKind::Intent && r.target.name == u"notification-service"_s ? 1 : 0;
        QCOMPARE(intents, 1);
        // The page re-reads the log when the file changes: the outcome follows the intent. (It
        // also shows what other consoles published to the team trail: found by ActionId.)
        const auto rowOf = [&]() -> std::optional<AuditTableModel::Row> {
            for (const AuditTableModel::Row &r : audit->model()->rows())
                if (r.intent.actionId == mine.first().actionId)
                    return r;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowOf().has_value() && rowOf()->outcome, 10000);
        const AuditTableModel::Row row = *rowOf();
        QCOMPARE(row.intent.verb, u"restart"_s);
        QCOMPARE(row.intent.target.name, u"notification-service"_s);
        QCOMPARE(row.intent.identity, u"sagadeck-operator"_s);
        QCOMPARE(row.outcome->result, AuditResult::Done);
    }

    // Theme, profile switch and F11 while a restart runs: the action is neither destroyed with
    // the window nor cut off from its client; the changes wait for it, then happen.
    void actionOutlivesThemeProfileAndWarRoomSwitches()
    {
        CommandLineOptions options;
        options.configPath = writeTwoProfiles();
        QVERIFY(!options.configPath.isEmpty());
        ConsoleApp app(options);
        QCOMPARE(app.profileName(), u"local"_s);
        MainWindow *w = app.window();
        const ThemeId themeBefore = app.theme();
        const ThemeId otherTheme = themeBefore == ThemeId::Dark ? ThemeId::Light : ThemeId::Dark;
        // The controller held: the restart stays in verification until it is let go.
        StoppedServer controller(StackControl::pidOf(u"kube-controller-manager"_s));
        QVERIFY(controller.ok());
        const qint64 before = confirmRestart(app);
        QVERIFY(before > 0);
        QCOMPARE(app.actions()->running(), 1);
        app.setTheme(otherTheme);
        app.switchProfile(u"standby"_s);
        app.setWarRoom(true);
        // Nothing was rebuilt under the running action; the window says what waits for it.
        QCOMPARE(app.window(), w);
        QCOMPARE(app.profileName(), u"local"_s);
        QVERIFY(!app.warRoom());
        const QString notice = w->actionsNotice();
        QVERIFY2(notice.startsWith(u"1 action running (restart notification-service)"_s), qPrintable(notice));
        QVERIFY2(
            notice.contains(u"the theme changes, the profile switches to 'standby', the war-room display starts"_s),
            qPrintable(notice));
        QTRY_VERIFY2_WITH_TIMEOUT(w->servicesPage()->actionNote().startsWith(u"verifying"_s),
                                  qPrintable(w->servicesPage()->actionNote()), 20000);
        QCOMPARE(app.window(), w);
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/action-outlives-the-screen.png"_s));
        controller.resume();
        // It ends, verified; then the changes happen, in the order asked.
        QTRY_COMPARE_WITH_TIMEOUT(app.actions()->running(), 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(app.warRoom(), 10000);
        QCOMPARE(app.theme(), otherTheme);
        QCOMPARE(app.profileName(), u"standby"_s);
        QVERIFY(app.window() != w);
        QVERIFY(app.window()->actionsNotice().isEmpty());
        const QVector<AuditRecord> records = newestRestart();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).kind, AuditKind::Intent);
        QCOMPARE(records.at(0).reason, u"GUI test: an action outlives the screen"_s);
        QCOMPARE(records.at(1).kind, AuditKind::Outcome);
        QCOMPARE(records.at(1).result, AuditResult::Done);
        QVERIFY2(records.at(1).message.startsWith(u"done: restartedAt "_s), qPrintable(records.at(1).message));
        QCOMPARE(notificationGeneration(), before + 1); // kubectl: one rollout
        app.setTheme(themeBefore);
    }

    // The console is ended while a restart is being verified: the audit log still gets its one
    // outcome, "unknown", written before the console is gone.
    void consoleEndingMidActionWritesUnknown()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        StoppedServer controller(StackControl::pidOf(u"kube-controller-manager"_s));
        QVERIFY(controller.ok());
        {
            ConsoleApp app(options);
            QVERIFY(confirmRestart(app) > 0);
            QCOMPARE(app.actions()->running(), 1);
            // Sent and accepted; verifying, with the controller held.
            QTRY_VERIFY2_WITH_TIMEOUT(app.window()->servicesPage()->actionNote().startsWith(u"verifying"_s),
                                      qPrintable(app.window()->servicesPage()->actionNote()), 20000);
        } // the console ends here, mid-action
        controller.resume();
        const QVector<AuditRecord> records = newestRestart();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).kind, AuditKind::Intent);
        QCOMPARE(records.at(1).result, AuditResult::Unknown);
        QCOMPARE(records.at(1).message,
                 u"outcome unknown — the console ended before it could verify; check before retrying"_s);
    }

    void readOnlyFlagBlocksEveryActionButton()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        options.readOnly = true; // --read-only
        ConsoleApp app(options);
        MainWindow *w = app.window();
        ServicesPage *page = w->servicesPage();
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->rowCount() == 4, 20000);
        page->selectDeployment(u"saga-orchestrator"_s);
        QVERIFY(!page->restartButton()->isEnabled());
        QVERIFY2(page->restartButton()->toolTip().contains(u"--read-only"_s),
                 qPrintable(page->restartButton()->toolTip()));
        SagaActionBar *bar = w->sagasPage()->actionBar();
        QVERIFY(!bar->retryButton()->isEnabled());
        QVERIFY2(bar->retryButton()->toolTip().contains(u"--read-only"_s), qPrintable(bar->retryButton()->toolTip()));
    }

    void insecureKubeconfigShowsTheBadge()
    {
        // The operator's kubeconfig with certificate checks turned off (and no CA).
        const QString op = m_stack.section(u"kube"_s).value(u"kubeconfig"_s).toString();
        QFile in(op);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray clusters = config[u"clusters"_s].toArray();
        QJsonObject c = clusters.at(0).toObject();
        QJsonObject cluster = c[u"cluster"_s].toObject();
        cluster.remove(u"certificate-authority-data"_s);
        cluster.insert(u"insecure-skip-tls-verify"_s, true);
        c.insert(u"cluster"_s, cluster);
        clusters.replace(0, c);
        config.insert(u"clusters"_s, clusters);
        const QString insecure = m_dir.filePath(u"insecure.kubeconfig"_s);
        QFile out(insecure);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(config).toJson());
        out.close();
        CommandLineOptions options;
        options.configPath = writeProfile(u"insecure"_s, insecure);
        QVERIFY(!options.configPath.isEmpty());
        ConsoleApp app(options);
        ServicesPage *page = app.window()->servicesPage();
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Kubernetes).state, FeedState::Live, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(page->tlsBadgeShown(), 5000);
    }

    void unreachableServerSaysDown()
    {
        // A kubeconfig whose server nothing listens on: Down with the reason, no rows, and the
        // buttons say why they are off.
        const QString op = m_stack.section(u"kube"_s).value(u"kubeconfig"_s).toString();
        QFile in(op);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray text = in.readAll();
        const QString server = m_stack.section(u"kube"_s).value(u"server"_s).toString();
        text.replace(server.toUtf8(), "https://127.0.0.1:1");
        const QString dead = m_dir.filePath(u"dead.kubeconfig"_s);
        QFile out(dead);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text);
        out.close();
        CommandLineOptions options;
        options.configPath = writeProfile(u"dead"_s, dead);
        ConsoleApp app(options);
        ServicesPage *page = app.window()->servicesPage();
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Kubernetes).state, FeedState::Down, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(page->bannerText().contains(u"127.0.0.1:1"_s), 5000);
        QVERIFY2(page->bannerText().contains(u"no deployments yet"_s), qPrintable(page->bannerText()));
        QCOMPARE(app.models().deployments->rowCount(), 0);
        QVERIFY(!page->restartButton()->isEnabled());
        // The other feeds are not held up by it.
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 20000);
    }

    void auditPageReadsTheLogAsItGrows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sagadeck/audit.jsonl"_s);
        AuditLog log(path);
        auto record = [](AuditKind kind, const ActionId &id, const QString &name) {
            AuditRecord r;
            r.kind = kind;
            r.actionId = id;
            r.at = QDateTime::currentDateTimeUtc();
            r.osUser = u"alice"_s;
            r.profile = u"prod"_s;
            r.identity = u"sagadeck-operator"_s;
            r.verb = u"restart"_s;
            r.target = {u"prod"_s, u"microservices"_s, u"deployment"_s, name};
            r.reason = u"INC-1"_s;
            if (kind == AuditKind::Outcome) {
                r.result = AuditResult::Done;
                r.message = u"generation 3 → 4, rollout started"_s;
                r.durationMs = 812;
            }
            return r;
        };
        QString error;
        const ActionId first = ActionId::create();
        QVERIFY2(log.append(record(AuditKind::Intent, first, u"payment-service"_s), &error), qPrintable(error));
        QVERIFY2(log.append(record(AuditKind::Outcome, first, u"payment-service"_s), &error), qPrintable(error));
        const ActionId second = ActionId::create(); // sent, then the console died
        QVERIFY2(log.append(record(AuditKind::Intent, second, u"saga-orchestrator"_s), &error), qPrintable(error));

        AuditPage page(path);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&page, &AuditPage::loaded);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 2, 5000);
        QVERIFY2(page.statusText().contains(u"1 without an outcome"_s), qPrintable(page.statusText()));
        // Newest first: the action without an outcome says what to do.
        QCOMPARE(page.model()->index(0, AuditTableModel::Target).data().toString(),
                 u"deployment microservices/saga-orchestrator"_s);
        QVERIFY(page.model()->index(0, AuditTableModel::Result).data().toString().contains(u"check before retrying"_s));
        QCOMPARE(page.model()->index(1, AuditTableModel::Result).data().toString(), u"done"_s);
        QCOMPARE(page.model()->index(1, AuditTableModel::Who).data().toString(), u"alice as sagadeck-operator"_s);

        // Another console appends the outcome, and someone leaves a broken line: re-read by
        // itself, the broken line reported, nothing else lost.
        QVERIFY2(log.append(record(AuditKind::Outcome, second, u"saga-orchestrator"_s), &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"kind\": \"intent\", broken\n");
        f.close();
        QTRY_VERIFY2_WITH_TIMEOUT(!page.problemText().isEmpty(), qPrintable(page.statusText()), 10000);
        QVERIFY2(page.problemText().contains(u"audit.jsonl:5"_s), qPrintable(page.problemText()));
        QCOMPARE(page.model()->rowCount(), 2);
        QVERIFY2(page.statusText().contains(u"0 without an outcome"_s), qPrintable(page.statusText()));
    }
};

QTEST_MAIN(TestServicesAuditPages)
#include "tst_services_audit_pages.moc"
