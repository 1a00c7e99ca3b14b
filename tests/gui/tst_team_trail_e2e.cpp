#include "ActCommand.h"
#include "ActionConfirmDialog.h"
#include "AuditLogReader.h"
#include "AuditPage.h"
#include "AuditTableModel.h"
#include "CommandLineOptions.h"
#include "ConsoleApp.h"
#include "ConsoleSession.h"
#include "DeploymentTableModel.h"
#include "FaultHarness.h"
#include "IncidentTimeline.h"
#include "MainWindow.h"
#include "ServicesPage.h"
#include "StackInfo.h"
#include "StatePaths.h"
#include "TeamActivityLabel.h"
#include "TeamTrail.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The team trail on the real stack (issue 21), two consoles of two OS users:
// - alice: a console (`sagadeck`, its own process, USER=alice and a state folder of her own) that
//   publishes her audit log to the topic, and `sagadeck act` runs of hers that write to that log;
// - bob: the console in this process (USER=bob), reading the topic.
// A restart by alice reaches bob's in-flight list, Audit page and timeline within 2 s of her
// intent; bob's restart of the same Deployment while hers runs asks for "do it anyway" before
// anything is sent. With Kafka stopped (SIGSTOP) during an action, her records are published
// once Kafka is back, each exactly once on the topic: kcat, reading the topic itself, is the witness.
class TestTeamTrailE2E : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    StackInfo m_stack;
    QString m_profilePath;
    QProcess m_alice; // alice's console
    QElapsedTimer m_clock;

    QString aliceState() const { return m_dir.filePath(u"alice/state"_s); }
    QString aliceLog() const { return aliceState() + u"/sagadeck/audit.jsonl"_s; }

    QProcessEnvironment aliceEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"USER"_s, u"alice"_s);
        env.insert(u"XDG_STATE_HOME"_s, aliceState());
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"alice/config"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, m_dir.filePath(u"alice/run"_s));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        return env;
    }

    // `sagadeck act restart notification-service` as alice, started (not waited for). With
    // --anyway: a run before this one on a kept stack may have left an action of hers in flight
    // on the topic (a killed test); she is the one who acts first here, whatever it says.
    void startAliceRestart(QProcess &act, const QString &reason)
    {
        act.setProcessEnvironment(aliceEnv());
        act.start(qEnvironmentVariable("SAGADECK_BIN"),
                  {u"act"_s, u"restart"_s, u"notification-service"_s, u"--config"_s, m_profilePath, u"--reason"_s,
                   reason, u"--yes"_s, u"--anyway"_s});
    }

    // SIGSTOP or SIGCONT to alice's act, never to a pid of 0 (kill(0) would signal this test's
    // whole process group, ctest included).
    static void signalAct(const QProcess &act, int signal)
    {
        if (act.processId() > 0)
            ::kill(pid_t(act.processId()), signal);
    }

    // Alice's records of the newest action with this reason, from her own log.
    QVector<AuditRecord> aliceRecords(const QString &reason) const
    {
        const QVector<AuditRecord> all = AuditLogReader::read(aliceLog()).records;
        ActionId id;
        for (const AuditRecord &r : all)
            if (r.kind == AuditKind::Intent && r.reason == reason)
                id = r.actionId;
        QVector<AuditRecord> out;
        for (const AuditRecord &r : all)
            if (!id.isNull() && r.actionId == id)
                out << r;
        return out;
    }

    static bool hasRecord(const TeamTrail &trail, const ActionId &id, AuditKind kind)
    {
        return std::any_of(trail.records().cbegin(), trail.records().cend(),
                           [&](const AuditRecord &r) { return r.actionId == id && r.kind == kind; });
    }

    // The topic as kcat reads it: the kind of every message whose key is `id`.
    QStringList topicKindsOf(const ActionId &id) const
    {
        QProcess kcat;
        kcat.start(u"kcat"_s,
                   {u"-b"_s, m_stack.string(u"kafka"_s, u"bootstrap"_s), u"-C"_s, u"-t"_s, u"sagadeck-audit"_s, u"-o"_s,
                    u"beginning"_s, u"-e"_s, u"-q"_s, u"-J"_s});
        if (!kcat.waitForFinished(30000) || kcat.exitCode() != 0)
            return {u"kcat failed: "_s + QString::fromUtf8(kcat.readAllStandardError())};
        QStringList kinds;
        for (const QByteArray &line : kcat.readAllStandardOutput().split('\n')) {
            const QJsonObject envelope = QJsonDocument::fromJson(line).object();
            if (envelope.value(u"key"_s).toString() != id.toString())
                continue;
            const QJsonObject record =
                QJsonDocument::fromJson(envelope.value(u"payload"_s).toString().toUtf8()).object();
            kinds << record.value(u"kind"_s).toString();
        }
        kinds.sort();
        return kinds;
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        QVERIFY2(m_stack.root.contains(u"kube"_s), "the stack was brought up without Kubernetes");
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(m_profilePath, &error), qPrintable(error));
        for (const QString &d : {u"alice/state"_s, u"alice/config"_s, u"alice/run"_s, u"bob/state"_s})
            QVERIFY(QDir().mkpath(m_dir.filePath(d)));
        QFile::setPermissions(m_dir.filePath(u"alice/run"_s), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        // This process is bob's console.
        qputenv("USER", "bob");
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"bob/state"_s).toUtf8());

        // Alice's console: it takes her outbox's lock and publishes what her log gets.
        m_alice.setProcessEnvironment(aliceEnv());
        m_alice.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_alice.start(qEnvironmentVariable("SAGADECK_BIN"), {u"--config"_s, m_profilePath});
        QVERIFY(m_alice.waitForStarted());
        const QDir outbox(aliceState() + u"/sagadeck/audit-outbox"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!outbox.entryList({u"*.lock"_s}, QDir::Files).isEmpty(), 30000);
    }

    void cleanupTestCase()
    {
        m_alice.terminate();
        if (!m_alice.waitForFinished(10000))
            m_alice.kill();
    }

    void aliceRestartReachesBobAndAsksBeforeHisOwn()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp bob(options);
        MainWindow *w = bob.window();
        QVERIFY(w);
        TeamTrail *trail = bob.models().team;
        QVERIFY(trail);
        QTRY_VERIFY2_WITH_TIMEOUT(trail->readerLive(), qPrintable(trail->readerProblem()), 30000);
        QVERIFY(bob.models().deployments);
        QTRY_VERIFY_WITH_TIMEOUT(bob.models().deployments->deployment(u"notification-service"_s).has_value(), 30000);

        // Alice restarts; her `act` is held (SIGSTOP) between intent and outcome, so that the
        // restart is in flight for as long as bob needs to look. Should the outcome come first
        // (a fast rollout), the round is repeated.
        QVector<AuditRecord> records;
        QString reason;
        QProcess act;
        for (int round = 0; round < 3; ++round) {
            reason = u"INC-21 team trail %1"_s.arg(round);
            startAliceRestart(act, reason);
            QTRY_VERIFY_WITH_TIMEOUT(!(records = aliceRecords(reason)).isEmpty() || act.state() == QProcess::NotRunning,
                                     30000);
            signalAct(act, SIGSTOP);
            m_clock.start(); // the intent is on alice's disk
            records = aliceRecords(reason);
            if (records.size() == 1)
                break;
            QVERIFY2(!records.isEmpty(), act.readAllStandardError().constData()); // ended without acting
            signalAct(act, SIGCONT);
            act.waitForFinished(60000);
        }
        QCOMPARE(records.size(), 1);
        const AuditRecord intent = records.first();
        QCOMPARE(intent.osUser, u"alice"_s);

        // A third console, the wall's snapshot (carol), started now: its JSON carries the
        // in-flight list, for a channel bot.
        QProcess wall;
        QProcessEnvironment carol = QProcessEnvironment::systemEnvironment();
        carol.insert(u"USER"_s, u"carol"_s);
        carol.insert(u"XDG_STATE_HOME"_s, m_dir.filePath(u"carol/state"_s));
        wall.setProcessEnvironment(carol);
        const QString wallJson = m_dir.filePath(u"wall.json"_s);
        QStringList wallArgs{u"snapshot"_s, u"--war-room"_s, u"--page"_s,   u"overview"_s,  u"--json"_s,
                             wallJson,      u"--config"_s,   m_profilePath, u"--timeout"_s, u"30"_s};
        if (const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR"); !shots.isEmpty())
            wallArgs << u"--png"_s << shots + u"/war-room-wall-team-in-flight.png"_s;
        wall.start(qEnvironmentVariable("SAGADECK_BIN"), wallArgs);

        // Within 2 s bob's console has it: the trail, the in-flight list, the Audit page, the timeline.
        QTRY_VERIFY_WITH_TIMEOUT(hasRecord(*trail, intent.actionId, AuditKind::Intent), 2000);
        const qint64 reachedMs = m_clock.elapsed();
        qInfo("alice's intent reached bob's console %lld ms after it was on her disk", reachedMs);
        QVERIFY(reachedMs <= 2000);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(trail->inFlightOn(u"deployment"_s, intent.target.ns, u"notification-service"_s, now).has_value());
        QTRY_VERIFY2(w->teamActivity()->inFlightText().contains(u"notification-service restart by alice"_s),
                     qPrintable(w->teamActivity()->text()));
        AuditTableModel *audit = w->auditPage()->model();
        QTRY_VERIFY(std::any_of(audit->rows().cbegin(), audit->rows().cend(), [&](const AuditTableModel::Row &r) {
            return r.intent.actionId == intent.actionId && r.intent.osUser == u"alice"_s && !r.outcome;
        }));
        if (const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR"); !shots.isEmpty()) {
            w->resize(1400, 800);
            w->showPage(u"audit"_s);
            w->show();
            QTest::qWait(300);
            QVERIFY(w->grab().save(shots + u"/team-trail-audit-page.png"_s));
        }
        const TimelineMarkers markers = bob.models().timeline->markers();
        QVERIFY(std::any_of(markers.cbegin(), markers.cend(), [&](const TimelineMarker &m) {
            return m.key == u"action:"_s + intent.actionId.toString() && m.who.contains(u"alice"_s);
        }));

        // Bob restarts the same Deployment: the dialog names alice's action and asks for "do it
        // anyway"; without it the confirm button stays off. He cancels: nothing is sent.
        w->resize(1400, 900);
        w->showPage(u"services"_s);
        w->show();
        ServicesPage *page = w->servicesPage();
        page->selectDeployment(u"notification-service"_s);
        QTRY_VERIFY_WITH_TIMEOUT(page->restartButton()->isEnabled(), 10000);
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        ActionConfirmDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<ActionConfirmDialog *>()) != nullptr, 15000);
        auto *conflict = dialog->findChild<QLabel *>(u"actionConflict"_s);
        QVERIFY(conflict);
        QVERIFY2(conflict->text().contains(u"notification-service: restart by alice"_s), qPrintable(conflict->text()));
        QVERIFY(conflict->text().contains(reason));
        QVERIFY(dialog->doItAnywayBox());
        QTest::keyClicks(dialog->confirmationEdit(), u"notification-service"_s);
        QTest::keyClicks(dialog->reasonEdit(), u"bob: the same restart"_s);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QVERIFY2(dialog->missingText().contains(u"Do it anyway"_s), qPrintable(dialog->missingText()));
        dialog->doItAnywayBox()->setChecked(true);
        QVERIFY(dialog->confirmButton()->isEnabled());
        if (const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + u"/team-conflict-dialog.png"_s));
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY(!w->findChild<ActionConfirmDialog *>());
        QVERIFY(AuditLogReader::read(StatePaths().auditLogPath()).records.isEmpty()); // bob sent nothing

        // Dave, at a terminal, tries the same restart with `sagadeck act --yes`: refused before
        // anything is sent, with alice's action named and the way to act anyway.
        QProcess dave;
        QProcessEnvironment daveEnv = QProcessEnvironment::systemEnvironment();
        daveEnv.insert(u"USER"_s, u"dave"_s);
        daveEnv.insert(u"XDG_STATE_HOME"_s, m_dir.filePath(u"dave/state"_s));
        dave.setProcessEnvironment(daveEnv);
        dave.start(qEnvironmentVariable("SAGADECK_BIN"),
                   {u"act"_s, u"restart"_s, u"notification-service"_s, u"--config"_s, m_profilePath, u"--reason"_s,
                    u"dave: the same restart"_s, u"--yes"_s});
        QVERIFY(dave.waitForFinished(60000));
        const QString daveSays = QString::fromUtf8(dave.readAllStandardError());
        QCOMPARE(dave.exitCode(), int(ActExitRefused));
        QVERIFY2(daveSays.contains(u"refused: someone is already acting on this target. notification-service: "
                                   u"restart by alice"_s)
                     && daveSays.contains(reason) && daveSays.contains(u"--anyway"_s),
                 qPrintable(daveSays));
        QVERIFY(AuditLogReader::read(m_dir.filePath(u"dave/state/sagadeck/audit.jsonl"_s)).records.isEmpty());

        QVERIFY(wall.state() == QProcess::NotRunning || wall.waitForFinished(60000));
        QVERIFY2(wall.exitCode() == 0, qPrintable(QString::fromUtf8(wall.readAllStandardError())));
        QFile wallFile(wallJson);
        QVERIFY(wallFile.open(QIODevice::ReadOnly));
        const QJsonObject wallSnapshot = QJsonDocument::fromJson(wallFile.readAll()).object();
        const QJsonObject team = wallSnapshot.value(u"team_trail"_s).toObject();
        QVERIFY2(team.value(u"read"_s).toBool(), qPrintable(team.value(u"problem"_s).toString()));
        const QJsonArray inFlight = team.value(u"in_flight"_s).toArray();
        QVERIFY(std::any_of(inFlight.cbegin(), inFlight.cend(), [&](const QJsonValue &v) {
            return v[u"action_id"_s].toString() == intent.actionId.toString() && v[u"who"_s].toString() == u"alice"_s
                && v[u"target"_s].toString() == u"notification-service"_s;
        }));

        // The wall's "What changed" has it too: newest first, so among the rows shown, unless as
        // many newer changes fill them (an outage's alerts firing on the stack as the wall starts).
        const QJsonArray changed = wallSnapshot.value(u"wall"_s)[u"what_changed"_s].toArray();
        QVERIFY(!changed.isEmpty());
        const bool shown = std::any_of(changed.cbegin(), changed.cend(), [](const QJsonValue &v) {
            return v[u"text"_s].toString().startsWith(u"restart notification-service by alice"_s);
        });
        const bool allNewer = std::all_of(changed.cbegin(), changed.cend(), [&](const QJsonValue &v) {
            return QDateTime::fromString(v[u"at"_s].toString(), Qt::ISODate) >= intent.at.addSecs(-1);
        });
        QVERIFY2(shown || allNewer, QJsonDocument(changed).toJson().constData());

        // Alice's act goes on; its outcome reaches bob and the action leaves the in-flight list.
        signalAct(act, SIGCONT);
        QVERIFY(act.waitForFinished(90000));
        const QString out = QString::fromUtf8(act.readAllStandardOutput());
        QVERIFY2(act.exitCode() == 0, qPrintable(out + QString::fromUtf8(act.readAllStandardError())));
        QVERIFY2(out.contains(u"team trail: "_s) && out.contains(u"publishes this user's records"_s), qPrintable(out));
        QTRY_VERIFY_WITH_TIMEOUT(hasRecord(*trail, intent.actionId, AuditKind::Outcome), 10000);
        const QVector<ConsoleAction> still = trail->inFlight(QDateTime::currentDateTimeUtc());
        QVERIFY(std::none_of(still.cbegin(), still.cend(),
                             [&](const ConsoleAction &a) { return a.actionId == intent.actionId.toString(); }));
        QCOMPARE(topicKindsOf(intent.actionId), (QStringList{u"intent"_s, u"outcome"_s}));
    }

    // Kafka stopped for the whole of an action: alice's records wait in her log and go out when
    // Kafka is back, once each.
    void recordsWrittenWhileKafkaIsAwayArePublishedOnce()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp bob(options);
        TeamTrail *trail = bob.models().team;
        QTRY_VERIFY2_WITH_TIMEOUT(trail->readerLive(), qPrintable(trail->readerProblem()), 30000);

        const QString reason = u"INC-21 while Kafka is away"_s;
        QVector<AuditRecord> records;
        {
            StoppedServer kafka(StackControl::pidOf(u"kafka"_s), 240);
            QVERIFY(kafka.ok());
            QProcess act;
            startAliceRestart(act, reason);
            QVERIFY(act.waitForFinished(120000));
            QVERIFY2(act.exitCode() == 0, qPrintable(QString::fromUtf8(act.readAll())));
            records = aliceRecords(reason);
            QCOMPARE(records.size(), 2); // intent and outcome, on alice's disk
            QTest::qWait(2000);          // the console tries; Kafka does not answer
            QVERIFY(!hasRecord(*trail, records.first().actionId, AuditKind::Intent));
            QTRY_VERIFY_WITH_TIMEOUT(!trail->readerLive(), 20000); // bob's console says it is cut off
            kafka.resume();
        }
        QTRY_VERIFY_WITH_TIMEOUT(hasRecord(*trail, records.first().actionId, AuditKind::Intent)
                                     && hasRecord(*trail, records.first().actionId, AuditKind::Outcome),
                                 120000);
        QTRY_VERIFY_WITH_TIMEOUT(trail->readerLive(), 30000);
        QCOMPARE(topicKindsOf(records.first().actionId), (QStringList{u"intent"_s, u"outcome"_s}));
    }
};

QTEST_MAIN(TestTeamTrailE2E)
#include "tst_team_trail_e2e.moc"
