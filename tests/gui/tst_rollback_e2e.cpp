// A bad deploy, end to end on the stack: saga-sim's `bad-deploy` rolls out an image under which
// payment-service fails. The saga-failure playbook is raised; the timeline shows the image change
// next to the failure alert; the Services page shows the new revision, and its "Undo rollout…"
// preview names both revisions and diffs the template; the console's rollback (typed name,
// reason) is verified by the new rollout completing; the broken image's errors stop in the
// logs; the failure rate (the alert's own expression, on a short window) falls under the alert's
// threshold; the audit log has the intent and the verified outcome, and the timeline the rollback
// as this console's.
#include "ActionConfirmDialog.h"
#include "AuditRecord.h"
#include "AuditLogReader.h"
#include "ConsoleApp.h"
#include "DeploymentTableModel.h"
#include "AlertRule.h"
#include "AlertTableModel.h"
#include "IncidentTimeline.h"
#include "MetricsDashboard.h"
#include "KubeTestKit.h"
#include "MainWindow.h"
#include "PlaybookBoard.h"
#include "RevisionTableModel.h"
#include "ServicesPage.h"
#include "SimHarness.h"
#include "StackInfo.h"
#include "StatePaths.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QString payment = u"payment-service"_s;
const QString goodImage = u"sagadeck.local/payment-service:1.0"_s;
const QString badImage = u"sagadeck.local/payment-service:1.1-bad"_s;

} // namespace

class TestRollbackE2e : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profile;

    QString kubectl(const QStringList &args) const
    {
        return kubetest::kubectlText(m_sim->stack().string(u"kube"_s, u"admin_kubeconfig"_s), u"microservices"_s, args);
    }
    QString image() const
    {
        return kubectl({u"get"_s, u"deployment"_s, payment, u"-o"_s,
                        u"jsonpath={.spec.template.spec.containers[0].image}"_s})
            .trimmed();
    }
    // The alert's expression (resources/alert-rules.json SagaFailureRate) on a 1-minute window:
    // the worst saga type's failed share.
    std::optional<double> failureShare() const
    {
        return m_sim->promValue(u"max((sum by (saga_type) (rate(saga_failed_total[1m])) or sum by (saga_type) "
                                u"(rate(saga_created_total[1m])) * 0) / sum by (saga_type) "
                                u"(rate(saga_created_total[1m])))"_s);
    }

