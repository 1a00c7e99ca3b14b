#pragma once

#include <QString>
#include <QStringList>

namespace sagadeck {

// What the command line asked for. Parsing needs no QApplication, so --help and --version
// work on a machine without a display.
//
//   sagadeck [--config F] [--profile P] [--page ID] [--screenshot FILE]
//   sagadeck snapshot [--config F] [--profile P] --page ID [--png FILE] [--json FILE] [--timeout S]
struct CommandLineOptions
{
    enum class Mode { Run, Snapshot, Help, Version, Error };

    Mode mode = Mode::Run;
    QString message;         // help text, version line or error, ready to print
    QString configPath;      // profiles file; empty: the default location
    QString profile;         // profile name; empty: the file's current one
    QString page;            // start on / snapshot this page (id from the page catalog)
    QString screenshotPath;  // Run: render the window to this PNG and exit
    QString pngPath;         // Snapshot: the rendered page
    QString jsonPath;        // Snapshot: the page's model values
    int timeoutS = 20;       // Snapshot: how long to wait for the feeds' first answers

    static CommandLineOptions parse(const QStringList &arguments);
};

// Exit codes: 0 success, 1 runtime failure, 2 bad command line (like most Unix tools).
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

} // namespace sagadeck
