#include "PodInfo.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString PodInfo::status() const
{
    if (terminating)
        return u"Terminating"_s;
    for (const ContainerInfo &c : containers)
        if (!c.waitingReason.isEmpty())
            return c.waitingReason;
    for (const ContainerInfo &c : containers)
        if (c.state == u"terminated"_s && !c.lastTermination.reason.isEmpty())
            return c.lastTermination.reason;
    return phase.isEmpty() ? u"Unknown"_s : phase;
}

ContainerTermination PodInfo::lastTermination() const
{
    ContainerTermination newest;
    for (const ContainerInfo &c : containers) {
        if (!c.lastTermination.happened())
            continue;
        if (!newest.happened() || c.lastTermination.finishedAt > newest.finishedAt)
            newest = c.lastTermination;
    }
    return newest;
}

} // namespace sagadeck
