#pragma once

#include <QString>

namespace sagadeck {

class TeamTrail;
class WarRoomWall;

// Where the wall's operator actions come from: this console's audit log, read off the GUI
// thread by an AuditLogFollower, merged with everyone's from the team trail (when there is one)
// and joined intent with outcome, as the Timeline page shows them.
void feedWallActions(WarRoomWall *wall, const QString &auditLogPath, TeamTrail *team);

} // namespace sagadeck
