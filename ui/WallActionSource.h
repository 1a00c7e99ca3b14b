#pragma once

#include <QString>

namespace sagadeck {

class WarRoomWall;

// Where the wall's operator actions come from — the one place to change when the source
// changes: today this console's audit log, read off the GUI thread by an AuditLogFollower and
// joined intent with outcome (as the Timeline page reads it).
void feedWallActions(WarRoomWall *wall, const QString &auditLogPath);

} // namespace sagadeck
