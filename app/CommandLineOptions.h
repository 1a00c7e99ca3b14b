#pragma once

#include <QString>
#include <QStringList>

namespace sagadeck {

// What the command line asked for. Parsing needs no QApplication, so --help and --version
// work on a machine without a display.
struct CommandLineOptions
{
    enum class Mode { Run, Help, Version, Error };

    Mode mode = Mode::Run;
    QString message;         // help text, version line or error, ready to print
    QString page;            // start on this page (id from the page catalog)
    QString screenshotPath;  // render the window to this PNG and exit

    static CommandLineOptions parse(const QStringList &arguments);
};

// Exit codes: 0 success, 1 runtime failure, 2 bad command line (like most Unix tools).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

} // namespace sagadeck
