// Silencing an alert instance from the Metrics page's alert table, headless, on hand-filled
// models (issue 18): the dialog, the audit log (intent and outcome), the state file, and what
// the console then shows — "silenced by X until HH:MM" in the table, on the overview's alerts
// tile and on the war-room wall, no desktop notification, and a playbook raised only by the
// silenced instance that does not turn the wall until the silence ends. A read-only profile is
// refused with its reason.
#include "HandFilledModels.h"

#include "AlertNotifier.h"
#include "AlertSilence.h"
#include "AlertSilenceController.h"
#include "AlertSilenceDialog.h"
#include "AlertTableModel.h"
#include "AuditPage.h"
#include "AuditTableModel.h"
#include "AuditWriter.h"
#include "KafkaLagStore.h"
#include "MainWindow.h"
#include "MetricsDashboard.h"
#include "MetricsPage.h"
#include "OverviewPage.h"
#include "PlaybookBoard.h"
#include "SilenceStateFile.h"
#include "StatusTile.h"
#include "Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;

namespace {

const QString kProfile = u"prod-eu"_s;

// What a session gives the console: models, the audit writer and the state file on threads.
struct Console
{
    QTemporaryDir state;
    FeedHealthModel health;
    MetricsDashboard metrics;
    KafkaLagStore kafka;
    AlertSilences silences;
    PlaybookBoard board{&metrics};
    QThread auditThread;
    QThread stateThread;
    AuditWriter *audit = nullptr;
    SilenceStateFile *file = nullptr;

    Console()
    {
        AuditWriter::registerMetaTypes();
        audit = new AuditWriter(auditPath());
        audit->moveToThread(&auditThread);
        file = new SilenceStateFile(state.path());
        file->moveToThread(&stateThread);
        auditThread.start();
        stateThread.start();
        setAll(health, FeedState::Live, 1200);
        metrics.alerts()->setRules(serviceLevelRules());
        metrics.alerts()->setSilences(&silences);
        silences.setProfile(kProfile);
        Playbook p;
        p.id = u"high-error-rate"_s;
        p.title = u"High error rate"_s;
        p.section = u"Common Issues & Solutions 2"_s;
        p.alert = u"HighErrorRate"_s;
        board.start(3600 * 1000, {p}, QString());
    }
    ~Console()
    {
        for (QThread *t : {&auditThread, &stateThread}) {
            t->quit();
            t->wait();
        }
        delete audit;
        delete file;
    }

    QString auditPath() const { return state.path() + u"/audit.jsonl"_s; }

    ActionContext context(bool readOnly = false) const
    {
        ActionContext c;
        c.profile = kProfile;
        c.readOnly = readOnly;
        c.readOnlyWhy = u"profile 'prod-eu' is read_only: no mutating request may leave the console"_s;
        c.audit = audit;
        c.silenceState = file;
        return c;
    }

    // HighErrorRate's answer: payment-service over 1 %, the others under it; the rule's `for`
    // is 2 min, so the first answer makes it Pending and one 121 s later Firing. Transitions go
    // where the dashboard sends them in the console: the playbooks and the notifier.
    void evaluate(const QDateTime &at, double payment, AlertNotifier *notifier)
    {
        auto series = [](const QString &s, double v) { return PromSeries{{{u"service"_s, s}}, {{0, v}}}; };
        const QVector<AlertTransition> ts = metrics.alerts()->evaluate(
            u"HighErrorRate"_s, {series(u"order-service"_s, 0.0), series(u"payment-service"_s, payment)}, at);
        for (const AlertTransition &t : ts) {
            board.onAlertTransition(t);
            if (notifier)
                notifier->onTransition(t);
        }
        metrics.alerts()->evaluate(u"HighLatency"_s, 0.2, at);
        metrics.alerts()->evaluate(u"SagaFailureRate"_s, 0.0, at);
    }

