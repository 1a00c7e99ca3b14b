#pragma once

#include <QString>

#include <cstdio>

namespace sagadeck {

// The command line's own terminal I/O (the `act` commands' previews and questions).

// Writes `text` and a newline (unless it ends with one) and flushes, so prompts show at once.
void printLine(FILE *stream, const QString &text);
// One line from `in`, without the newline and surrounding blanks; empty at end of input.
QString readLineFrom(FILE *in);

} // namespace sagadeck