private slots:
    void initTestCase()
    {
        SimHarness::open(m_sim);
        QVERIFY2(!m_sim->stack().section(u"kube"_s).isEmpty(), "the stack runs without Kubernetes");
        m_profile = m_dir.filePath(u"profiles.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(m_profile, &error), qPrintable(error));
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"state"_s).toUtf8());
        QCOMPARE(image(), goodImage);
        // Failures left by an earlier test must not pass for the bad deploy's: start when the
        // last minute's failure share is under the alert's threshold (the 5-minute alert itself
        // may still fire; see below).
        QTRY_VERIFY_WITH_TIMEOUT(failureShare().value_or(1) <= 0.005, 150000);
    }

    void cleanupTestCase()
    {
        m_sim->setScenario(u"steady"_s);
        if (image() != goodImage) // a failed run leaves the stack as it found it
            kubectl({u"rollout"_s, u"undo"_s, u"deployment/"_s + payment});
    }

    void badDeployIsFoundAndRolledBack()
    {
        CommandLineOptions options;
        options.configPath = m_profile;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1400, 900);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(payment).has_value(), 30000);
        const qint64 revisionBefore = app.models().deployments->deployment(payment)->revision;
        page->selectDeployment(payment);

        // The bad deploy.
        QVERIFY(m_sim->setScenario(u"bad-deploy"_s));
        QCOMPARE(image(), badImage);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(payment)->images == QStringList{badImage}, 30000);
        // The controller gives the new template its revision a moment later.
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(payment)->revision > revisionBefore, 20000);
        const qint64 revisionBad = app.models().deployments->deployment(payment)->revision;
        QTRY_VERIFY2_WITH_TIMEOUT(page->revisionsHeaderText().contains(u"now revision %1"_s.arg(revisionBad)),
                                  qPrintable(page->revisionsHeaderText()), 20000);

        // The playbook is raised by it, and the timeline has the image change before the alert.
        PlaybookBoard *board = app.models().playbooks;
        const int playbook = board->indexOf(u"high-saga-failure-rate"_s);
        QVERIFY(playbook >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(board->status(playbook), PlaybookStatus::Raised, 120000);
        // The first marker whose title starts so (and ends so: an alert's is "Rule{labels} → Firing").
        const auto markerTitled = [&](const QString &start, const QString &end = {}) -> std::optional<TimelineMarker> {
            for (const TimelineMarker &m : app.models().timeline->markers())
                if (m.title.startsWith(start) && m.title.endsWith(end))
                    return m;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(markerTitled(u"image payment-service → 1.1-bad"_s).has_value(), 20000);
        const TimelineMarker change = *markerTitled(u"image payment-service → 1.1-bad"_s);
        QVERIFY2(change.what.contains(goodImage + u" → "_s + badImage), qPrintable(change.what));
        // The failure rise follows the change: the last minute's share (quiet when the test began)
        // passes the threshold, and the alert fires after the change — or was still firing on an
        // earlier test's failures in its 5-minute window, then it has no new transition to mark.
        QTRY_VERIFY_WITH_TIMEOUT(failureShare().value_or(0) > 0.005, 60000);
        const AlertTracker *rule = app.models().metrics->alerts()->tracker(u"SagaFailureRate"_s);
        QVERIFY(rule);
        QTRY_COMPARE_WITH_TIMEOUT(rule->state(), AlertState::Firing, 60000);
        std::optional<TimelineMarker> firing;
        for (const TimelineMarker &m : app.models().timeline->markers())
            if (m.title.startsWith(u"SagaFailureRate"_s) && m.title.endsWith(u" → Firing"_s) && m.at >= change.at)
                firing = m;
        if (firing)
            QVERIFY2(change.at.secsTo(firing->at) < 180,
                     qPrintable(u"image change at %1, alert at %2"_s.arg(change.at.toString(Qt::ISODate),
                                                                         firing->at.toString(Qt::ISODate))));
        else
            qInfo("SagaFailureRate was already firing when the image changed (an earlier test's failures)");

        // The console's undo: its preview, the typed name and a reason.
        QTRY_VERIFY_WITH_TIMEOUT(page->undoButton()->isEnabled(), 10000);
        QTest::mouseClick(page->undoButton(), Qt::LeftButton);
        ActionConfirmDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<ActionConfirmDialog *>()) != nullptr, 20000);
        auto *previewBox = dialog->findChild<QPlainTextEdit *>(u"actionPreview"_s);
        QVERIFY(previewBox);
        const QString preview = previewBox->toPlainText();
        QTest::keyClicks(dialog->confirmationEdit(), payment);
        QTest::keyClicks(dialog->reasonEdit(), u"bad deploy: payment-service fails under 1.1-bad"_s);
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QVERIFY(w->grab().save(shots + u"/services-rollback-page.png"_s));
            QVERIFY(dialog->grab().save(shots + u"/rollback-preview.png"_s));
        }
        QVERIFY2(preview.contains(u"Now:        revision %1, %2"_s.arg(revisionBad).arg(badImage)),
                 qPrintable(preview));
        QVERIFY2(preview.contains(u"Back to:    revision "_s) && preview.contains(goodImage), qPrintable(preview));
        QVERIFY2(preview.contains(u"\"image\": \"%1\""_s.arg(badImage)), qPrintable(preview));
        const QDateTime rolledBackAt = QDateTime::currentDateTimeUtc();
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(page->actionNote().startsWith(u"done: rolled back to "_s),
                                  qPrintable(page->actionNote()), 90000);
        QCOMPARE(image(), goodImage);

        // kubectl's history: a new revision, with the good image.
        QTRY_VERIFY_WITH_TIMEOUT(app.models().deployments->deployment(payment)->revision > revisionBad, 20000);
        const QString history = kubectl(
            {u"rollout"_s, u"history"_s, u"deployment/"_s + payment,
             u"--revision=%1"_s.arg(app.models().deployments->deployment(payment)->revision)});
        QVERIFY2(history.contains(goodImage), qPrintable(history));

        // The broken image's errors stop: no NullPointerException logged after the rollout.
        QTest::qWait(5000);
        const QString logs = kubectl({u"logs"_s, u"deployment/"_s + payment, u"--since=4s"_s});
        QVERIFY2(!logs.contains(u"NullPointerException"_s), qPrintable(logs.right(2000)));
        // The failure rate falls under the alert's threshold (the alert's expression, 1 minute).
        QTRY_VERIFY_WITH_TIMEOUT(failureShare().value_or(1) <= 0.005, 180000);

        // Audit: intent and verified outcome, as this operator.
        QVector<AuditRecord> ours;
        for (const AuditRecord &r : AuditLogReader::read(StatePaths().auditLogPath()).records)
            if (r.verb == u"rollback"_s && r.target.name == payment && r.at >= rolledBackAt.addSecs(-5))
                ours << r;
        QCOMPARE(ours.size(), 2);
        QCOMPARE(ours.at(0).kind, AuditKind::Intent);
        QCOMPARE(ours.at(0).reason, u"bad deploy: payment-service fails under 1.1-bad"_s);
        QCOMPARE(ours.at(1).kind, AuditKind::Outcome);
        QCOMPARE(ours.at(1).result, AuditResult::Done);

        // The timeline: the rollback, as a sagadeck console's (this one's: the operator is this user).
        QTRY_VERIFY_WITH_TIMEOUT(markerTitled(u"rollback payment-service → 1.0"_s).has_value(), 20000);
        QVERIFY2(markerTitled(u"rollback payment-service → 1.0"_s)->who.startsWith(u"sagadeck: "_s + currentOsUser()),
                 qPrintable(markerTitled(u"rollback payment-service → 1.0"_s)->who));
        if (!shots.isEmpty()) {
            w->showPage(u"timeline"_s);
            QTest::qWait(500);
            QVERIFY(w->grab().save(shots + u"/timeline-bad-deploy.png"_s));
        }
    }
};

QTEST_MAIN(TestRollbackE2e)
#include "tst_rollback_e2e.moc"
