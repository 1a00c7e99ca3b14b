#include "CommandLineOptions.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "StatePaths.h"

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
    case CommandLineOptions::Mode::Version:
        printLine(stdout, options.message);
        return ExitOk;
    case CommandLineOptions::Mode::Error:
        printLine(stderr, options.message);
        return ExitUsage;
    case CommandLineOptions::Mode::Run:
        break;
    }

    if (!haveDisplay()) {
        printLine(stderr, u"sagadeck: no display: neither DISPLAY nor WAYLAND_DISPLAY is set.\n"
                          u"Run it in a desktop session, under Xvfb, or headless with "
                          u"QT_QPA_PLATFORM=offscreen and --screenshot FILE."_s);
        return ExitFailure;
    }

    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));

    FeedHealthModel health;
    MainWindow::Context context;
    context.health = &health;
    context.auditLogPath = StatePaths().auditLogPath();

    MainWindow window(context);
    if (!options.page.isEmpty())
        window.showPage(options.page);
    window.show();

    if (!options.screenshotPath.isEmpty()) {
        // Grab after the first paints have been processed, so layouts have settled.
        QTimer::singleShot(300, &window, [&window, path = options.screenshotPath] {
            const QString dir = QFileInfo(path).absolutePath();
            const bool saved = QDir().mkpath(dir) && window.grab().save(path, "PNG");
            if (!saved)
                printLine(stderr, u"sagadeck: could not write screenshot to "_s + path);
            QCoreApplication::exit(saved ? ExitOk : ExitFailure);
        });
    }
    return app.exec();
}
