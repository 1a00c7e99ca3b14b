#pragma once

#include "Playbook.h"

#include <QColor>
#include <QIcon>

namespace sagadeck {

// How playbook and symptom states look: a shape and a colour, always shown beside the word.
// A met symptom is bad news (red ✕); "no data" and "error" are never green.
QIcon playbookStatusIcon(PlaybookStatus status, int size = 16);
QColor playbookStatusColor(PlaybookStatus status);
QIcon symptomIcon(SymptomReading::State state, int size = 16);
QColor symptomColor(SymptomReading::State state);

} // namespace sagadeck
