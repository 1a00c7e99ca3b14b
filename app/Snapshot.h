#pragma once

#include "CommandLineOptions.h"

#include <QJsonObject>

namespace sagadeck {

class ConsoleApp;
struct ConsoleModels;

// `sagadeck snapshot`: waits (bounded) until the page's feeds have answered once, then writes
// the rendered page as PNG and its models' values as JSON. Returns the exit code; a feed that
// failed or did not answer in time is an error with its reason on stderr.
int runSnapshot(ConsoleApp &app, const CommandLineOptions &options);

// The JSON of a page: feed health with data ages, plus the page's own models.
QJsonObject snapshotJson(const ConsoleModels &models, const QString &pageId, const QString &profile);

} // namespace sagadeck
