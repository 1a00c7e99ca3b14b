#include "ActCommand.h"
#include "CommandLineOptions.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using Mode = CommandLineOptions::Mode;

// `sagadeck act`: its command line, and the binary's refusals that need no server.
class TestActCommand : public QObject
{
    Q_OBJECT
private:
    static QString kId() { return u"0b0f4a4e-0000-4000-8000-000000000001"_s; }

    // readOnlyLine: the profile's third line, e.g. "read_only: true".
    QString writeProfile(const QTemporaryDir &dir, const QByteArray &readOnlyLine)
    {
        const QString path = dir.filePath(u"profiles.yaml"_s);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        // Port 9 (discard) on loopback: nothing must ever be sent there in these tests.
        f.write("current: p\nprofiles:\n  p:\n    " + readOnlyLine
                + "\n    orchestrator:\n      url: \"http://127.0.0.1:9\"\n");
        return path;
    }

private slots:
    void parse_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("messageContains");
        const QString id = kId();
        const QString app = u"sagadeck"_s;
        QTest::newRow("retry") << QStringList{app, u"act"_s, u"retry"_s, id, u"--reason"_s, u"r"_s} << int(Mode::Act)
                               << QString();
        QTest::newRow("bulk compensate") << QStringList{app, u"act"_s,      u"compensate"_s, id,
                                                        id,  u"--reason"_s, u"r"_s,          u"--yes"_s}
                                         << int(Mode::Act) << QString();
        QTest::newRow("no reason") << QStringList{app, u"act"_s, u"retry"_s, id} << int(Mode::Error)
                                   << u"--reason is required"_s;
        QTest::newRow("blank reason") << QStringList{app, u"act"_s, u"retry"_s, id, u"--reason"_s, u"  "_s}
                                      << int(Mode::Error) << u"--reason is required"_s;
        QTest::newRow("no verb") << QStringList{app, u"act"_s} << int(Mode::Error) << u"which action"_s;
        QTest::newRow("bad verb") << QStringList{app, u"act"_s, u"delete"_s, id, u"--reason"_s, u"r"_s}
                                  << int(Mode::Error) << u"unknown action 'delete'"_s;
        QTest::newRow("no target") << QStringList{app, u"act"_s, u"retry"_s, u"--reason"_s, u"r"_s} << int(Mode::Error)
                                   << u"at least one target"_s;
        QTest::newRow("not a uuid") << QStringList{app, u"act"_s, u"retry"_s, u"abc"_s, u"--reason"_s, u"r"_s}
                                    << int(Mode::Error) << u"'abc' is not a saga id"_s;
        QTest::newRow("restart") << QStringList{app,           u"act"_s, u"restart"_s, u"payment-service"_s,
                                                u"--reason"_s, u"r"_s}
                                 << int(Mode::Act) << QString();
        QTest::newRow("scale") << QStringList{app,    u"act"_s,      u"scale"_s, u"payment-service"_s, u"--replicas"_s,
                                              u"3"_s, u"--reason"_s, u"r"_s}
                               << int(Mode::Act) << QString();
        QTest::newRow("scale without replicas")
            << QStringList{app, u"act"_s, u"scale"_s, u"payment-service"_s, u"--reason"_s, u"r"_s} << int(Mode::Error)
            << u"--replicas"_s;
        QTest::newRow("replicas on retry")
            << QStringList{app, u"act"_s, u"retry"_s, id, u"--replicas"_s, u"2"_s, u"--reason"_s, u"r"_s}
            << int(Mode::Error) << u"only with scale"_s;
        QTest::newRow("two deployments") << QStringList{app,    u"act"_s,      u"restart"_s, u"a"_s,
                                                        u"b"_s, u"--reason"_s, u"r"_s}
                                         << int(Mode::Error) << u"exactly one deployment"_s;
        QTest::newRow("help") << QStringList{app, u"act"_s, u"--help"_s} << int(Mode::Help) << u"Exit codes"_s;
    }

    void parse()
    {
        QFETCH(QStringList, args);
        QFETCH(int, mode);
        QFETCH(QString, messageContains);
        const CommandLineOptions o = CommandLineOptions::parse(args);
        QCOMPARE(int(o.mode), mode);
        if (!messageContains.isEmpty())
            QVERIFY2(o.message.contains(messageContains), qPrintable(o.message));
        if (o.mode == Mode::Act) {
            QCOMPARE(o.act.verb, args.at(2));
            QCOMPARE(o.act.reason, u"r"_s);
        }
    }

    void parseKeepsEveryOption()
    {
        const CommandLineOptions o = CommandLineOptions::parse(
            {u"sagadeck"_s, u"act"_s, u"compensate"_s, kId(), u"--profile"_s, u"prod"_s, u"--config"_s, u"/x.yaml"_s,
             u"--reason"_s, u" INC-7 "_s, u"--yes"_s, u"--read-only"_s, u"--anyway"_s});
        QCOMPARE(o.mode, Mode::Act);
        QCOMPARE(o.profile, u"prod"_s);
        QCOMPARE(o.configPath, u"/x.yaml"_s);
        QCOMPARE(o.act.targets, QStringList{kId()});
        QCOMPARE(o.act.reason, u"INC-7"_s);
        QVERIFY(o.act.yes);
        QVERIFY(o.act.readOnly);
        QVERIFY(o.act.anyway);
        const CommandLineOptions plain = CommandLineOptions::parse(
            {u"sagadeck"_s, u"act"_s, u"retry"_s, kId(), u"--reason"_s, u"r"_s, u"--yes"_s});
        QVERIFY(!plain.act.anyway); // someone's action in flight on the target stops act by default
    }

    // The binary: refusals before any request, their exit codes, and no audit record.
    void binaryExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("readOnlyLine");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("outputContains");
        const QString id = kId();
        QTest::newRow("read-only profile") << QStringList{u"retry"_s, id, u"--reason"_s, u"r"_s, u"--yes"_s}
                                           << QByteArray("read_only: true") << int(ActExitRefused) << u"read_only"_s;
        QTest::newRow("--read-only") << QStringList{u"compensate"_s, id,         u"--reason"_s,
                                                    u"r"_s,          u"--yes"_s, u"--read-only"_s}
                                     << QByteArray("read_only: false") << int(ActExitRefused) << u"--read-only"_s;
        QTest::newRow("usage") << QStringList{u"retry"_s, id} << QByteArray("read_only: false") << int(ExitUsage)
                               << u"--reason is required"_s;
        QTest::newRow("unknown profile") << QStringList{u"retry"_s,     id,       u"--reason"_s, u"r"_s,
                                                        u"--profile"_s, u"nope"_s}
                                         << QByteArray("read_only: false") << int(ExitFailure) << u"nope"_s;
        // Issue 18: a typo in the safety flag refuses the profile; it never acts as writable.
        QTest::newRow("read_onyl")
            << QStringList{u"retry"_s, id, u"--reason"_s, u"r"_s, u"--yes"_s} << QByteArray("read_onyl: true")
            << int(ExitFailure) << u"profiles.yaml:4: profiles.p.read_onyl: unknown key; did you mean `read_only`?"_s;
    }

    void binaryExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, readOnlyLine);
        QFETCH(int, exitCode);
        QFETCH(QString, outputContains);
        const QString bin = qEnvironmentVariable("SAGADECK_BIN");
        QVERIFY2(QFile::exists(bin), "SAGADECK_BIN does not name the sagadeck binary");
        QTemporaryDir dir;
        const QString config = writeProfile(dir, readOnlyLine);
        QVERIFY(!config.isEmpty());
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_STATE_HOME"_s, dir.path());
        env.remove(u"DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s); // act needs no display
        p.setProcessEnvironment(env);
        p.start(bin, QStringList{u"act"_s} + args + QStringList{u"--config"_s, config});
        QVERIFY(p.waitForFinished(30000));
        const QString output = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == exitCode, qPrintable(u"exit %1: %2"_s.arg(p.exitCode()).arg(output)));
        QVERIFY2(output.contains(outputContains), qPrintable(output));
        QVERIFY(!QFile::exists(dir.path() + u"/sagadeck/audit.jsonl"_s));
    }
};

QTEST_GUILESS_MAIN(TestActCommand)
#include "tst_act_command.moc"
