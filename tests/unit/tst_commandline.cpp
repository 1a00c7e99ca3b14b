#include "CommandLineOptions.h"

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using Mode = CommandLineOptions::Mode;

// Parsing is tested directly; exit codes and output are tested on the real binary.
class TestCommandLine : public QObject
{
    Q_OBJECT
private:
    QString binary() const { return qEnvironmentVariable("SAGADECK_BIN"); }

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(binary(), args);
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
        r.err = QString::fromLocal8Bit(p.readAllStandardError());
        return r;
    }
    QProcessEnvironment headlessEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        return env;
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(u"sagadeck"_s);
        QCoreApplication::setApplicationVersion(QStringLiteral(SAGADECK_VERSION));
        QVERIFY2(QFile::exists(binary()), "SAGADECK_BIN must name the built sagadeck binary");
    }

    void parse_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("messageContains");
        const QString app = u"sagadeck"_s;
        QTest::newRow("no arguments") << QStringList{app} << int(Mode::Run) << QString() << QString();
        QTest::newRow("help") << QStringList{app, u"--help"_s} << int(Mode::Help) << QString() << u"--screenshot"_s;
        QTest::newRow("version") << QStringList{app, u"--version"_s} << int(Mode::Version) << QString()
                                 << u"sagadeck " SAGADECK_VERSION ""_s;
        QTest::newRow("page") << QStringList{app, u"--page"_s, u"kafka"_s} << int(Mode::Run) << u"kafka"_s << QString();
        QTest::newRow("page is case-insensitive")
            << QStringList{app, u"--page=Metrics"_s} << int(Mode::Run) << u"Metrics"_s << QString();
        QTest::newRow("unknown option") << QStringList{app, u"--bogus"_s} << int(Mode::Error) << QString()
                                        << u"bogus"_s;
        QTest::newRow("unknown page") << QStringList{app, u"--page"_s, u"nope"_s} << int(Mode::Error) << QString()
                                      << u"unknown page 'nope'"_s;
        QTest::newRow("missing value") << QStringList{app, u"--page"_s} << int(Mode::Error) << QString() << u"page"_s;
        QTest::newRow("stray positional")
            << QStringList{app, u"extra"_s} << int(Mode::Error) << QString() << u"unexpected argument 'extra'"_s;
    }
    void parse()
    {
        QFETCH(QStringList, args);
        QFETCH(int, mode);
        QFETCH(QString, page);
        QFETCH(QString, messageContains);
        const CommandLineOptions o = CommandLineOptions::parse(args);
        QCOMPARE(int(o.mode), mode);
        QCOMPARE(o.page, page);
        if (!messageContains.isEmpty())
            QVERIFY2(o.message.contains(messageContains), qPrintable(o.message));
    }

    void readOnlyFlag()
    {
        const QString app = u"sagadeck"_s;
        QVERIFY(!CommandLineOptions::parse({app}).readOnly);
        const CommandLineOptions run = CommandLineOptions::parse({app, u"--read-only"_s, u"--page"_s, u"services"_s});
        QCOMPARE(int(run.mode), int(CommandLineOptions::Mode::Run));
        QVERIFY(run.readOnly);
        const CommandLineOptions snap = CommandLineOptions::parse(
            {app, u"snapshot"_s, u"--read-only"_s, u"--page"_s, u"services"_s, u"--json"_s, u"x.json"_s});
        QCOMPARE(int(snap.mode), int(CommandLineOptions::Mode::Snapshot));
        QVERIFY(snap.readOnly);
    }

    void binaryHelpAndVersionNeedNoDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        const Run help = run({u"--help"_s}, env);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(u"--page <id>"_s));
        QVERIFY(help.out.contains(u"--version"_s));
        const Run version = run({u"--version"_s}, env);
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), u"sagadeck " SAGADECK_VERSION ""_s);
    }

    void binaryBadArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
        QTest::newRow("unknown page") << QStringList{u"--page"_s, u"nowhere"_s} << u"nowhere"_s;
    }
    void binaryBadArgumentsExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, stderrContains);
        const Run r = run(args, headlessEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(stderrContains), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"--help"_s), "the error should point at --help");
        QVERIFY(r.out.isEmpty());
    }

    void binaryWithoutDisplaySaysSo()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        const Run r = run({}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"no display"_s), qPrintable(r.err));
    }

    void binaryRendersScreenshotHeadless()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(u"shots/window.png"_s);
        const Run r = run({u"--page"_s, u"kafka"_s, u"--screenshot"_s, png}, headlessEnv());
        QCOMPARE(r.exitCode, 0);
        QImage image(png);
        QVERIFY2(!image.isNull(), "the screenshot must be a readable PNG");
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        // A real render has many colours; a blank or failed grab has one or two.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));
    }

    void binaryScreenshotToUnwritablePathFails()
    {
        const Run r = run({u"--screenshot"_s, u"/proc/no-such-dir/x.png"_s}, headlessEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"could not write screenshot"_s), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
