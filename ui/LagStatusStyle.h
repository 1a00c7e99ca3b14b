#pragma once

#include "LagStatusEvaluator.h"

#include <QColor>
#include <QIcon>

namespace sagadeck {

// How a Burrow-style lag status looks: colour plus a distinct shape (OK ●, WARN ▲, REWIND ↺,
// STALL ■, STOP ✕, pending ◌), always beside the status name — never colour alone.
QColor lagStatusColor(LagStatus status);
QIcon lagStatusIcon(LagStatus status, int size = 16);

} // namespace sagadeck
