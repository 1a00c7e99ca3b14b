#include "Profile.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QStringList defaultConsumerGroups()
{
    return {u"saga-orchestrator-group"_s, u"inventory-service-group"_s, u"payment-service-group"_s,
            u"notification-service-group"_s};
}

QStringList defaultDeployments()
{
    return {u"saga-orchestrator"_s, u"inventory-service"_s, u"payment-service"_s, u"notification-service"_s};
}

} // namespace sagadeck
