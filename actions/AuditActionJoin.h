#pragma once

#include "AuditRecord.h"
#include "TimelineMarkers.h"

#include <QVector>

namespace sagadeck {

// The audit log's records as console actions for the timeline: each intent joined with the
// outcome of the same ActionId (an outcome without its intent is kept, timed by itself).
// Pure: unit-tested.
QVector<ConsoleAction> joinAuditRecords(const QVector<AuditRecord> &records);

} // namespace sagadeck
