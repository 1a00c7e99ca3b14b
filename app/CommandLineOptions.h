#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>
#include <QStringList>

namespace sagadeck {

// What the command line asked for. Parsing needs no QApplication, so --help and --version
// work on a machine without a display.
//
//   sagadeck [--config F] [--profile P] [--page ID] [--read-only] [--screenshot FILE]
//            [--theme NAME] [--war-room [--rotate S]]
//   sagadeck snapshot [--config F] [--profile P] --page ID [--png FILE] [--json FILE] [--timeout S]
//   sagadeck act retry|compensate SAGA_ID... --reason R [--profile P] [--yes] [--read-only]
//   sagadeck act restart|scale DEPLOYMENT [--replicas N] --reason R [--profile P] [--yes]
struct CommandLineOptions
{
    enum class Mode
    {
        Run,
        Snapshot,
        Act,
        Help,
        Version,
        Error
    };

    // `sagadeck act` (app/ActCommand): an operator action from the command line.
    struct ActOptions
    {
        QString verb;        // retry, compensate, restart, scale, rollback
        QStringList targets; // saga ids, or the one deployment
        QString reason;
        bool yes = false;        // confirmed on the command line: do not ask on stdin
        bool readOnly = false;   // --read-only: refuse every mutating request
        int replicas = -1;       // scale
        int expectReplicas = -1; // scale --expect-replicas M: precondition on the current count
        qint64 toRevision = 0;   // rollback --to-revision N; 0: the previous revision (undo)
        // reset-offsets GROUP --topic T --to-earliest|--to-latest|--to-datetime|--to-offset [--partition P]
        // add-partitions TOPIC --partitions N
        QString topic;
        int partition = -1;
        QString resetTo; // earliest, latest, datetime, offset
        QDateTime resetAt;
        qint64 resetOffset = -1;
        int partitions = 0;
        bool anyway = false; // --anyway: act although someone's action on the target has no outcome yet
    };

    Mode mode = Mode::Run;
    QString message;        // help text, version line or error, ready to print
    QString configPath;     // profiles file; empty: the default location
    QString profile;        // profile name; empty: the file's current one
    QString page;           // start on / snapshot this page (id from the page catalog)
    QString screenshotPath; // Run: render the window to this PNG and exit
    bool readOnly = false;  // Run/Snapshot: --read-only, every profile refuses mutating requests
    bool warRoom = false;   // Run/Snapshot: --war-room display (implies read-only)
    int rotateS = 0;        // --rotate S: war-room page rotation; 0 off
    QString theme;          // --theme: light, dark, high-contrast; empty: the saved choice
    QString pngPath;        // Snapshot: the rendered page
    QString jsonPath;       // Snapshot: the page's model values
    int timeoutS = 20;      // Snapshot: how long to wait for the feeds' first answers
    ActOptions act;         // Act

    static CommandLineOptions parse(const QStringList &arguments);
    QUuid saga; // Run: --saga ID or sagadeck://saga/ID: show this saga (in the running console if any)
};

// Exit codes: 0 success, 1 runtime failure, 2 bad command line (like most Unix tools).
enum ExitCode
{
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2
};

} // namespace sagadeck
