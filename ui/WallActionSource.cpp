#include "WallActionSource.h"

#include "AuditActionJoin.h"
#include "AuditLogFollower.h"
#include "WarRoomWall.h"

namespace sagadeck {

void feedWallActions(WarRoomWall *wall, const QString &auditLogPath)
{
    if (auditLogPath.isEmpty())
        return;
    auto *follower = new AuditLogFollower(auditLogPath, wall);
    QObject::connect(follower, &AuditLogFollower::loaded, wall,
                     [wall](const AuditReadResult &result) { wall->setActions(joinAuditRecords(result.records)); });
    follower->reload();
}

} // namespace sagadeck
