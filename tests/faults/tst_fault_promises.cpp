// Promises of the console under faults that are not about one feed's health: a slow-drip
// answer still fails at the overall deadline; the window is up fast whatever state the
// profiles' servers are in; and an action whose answer is lost is "outcome unknown", never
// success, and is not sent again under a new key.
#include "ConsoleApp.h"
#include "FaultHarness.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "PrometheusClient.h"
#include "ProxiedStack.h"
#include "SimHarness.h"
#include "StackInfo.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestFaultPromises : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;

private slots:
    void initTestCase() { SimHarness::open(m_sim); }
    void cleanupTestCase()
    {
        if (m_sim)
            m_sim->restore();
        m_sim.reset();
    }

    void slowDripStillFailsAtTheDeadline()
    {
        ProxiedStack stack;
        QVERIFY2(stack.error().isEmpty(), qPrintable(stack.error()));
        FaultProxy *proxy = stack.proxy(u"prometheus"_s);
        // 20 bytes/s: a byte every 50 ms, so the transfer timeout (no byte for 2 s) never fires.
        QVERIFY2(proxy->set(u"drip 20"_s), qPrintable(proxy->error()));
        PrometheusClient::registerMetaTypes();
        PrometheusSettings settings;
        settings.url = u"http://127.0.0.1:%1"_s.arg(proxy->port());
        PrometheusClient client(settings);
        client.setTimeouts(30000, 5000); // only the deadline can end it
        client.start();
        QSignalSpy answered(&client, &PrometheusClient::answered);
        PromRequest r;
        r.id = 1;
        r.kind = PromRequest::Kind::Range;
        r.query = u"up"_s;
        r.end = double(QDateTime::currentSecsSinceEpoch());
        r.start = r.end - 3600;
        r.step = 1; // thousands of points: far more than drips through in 5 s
        QElapsedTimer clock;
        clock.start();
        client.submit(r);
        QVERIFY(answered.wait(15000));
        const qint64 took = clock.elapsed();
        const PromAnswer a = answered.first().first().value<PromAnswer>();
        FaultRecord rec{u"slowDripStillFailsAtTheDeadline"_s,
                        u"drip 20 B/s via proxy"_s,
                        u"Prometheus"_s,
                        u"fails at the 5 s deadline though bytes keep coming"_s,
                        u"failed after %1 ms: %2"_s.arg(took).arg(a.error),
                        false};
        // A coarse timer may fire up to 5 % early.
        rec.passed = !a.ok() && a.error.contains(u"deadline"_s) && took >= 4700 && took <= 7000;
        rec.write();
        QVERIFY2(!a.ok(), "a dripping answer was taken as complete");
        QVERIFY2(a.error.contains(u"deadline"_s), qPrintable(a.error));
        QVERIFY2(took >= 4700 && took <= 7000, qPrintable(u"failed after %1 ms"_s.arg(took)));
        client.stop();
    }

    void startupIsQuickWhateverTheProfilesReach_data()
    {
        QTest::addColumn<QString>("current");
        QTest::newRow("the good profile") << u"good"_s;
        QTest::newRow("an unreachable profile") << u"blackholed-1"_s;
    }
    void startupIsQuickWhateverTheProfilesReach()
    {
        QFETCH(QString, current);
        // Four profiles whose servers never answer (a proxy that black-holes everything) and
        // the stack's own.
        FaultProxy hole(u"127.0.0.1"_s, 9);
        QVERIFY(hole.ok() && hole.set(u"blackhole"_s));
        QTemporaryDir dir;
        const QString good = dir.filePath(u"good.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(good, &error), qPrintable(error));
        QFile in(good);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(in.readAll());
        // The stack's profile is "local": body lines are indented under "profiles:".
        const qsizetype body = text.indexOf(u"  local:\n"_s);
        QVERIFY(body > 0);
        const QString localBody = text.mid(body + 8);
        QString all = u"current: "_s + current + u"\nprofiles:\n  good:"_s + localBody;
        const StackInfo stack = StackInfo::load();
        const QString pgPort = QString::number(stack.section(u"postgres"_s).value(u"port"_s).toInt());
        const QString hostPort = u"127.0.0.1:%1"_s.arg(hole.port());
        for (int i = 1; i <= 4; ++i) {
            QString b = localBody;
            b.replace(u"port="_s + pgPort, u"port=%1"_s.arg(hole.port()));
            b.replace(stack.string(u"kafka"_s, u"bootstrap"_s), hostPort);
            b.replace(stack.string(u"prometheus"_s, u"url"_s), u"http://"_s + hostPort);
            b.replace(stack.string(u"sim"_s, u"api_url"_s), u"http://"_s + hostPort);
            b.replace(stack.string(u"kube"_s, u"kubeconfig"_s), dir.filePath(u"missing.kubeconfig"_s));
            all += u"  blackholed-%1:"_s.arg(i) + b;
        }
        const QString path = dir.filePath(u"profiles.yaml"_s);
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(all.toUtf8());
        out.close();

        QElapsedTimer clock;
        clock.start();
        CommandLineOptions options;
        options.configPath = path;
        ConsoleApp app(options);
        app.showWindow();
        QVERIFY(QTest::qWaitForWindowExposed(app.window()));
        const qint64 upMs = clock.elapsed();
        QCOMPARE(app.profileName(), current);
        QVERIFY2(app.problems().isEmpty(), qPrintable(app.problems().join(u"; "_s)));
        // Truthful from the first second: an unreachable profile's feeds are never Live.
        waitUntil([] { return false; }, 3000);
        if (current != u"good"_s)
            for (FeedKind kind : {FeedKind::Postgres, FeedKind::Prometheus, FeedKind::Orchestrator})
                QVERIFY2(app.models().health->health(kind).state != FeedState::Live, qPrintable(feedName(kind)));
        FaultRecord{u"startupIsQuickWhateverTheProfilesReach"_s, u"4 black-holed profiles + 1 good"_s,
                    u"startup, current = "_s + current,          u"window up < 2000 ms"_s,
                    u"window exposed after %1 ms"_s.arg(upMs),   upMs < 2000}
            .write();
        QVERIFY2(upMs < 2000, qPrintable(u"window up after %1 ms"_s.arg(upMs)));
    }

    void lostAnswerIsOutcomeUnknownAndNotResentUnderANewKey()
    {
        ProxiedStack stack;
        QVERIFY2(stack.error().isEmpty(), qPrintable(stack.error()));
        const QString saga = m_sim->sqlValue(u"SELECT id FROM saga_instances WHERE status = 'FAILED' "
                                             u"ORDER BY updated_at DESC LIMIT 1"_s);
        QVERIFY2(!saga.isEmpty(), "no FAILED saga to retry (run a payment-outage first)");
        const QString attemptSql = u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(saga);
        const int before = m_sim->sqlValue(attemptSql).toInt();
        FaultProxy *proxy = stack.proxy(u"orchestrator"_s);
        // The action's answer is lost; the reads before and after it are answered.
        QVERIFY2(proxy->set(u"drop-answers-to POST"_s), qPrintable(proxy->error()));

        QTemporaryDir state;
        QProcess act;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_STATE_HOME"_s, state.path());
        act.setProcessEnvironment(env);
        act.start(qEnvironmentVariable("SAGADECK_BIN"),
                  {u"act"_s, u"retry"_s, saga, u"--reason"_s, u"fault test: answer lost"_s, u"--yes"_s, u"--config"_s,
                   stack.profilePath()});
        QVERIFY(act.waitForFinished(120000));
        const QString err = QString::fromLocal8Bit(act.readAllStandardError());
        const QString out = QString::fromLocal8Bit(act.readAllStandardOutput());
        proxy->set(u"pass"_s);

        // The audit log: one intent, one outcome, "unknown".
        QFile audit(state.filePath(u"sagadeck/audit.jsonl"_s));
        QVERIFY2(audit.open(QIODevice::ReadOnly), qPrintable(audit.fileName() + u": "_s + out + err));
        QStringList kinds, results, actionIds;
        for (const QByteArray &line : audit.readAll().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            kinds << o.value(u"kind"_s).toString();
            results << o.value(u"result"_s).toString();
            actionIds << o.value(u"action_id"_s).toString();
        }
        // The server: the saga was retried at most once, and under one key only.
        const int after = m_sim->sqlValue(attemptSql).toInt();
        const QString keys = m_sim->sqlValue(u"SELECT count(DISTINCT key) FROM saga_api_idempotency "
                                             u"WHERE path LIKE '%%1%'"_s.arg(saga));
        const QString observed =
            u"exit %1; audit %2 / %3; attempt %4 -> %5; distinct keys at the server %6; sent %7 connection(s)"_s
                .arg(act.exitCode())
                .arg(kinds.join(u','), results.join(u','))
                .arg(before)
                .arg(after)
                .arg(keys)
                .arg(proxy->connectionsAccepted());
        const bool passed = act.exitCode() == 5 && kinds == QStringList{u"intent"_s, u"outcome"_s}
            && results.last() == u"unknown"_s && after - before <= 1 && keys.toInt() <= 1;
        FaultRecord{u"lostAnswerIsOutcomeUnknownAndNotResentUnderANewKey"_s,
                    u"answers to POST dropped via proxy"_s,
                    u"orchestrator (sagadeck act retry)"_s,
                    u"outcome unknown, exit 5; one key"_s,
                    observed,
                    passed}
            .write();
        qInfo("%s", qPrintable(observed));
        QVERIFY2(act.exitCode() == 5, qPrintable(out + err));
        QVERIFY2(out.contains(u"0 done, 0 failed, 1 outcome unknown"_s), qPrintable(out));
        QVERIFY2(err.contains(u"outcome unknown"_s) || out.contains(u"outcome unknown"_s), qPrintable(out + err));
        QCOMPARE(kinds, (QStringList{u"intent"_s, u"outcome"_s}));
        QCOMPARE(results.last(), u"unknown"_s);
        QCOMPARE(actionIds.at(0), actionIds.at(1));
        QVERIFY2(after - before <= 1, qPrintable(observed));
        QVERIFY2(keys.toInt() <= 1, qPrintable(observed));
    }
};

QTEST_MAIN(TestFaultPromises)
#include "tst_fault_promises.moc"