    MainWindow::Context window(bool warRoom)
    {
        MainWindow::Context c;
        c.health = &health;
        c.metrics = &metrics;
        c.kafka = &kafka;
        c.playbooks = &board;
        c.profileName = kProfile;
        c.auditLogPath = auditPath();
        c.warRoom = warRoom;
        c.theme = warRoom ? ThemeId::HighContrast : ThemeId::Light;
        return c;
    }

    QVector<QJsonObject> auditRecords() const
    {
        QFile f(auditPath());
        QVector<QJsonObject> out;
        if (!f.open(QIODevice::ReadOnly))
            return out;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out << QJsonDocument::fromJson(line).object();
        return out;
    }
};

int rowOf(const QTableView *view, const QString &instance)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, 0).data(AlertTableModel::NameRole).toString() == instance)
            return r;
    return -1;
}

} // namespace

class TestAlertSilenceGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { applyTheme(ThemeId::Light); }

    void silenceAFiringInstanceAndSeeItOnTheWall()
    {
        Console c;
        const QString instance = u"HighErrorRate{service=payment-service}"_s;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        MainWindow desk(c.window(false));
        desk.resize(1400, 900);
        desk.show();
        QVERIFY(QTest::qWaitForWindowExposed(&desk));
        MetricsPage *page = desk.metricsPage();
        QVERIFY(page);
        AlertSilenceController controller([&c] { return c.context(); }, &c.silences, page);
        QSignalSpy finished(&controller, &AlertSilenceController::finished);
        c.evaluate(t0.addSecs(-121), 1.0, page->notifier()); // payment-service Pending

        // Select its row, Silence…, fill the dialog: 15 min and a reason.
        desk.showPage(u"metrics"_s);
        QVERIFY(!page->silenceButton()->isEnabled()); // nothing selected yet
        const int row = rowOf(page->alertView(), instance);
        QVERIFY(row >= 0);
        page->alertView()->selectRow(row);
        QVERIFY(page->silenceButton()->isEnabled());
        QVERIFY(!page->unsilenceButton()->isEnabled());
        QTest::mouseClick(page->silenceButton(), Qt::LeftButton);
        AlertSilenceDialog *dialog = controller.dialog();
        QVERIFY(dialog);
        QVERIFY(!dialog->okButton()->isEnabled()); // a reason is required
        QVERIFY2(dialog->previewText().contains(instance), qPrintable(dialog->previewText()));
        dialog->durationPicker()->setCurrentIndex(0);
        QCOMPARE(dialog->durationS(), 15 * 60);
        QTest::keyClicks(dialog->reasonEdit(), u"INC-4711 payment provider, on it"_s);
        QVERIFY(dialog->okButton()->isEnabled());
        QVERIFY2(dialog->previewText().contains(u"for 15 min"_s), qPrintable(dialog->previewText()));
        QVERIFY(savePicture(dialog, u"alert-silence-dialog.png"_s));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(0).toString()));
        QCOMPARE(controller.pending(), 0);

        // Applied, stored and audited: the intent before, the outcome after.
        const auto s = c.silences.active(u"HighErrorRate"_s, {{u"service"_s, u"payment-service"_s}});
        QVERIFY(s);
        QCOMPARE(s->by, currentOsUser());
        QCOMPARE(s->reason, u"INC-4711 payment provider, on it"_s);
        QVERIFY(qAbs(s->start.secsTo(s->until) - 900) <= 1);
        QVERIFY(QFile::exists(c.file->pathFor(kProfile)));
        QTRY_COMPARE_WITH_TIMEOUT(c.auditRecords().size(), 2, 5000);
        const QVector<QJsonObject> records = c.auditRecords();
        QCOMPARE(records.at(0).value(u"kind"_s).toString(), u"intent"_s);
        QCOMPARE(records.at(0).value(u"verb"_s).toString(), u"silence"_s);
        QCOMPARE(records.at(0).value(u"os_user"_s).toString(), currentOsUser());
        QCOMPARE(records.at(0).value(u"target"_s).toObject().value(u"name"_s).toString(), instance);
        QCOMPARE(records.at(0).value(u"reason"_s).toString(), s->reason);
        QCOMPARE(records.at(0).value(u"parameters"_s).toObject().value(u"silence_id"_s).toString(), s->id);
        QCOMPARE(records.at(1).value(u"kind"_s).toString(), u"outcome"_s);
        QCOMPARE(records.at(1).value(u"result"_s).toString(), u"done"_s);
        QCOMPARE(records.at(1).value(u"action_id"_s), records.at(0).value(u"action_id"_s));

        // It fires: still Firing in the table, marked; no notification; the playbook is raised
        // but the wall does not turn to it.
        applyTheme(ThemeId::HighContrast);
        MainWindow wall(c.window(true));
        wall.resize(1600, 900);
        wall.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wall));
        QCOMPARE(wall.currentPageId(), u"overview"_s);
        c.evaluate(t0, 1.0, page->notifier());
        QCOMPARE(page->notifier()->lastDecision(), AlertNotifier::Decision::Silenced);
        QCOMPARE(page->notifier()->shownCount(), 0);
        QCOMPARE(c.board.raisedCount(), 1);
        QVERIFY(c.board.live(0).raise.silenced);
        QCOMPARE(wall.currentPageId(), u"overview"_s);
        const QString text = s->text(QDateTime::currentDateTimeUtc());
        QVERIFY2(text.startsWith(u"silenced by "_s + currentOsUser() + u" until "_s), qPrintable(text));
        const QAbstractItemModel *table = page->alertView()->model();
        const int firingRow = rowOf(page->alertView(), instance);
        QCOMPARE(table->index(firingRow, AlertTableModel::StateColumn).data().toString(), u"▲ Firing · silenced"_s);
        QCOMPARE(table->index(firingRow, AlertTableModel::SilenceColumn).data().toString(), text);
        page->alertView()->selectRow(firingRow);
        QVERIFY(page->unsilenceButton()->isEnabled());

        for (OverviewPage *overview : {wall.overviewPage(), desk.overviewPage()}) {
            overview->refresh();
            QCOMPARE(overview->verdict(u"alerts"_s), u"at risk"_s); // firing, but someone has it
            QCOMPARE(overview->tile(u"alerts"_s)->value(), u"1 silenced"_s);
            QCOMPARE(overview->tile(u"alerts"_s)->detail(), u"%1: %2"_s.arg(text, instance));
        }
        QCoreApplication::processEvents();
        QVERIFY(savePicture(&wall, u"war-room-overview-silenced.png"_s));
        {
            // The desk's picture in its own theme: a window built after the wall's.
            applyTheme(ThemeId::Light);
            MainWindow look(c.window(false));
            look.resize(1400, 900);
            look.show();
            look.showPage(u"metrics"_s);
            QVERIFY(QTest::qWaitForWindowExposed(&look));
            look.metricsPage()->alertView()->selectRow(firingRow);
            look.metricsPage()->showNotice(finished.first().at(0).toString());
            QCoreApplication::processEvents();
            QVERIFY(savePicture(look.metricsPage(), u"metrics-alert-silenced.png"_s));
        }

        // Unsilenced while it fires: audited, notifies again, and the wall turns to the playbook.
        // From the page: Unsilence, then its question answered with a reason.
        QTimer::singleShot(0, this, [] {
            QWidget *ask = QApplication::activeModalWidget();
            QVERIFY(ask);
            ask->findChild<QLineEdit *>()->setText(u"provider is back, watching it fire"_s);
            ask->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        QTest::mouseClick(page->unsilenceButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        QVERIFY2(finished.last().at(1).toBool(), qPrintable(finished.last().at(0).toString()));
        QVERIFY(!c.silences.isSilenced(u"HighErrorRate"_s, {{u"service"_s, u"payment-service"_s}}));
        QCOMPARE(page->notifier()->lastDecision(), AlertNotifier::Decision::Shown); // it still fires
        QCOMPARE(page->notifier()->shownCount(), 1);
        QCOMPARE(wall.currentPageId(), u"playbooks"_s);
        QVERIFY(!c.board.live(0).raise.silenced);
        wall.overviewPage()->refresh();
        QCOMPARE(wall.overviewPage()->verdict(u"alerts"_s), u"missed"_s);
        QCOMPARE(wall.overviewPage()->tile(u"alerts"_s)->value(), u"1"_s);
        QTRY_COMPARE_WITH_TIMEOUT(c.auditRecords().size(), 4, 5000);
        QCOMPARE(c.auditRecords().at(2).value(u"verb"_s).toString(), u"unsilence"_s);
        QCOMPARE(c.auditRecords().at(2).value(u"reason"_s).toString(), u"provider is back, watching it fire"_s);
        QCOMPARE(c.auditRecords().at(3).value(u"result"_s).toString(), u"done"_s);
        // The Audit page lists both, intent joined with its outcome.
        QSignalSpy auditLoaded(desk.auditPage(), &AuditPage::loaded);
        desk.auditPage()->reload();
        QVERIFY(auditLoaded.wait(5000));
        const AuditTableModel *audit = desk.auditPage()->model();
        QCOMPARE(audit->rowCount(), 2);
        QStringList verbs;
        for (int r = 0; r < 2; ++r) {
            verbs << audit->index(r, AuditTableModel::Verb).data().toString();
            QVERIFY2(audit->index(r, AuditTableModel::Target).data().toString().contains(instance),
                     qPrintable(audit->index(r, AuditTableModel::Target).data().toString()));
            QCOMPARE(audit->index(r, AuditTableModel::Result).data().toString(), u"done"_s);
        }
        verbs.sort();
        QCOMPARE(verbs, (QStringList{u"silence"_s, u"unsilence"_s}));
        // Back to Normal: no longer silenced, so it goes to the notifier, whose per-instance
        // limit holds it (the silence's end was notified a moment ago).
        c.evaluate(t0.addSecs(5), 0.0, page->notifier());
        QCOMPARE(page->notifier()->lastDecision(), AlertNotifier::Decision::Suppressed);

        // A restart reads what was stored: the unsilenced one is gone from the file.
        SilenceStateFile again(c.state.path());
        QSignalSpy loaded(&again, &SilenceStateFile::stored);
        again.load(kProfile);
        QVERIFY(loaded.first().at(2).value<QVector<AlertSilence>>().isEmpty());
    }

    void readOnlyProfileIsRefusedWithTheReason()
    {
        Console c;
        MainWindow desk(c.window(false));
        desk.show();
        desk.showPage(u"metrics"_s);
        MetricsPage *page = desk.metricsPage();
        AlertSilenceController controller([&c] { return c.context(true); }, &c.silences, page);
        QSignalSpy finished(&controller, &AlertSilenceController::finished);
        c.evaluate(QDateTime::currentDateTimeUtc(), 1.0, nullptr);
        page->alertView()->selectRow(rowOf(page->alertView(), u"HighErrorRate{service=payment-service}"_s));
        QVERIFY(!page->silenceButton()->isEnabled());
        QVERIFY2(page->silenceButton()->toolTip().contains(u"read_only"_s),
                 qPrintable(page->silenceButton()->toolTip()));
        QVERIFY(!controller.silence(u"HighErrorRate"_s, {{u"service"_s, u"payment-service"_s}}, 900, u"why"_s));
        QCOMPARE(finished.size(), 1);
        QVERIFY2(finished.first().at(0).toString().contains(u"read_only"_s),
                 qPrintable(finished.first().at(0).toString()));
        QVERIFY(c.silences.all().isEmpty());
        QTest::qWait(100);
        QVERIFY(c.auditRecords().isEmpty()); // refused before anything is written
        QVERIFY(page->noticeText().contains(u"refused"_s));
    }
};

QTEST_MAIN(TestAlertSilenceGui)
#include "tst_alert_silence_gui.moc"
