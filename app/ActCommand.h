#pragma once

#include "CommandLineOptions.h"

#include <QStringList>

#include <cstdio>

namespace sagadeck {

// Exit codes of `sagadeck act` beyond ExitCode (0 only on verified success):
//   1 failed (the orchestrator refused, or not every saga was done), 2 bad command line,
//   4 refused before sending (read-only, nothing actionable, not confirmed), 5 outcome unknown
//   (check before retrying). 3 was "not built yet" while restart/scale were unwired.
enum ActExitCode
{
    ActExitNotBuilt = 3,
    ActExitRefused = 4,
    ActExitUnknown = 5
};

// Parses `sagadeck act VERB TARGET... --reason R [--profile P] [--config F] [--yes]
// [--read-only] [--replicas N] [--expect-replicas M] [--to-revision N]` (called by
// CommandLineOptions::parse for "act").
CommandLineOptions parseActCommandLine(const QStringList &arguments);

// Runs the action through the same pipeline as the console (the kind's planner, then an
// ActionPipeline): prints the preview, asks on `in` unless --yes (type the count, the saga id
// or the deployment's name, like the dialog; "yes" where the dialog asks only a reason),
// prints one line per target and returns the exit code. When its time budget runs out, what
// has an intent gets the outcome "unknown" in the audit log before it exits 5. Needs a
// QCoreApplication; blocks the calling thread (a CLI has no GUI to keep responsive).
int runActCommand(const CommandLineOptions &options, FILE *in = stdin, FILE *out = stdout, FILE *err = stderr);

} // namespace sagadeck
