#include "AlertSilence.h"
#include "AlertSilenceDialog.h"
#include "ConsoleApp.h"
#include "MetricsPage.h"
#include "EscalationPanel.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PlaybookDetailPane.h"
#include "PlaybooksPage.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// A wrong profile never stops the console: it starts, the affected feeds are Disabled, and
// the reason (file, line, key) is where people look. No server is needed for any of this.
class TestConsoleProfiles : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }

    static FeedHealth healthOf(ConsoleApp &app, FeedKind kind) { return app.models().health->health(kind); }

private slots:
    void malformedYamlStartsWithEveryFeedDisabled()
    {
        const QString path = write(u"broken.yaml"_s, "current: local\nprofiles:\n  local: [unclosed\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        QVERIFY(app.window());
        QVERIFY(!app.problems().isEmpty());
        QVERIFY2(app.problems().first().startsWith(path + u':'), qPrintable(app.problems().first()));
        for (FeedKind kind : allFeedKinds) {
            const FeedHealth h = healthOf(app, kind);
            QCOMPARE(h.state, FeedState::Disabled);
            QVERIFY2(h.reason.contains(path), qPrintable(h.reason));
        }
        app.window()->show();
        QVERIFY(QTest::qWaitForWindowExposed(app.window()));
        QVERIFY(app.window()->profileText().contains(u"problems"_s));
        QVERIFY(app.window()->findChild<QLabel *>(u"profileLabel"_s)->toolTip().contains(path));
    }

    void aBadSectionDisablesOnlyItsFeed()
    {
        // Postgres is fine (nothing listens on port 1, so it will be Connecting or Down);
        // Kafka's refresh_ms is not a number: only Kafka is Disabled, with file:line:key.
        const QString path = write(u"kafka-bad.yaml"_s,
                                   "current: p\n"
                                   "profiles:\n"
                                   "  p:\n"
                                   "    postgres:\n"
                                   "      conninfo: \"host=127.0.0.1 port=1 dbname=x user=y connect_timeout=1\"\n"
                                   "    kafka:\n"
                                   "      bootstrap: \"127.0.0.1:1\"\n"
                                   "      refresh_ms: soon\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        QCOMPARE(app.profileName(), u"p"_s);
        const FeedHealth kafka = healthOf(app, FeedKind::Kafka);
        QCOMPARE(kafka.state, FeedState::Disabled);
        QVERIFY2(kafka.reason.contains(path + u":8:"_s), qPrintable(kafka.reason));
        QVERIFY2(kafka.reason.contains(u"profiles.p.kafka.refresh_ms"_s), qPrintable(kafka.reason));
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(app, FeedKind::Postgres).state == FeedState::Down, 10000);
        QVERIFY(!healthOf(app, FeedKind::Postgres).reason.isEmpty());
        // The status bar says both, in words.
        app.window()->show();
        QString texts;
        for (FeedHealthIndicator *i : app.window()->healthIndicators())
            texts += i->text() + u'\n';
        QVERIFY2(texts.contains(u"Kafka · Disabled"_s), qPrintable(texts));
        QVERIFY2(texts.contains(u"Postgres · Down"_s), qPrintable(texts));
    }

    void inlinePasswordIsRefusedAndNeverShown()
    {
        const QString path = write(u"inline.yaml"_s,
                                   "profiles:\n"
                                   "  p:\n"
                                   "    postgres:\n"
                                   "      conninfo: \"host=db user=ops password=hunter2\"\n");
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        const FeedHealth pg = healthOf(app, FeedKind::Postgres);
        QCOMPARE(pg.state, FeedState::Disabled);
        QVERIFY2(pg.reason.contains(u"inline passwords are refused"_s), qPrintable(pg.reason));
        QVERIFY(!pg.reason.contains(u"hunter2"_s));
        for (const QString &p : app.problems())
            QVERIFY(!p.contains(u"hunter2"_s));
    }

    // Issue 18: `read_onyl: true` in place of `read_only: false` once left a console writable.
    // Now the profile is refused: no session, no feed, and the key, line and fix are shown.
    void aMisspeltKeyRefusesTheProfile()
    {
        const QString path = write(u"typo.yaml"_s,
                                   "current: p\n"
                                   "profiles:\n"
                                   "  p:\n"
                                   "    read_onyl: true\n"
                                   "    orchestrator:\n"
                                   "      url: \"http://127.0.0.1:9\"\n");
        const QString expected = path + u":4: profiles.p.read_onyl: unknown key; did you mean `read_only`?"_s;
        for (const bool warRoom : {false, true}) {
            CommandLineOptions options;
            options.configPath = path;
            options.warRoom = warRoom;
            ConsoleApp app(options);
            QCOMPARE(app.profileName(), QString());
            QVERIFY(!app.activeProfile());
            QVERIFY2(app.problems().join(u'\n').contains(expected), qPrintable(app.problems().join(u'\n')));
            for (FeedKind kind : allFeedKinds) {
                const FeedHealth h = healthOf(app, kind);
                QCOMPARE(h.state, FeedState::Disabled);
                QVERIFY2(h.reason.contains(expected), qPrintable(h.reason));
            }
            app.window()->show();
            QVERIFY(QTest::qWaitForWindowExposed(app.window()));
            QVERIFY(app.window()->findChild<QLabel *>(u"profileLabel"_s)->toolTip().contains(expected));
        }
    }

    // The runbook's escalation path from the profile: on the overview (dashboards as links),
    // on the wall (dashboards written out: nobody clicks a wall) and below every playbook.
    void contactsAndDashboardsAreShown()
    {
        const QString path = write(u"contacts.yaml"_s,
                                   "profiles:\n"
                                   "  p:\n"
                                   "    contacts:\n"
                                   "      - {role: Vendor support, reach: support@vendor.example}\n"
                                   "      - {role: On-call engineer, reach: \"+1-555-0123\", level: 1}\n"
                                   "    dashboards:\n"
                                   "      - {title: Saga <metrics>, url: \"http://grafana.example/d/sagas\"}\n"
                                   "    orchestrator:\n"
                                   "      url: \"http://127.0.0.1:9\"\n");
        const QString contacts = u"1 · On-call engineer · +1-555-0123\nVendor support · support@vendor.example"_s;
        const QString dashboard = u"Saga <metrics>: http://grafana.example/d/sagas"_s;
        for (const bool warRoom : {false, true}) {
            CommandLineOptions options;
            options.configPath = path;
            options.warRoom = warRoom;
            ConsoleApp app(options);
            QCOMPARE(app.profileName(), u"p"_s);
            const EscalationPanel *overview = app.window()->overviewPage()->escalation();
            QCOMPARE(overview->contactsText(), contacts);
            QCOMPARE(overview->dashboardsText(), dashboard);
            const QLabel *links = overview->findChild<QLabel *>(u"escalationDashboards"_s);
            // The title is markup-escaped in the link, and the wall writes the address out.
            QCOMPARE(links->text().contains(u"<a href=\"http://grafana.example/d/sagas\">Saga &lt;metrics&gt;</a>"_s),
                     !warRoom);
            QCOMPARE(links->text() == dashboard, warRoom);
            const EscalationPanel *playbook = app.window()->playbooksPage()->detail()->escalation();
            QCOMPARE(playbook->contactsText(), contacts);
            QVERIFY(playbook->dashboardsText().isEmpty());
        }
        // A profile without contacts says so rather than showing an empty box.
        const QString none = write(u"none.yaml"_s, "profiles:\n  p:\n    description: x\n");
        CommandLineOptions options;
        options.configPath = none;
        ConsoleApp app(options);
        QCOMPARE(app.window()->overviewPage()->escalation()->contactsText(),
                 u"No contacts: the profile has no contacts: list"_s);
    }

    void missingConfigFileIsSaid()
    {
        CommandLineOptions options;
        options.configPath = m_dir.filePath(u"nope.yaml"_s);
        ConsoleApp app(options);
        QVERIFY(!app.problems().isEmpty());
        QVERIFY2(app.problems().first().contains(u"nope.yaml"_s), qPrintable(app.problems().first()));
        QCOMPARE(healthOf(app, FeedKind::Postgres).state, FeedState::Disabled);
    }

    // Silencing through the whole console (the session's controller, audit writer and the
    // console-state thread): audited, stored in the profile's state file, there again after a
    // restart; a read-only console refuses it and says why. Prometheus need not answer.
    void aSilenceIsAuditedAndSurvivesARestart()
    {
        QTemporaryDir state;
        const QByteArray oldState = qgetenv("XDG_STATE_HOME");
        qputenv("XDG_STATE_HOME", QFile::encodeName(state.path()));
        const QString path = write(u"silence.yaml"_s,
                                   "current: prod-eu\n"
                                   "profiles:\n"
                                   "  prod-eu:\n"
                                   "    prometheus:\n"
                                   "      url: \"http://127.0.0.1:1\"\n");
        const AlertLabels labels{{u"service"_s, u"payment-service"_s}};
        CommandLineOptions options;
        options.configPath = path;
        {
            ConsoleApp app(options);
            MetricsPage *page = app.window()->metricsPage();
            QVERIFY(page);
            QVERIFY2(page->silenceButton()->toolTip().contains(u"Select an instance"_s),
                     qPrintable(page->silenceButton()->toolTip())); // allowed, once a row is picked
            emit page->silenceRequested(u"HighErrorRate"_s, labels);
            auto *dialog = page->findChild<AlertSilenceDialog *>();
            QVERIFY(dialog);
            dialog->durationPicker()->setCurrentIndex(2); // 4 h
            dialog->reasonEdit()->setText(u"maintenance of the payment provider"_s);
            dialog->okButton()->click();
            QTRY_VERIFY_WITH_TIMEOUT(app.models().silences->isSilenced(u"HighErrorRate"_s, labels), 5000);
            QTRY_VERIFY_WITH_TIMEOUT(page->noticeText().startsWith(u"Silenced HighErrorRate"_s) || !page->isVisible(),
                                     5000);
        }
        QFile audit(state.path() + u"/sagadeck/audit.jsonl"_s);
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = audit.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(0).contains("\"verb\":\"silence\"") && lines.at(0).contains("\"kind\":\"intent\""));
        QVERIFY(lines.at(1).contains("\"result\":\"done\""));
        {
            ConsoleApp again(options); // a restart
            QTRY_VERIFY_WITH_TIMEOUT(again.models().silences->isSilenced(u"HighErrorRate"_s, labels), 5000);
            const auto s = again.models().silences->active(u"HighErrorRate"_s, labels);
            QCOMPARE(s->reason, u"maintenance of the payment provider"_s);
            QVERIFY(qAbs(s->start.secsTo(s->until) - 4 * 3600) <= 1);
        }
        options.readOnly = true;
        {
            ConsoleApp readOnly(options);
            MetricsPage *page = readOnly.window()->metricsPage();
            QVERIFY2(page->silenceButton()->toolTip().contains(u"--read-only"_s),
                     qPrintable(page->silenceButton()->toolTip()));
            emit page->silenceRequested(u"HighErrorRate"_s, {{u"service"_s, u"order-service"_s}});
            QVERIFY(!page->findChild<AlertSilenceDialog *>()); // refused before any dialog
        }
        qputenv("XDG_STATE_HOME", oldState);
    }
};

QTEST_MAIN(TestConsoleProfiles)
#include "tst_console_profiles.moc"
