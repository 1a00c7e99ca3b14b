#pragma once

#include "LagStatusEvaluator.h"
#include "PartitionReplication.h"

#include <QColor>
#include <QIcon>

namespace sagadeck {

// How a Burrow-style lag status looks: colour plus a distinct shape (OK ●, UNKNOWN ?, WARN ▲,
// REWIND ↺, STALL ■, STOP ✕, pending ◌), always beside the status name — never colour alone.
QColor lagStatusColor(LagStatus status);
QIcon lagStatusIcon(LagStatus status, int size = 16);

// How a partition's replication looks: ok ● green, under-replicated ▲ amber, leaderless ✕ red.
QColor replicationColor(Replication replication);
QIcon replicationIcon(Replication replication, int size = 16);
QString replicationGlyphText(Replication replication); // the same shape as a character

} // namespace sagadeck
