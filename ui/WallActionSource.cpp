#include "WallActionSource.h"

#include "AuditActionJoin.h"
#include "AuditLogFollower.h"
#include "TeamTrail.h"
#include "WarRoomWall.h"

#include <memory>

namespace sagadeck {

void feedWallActions(WarRoomWall *wall, const QString &auditLogPath, TeamTrail *team)
{
    auto local = std::make_shared<QVector<AuditRecord>>(); // the last good read, shared by both
    const auto push = [wall, team, local] {
        wall->setActions(joinAuditRecords(team ? team->mergedWith(*local) : *local));
    };
    if (team)
        QObject::connect(team, &TeamTrail::changed, wall, push);
    if (auditLogPath.isEmpty()) {
        push();
        return;
    }
    auto *follower = new AuditLogFollower(auditLogPath, wall);
    QObject::connect(follower, &AuditLogFollower::loaded, wall, [local, push](const AuditReadResult &result) {
        if (result.ok())
            *local = result.records;
        push();
    });
    follower->reload();
}

} // namespace sagadeck
