#pragma once

#include "CommandLineOptions.h"

#include <QString>

class ProxiedStack;

namespace sagadeck {
class ConsoleApp;
}

// The fault tests' starting point: the whole console on a ProxiedStack, its window up and
// every feed Live.
sagadeck::CommandLineOptions optionsFor(const ProxiedStack &stack);
// Shows the window and waits up to 60 s for every feed to be Live: empty, or why not.
QString bringUp(sagadeck::ConsoleApp &app);
bool allFeedsLive(const sagadeck::ConsoleApp &app);
// "Postgres=Live; Kafka=Down (reason); ..." for failure messages.
QString feedStates(const sagadeck::ConsoleApp &app);
