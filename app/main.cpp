#include "ActCommand.h"
#include "CommandLineOptions.h"
#include "ConsoleApp.h"
#include "DeepLink.h"
#include "MainWindow.h"
#include "Snapshot.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// How long a second `sagadeck --saga` waits for the running console's answer (it answers
// within 8 s: the saga on screen, or why not).
constexpr int kLinkWaitMs = 10'000;

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fprintf(stream, "%s%s", bytes.constData(), bytes.endsWith('\n') ? "" : "\n");
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

// Without a display, QApplication would abort with a platform-plugin message that does not
// say what to do. Say it ourselves.
bool haveDisplay()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
        || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setApplicationName(u"sagadeck"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SAGADECK_VERSION));
    QCoreApplication::setOrganizationName(u"sagadeck"_s);

    const CommandLineOptions options = CommandLineOptions::parse(argumentsOf(argc, argv));
    switch (options.mode) {
    case CommandLineOptions::Mode::Help:
    case CommandLineOptions::Mode::Version: printLine(stdout, options.message); return ExitOk;
    case CommandLineOptions::Mode::Error: printLine(stderr, options.message); return ExitUsage;
    case CommandLineOptions::Mode::Act: {
        // A command-line action needs no display and no widgets.
        QCoreApplication core(argc, argv);
        return runActCommand(options);
    }
    case CommandLineOptions::Mode::Snapshot:
        // A snapshot is headless by nature.
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        break;
    case CommandLineOptions::Mode::Run:
        if (!haveDisplay()) {
            printLine(stderr,
                      u"sagadeck: no display: neither DISPLAY nor WAYLAND_DISPLAY is set.\n"
                      u"Run it in a desktop session, under Xvfb, or headless with "
                      u"QT_QPA_PLATFORM=offscreen and --screenshot FILE."_s);
            return ExitFailure;
        }
        break;
    }

    QApplication qapp(argc, argv);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));

    // A saga link goes to the console already running for this user, if one answers.
    const bool link = options.mode == CommandLineOptions::Mode::Run && !options.saga.isNull();
    if (link && options.screenshotPath.isEmpty() && !options.warRoom) {
        if (const std::optional<QString> answer = openInRunningConsole(options.saga, kLinkWaitMs)) {
            const bool shown = answer->startsWith(u"shown "_s);
            printLine(shown ? stdout : stderr, u"sagadeck: "_s + *answer + u" (in the running console)"_s);
            return shown ? ExitOk : ExitFailure;
        }
    }

    ConsoleApp app(options);
    if (options.mode == CommandLineOptions::Mode::Snapshot)
        return runSnapshot(app, options);

    for (const QString &problem : app.problems())
        printLine(stderr, u"sagadeck: "_s + problem);
    if (!options.page.isEmpty())
        app.window()->showPage(options.page);
    app.showWindow();
    if (options.screenshotPath.isEmpty()) {
        QString linkError;
        if (!app.listenForLinks(&linkError))
            printLine(stderr, u"sagadeck: saga links open elsewhere: "_s + linkError);
    }
    if (link) {
        app.openSaga(options.saga, [](const QString &line) {
            if (!line.startsWith(u"shown "_s))
                printLine(stderr, u"sagadeck: "_s + line);
        });
    }

    if (!options.screenshotPath.isEmpty()) {
        // Grab after the first paints have been processed, so layouts have settled.
        MainWindow *window = app.window();
        QTimer::singleShot(300, window, [window, path = options.screenshotPath] {
            const QString dir = QFileInfo(path).absolutePath();
            const bool saved = QDir().mkpath(dir) && window->grab().save(path, "PNG");
            if (!saved)
                printLine(stderr, u"sagadeck: could not write screenshot to "_s + path);
            QCoreApplication::exit(saved ? ExitOk : ExitFailure);
        });
    }
    return qapp.exec();
}
