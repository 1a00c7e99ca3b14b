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

std::optional<double> parseQuantity(const QString &quantity)
{
    static const QList<QPair<QString, double>> suffixes{
        {u"Ki"_s, 1024.0}, {u"Mi"_s, 1048576.0}, {u"Gi"_s, 1073741824.0}, {u"Ti"_s, 1099511627776.0},
        {u"k"_s, 1e3},     {u"M"_s, 1e6},        {u"G"_s, 1e9},           {u"T"_s, 1e12},
        {u"m"_s, 1e-3},    {u"u"_s, 1e-6},       {u"n"_s, 1e-9}};
    const QString q = quantity.trimmed();
    if (q.isEmpty())
        return std::nullopt;
    for (const auto &[suffix, factor] : suffixes) {
        if (!q.endsWith(suffix))
            continue;
        bool ok = false;
        const double v = q.chopped(suffix.size()).toDouble(&ok);
        return ok ? std::optional<double>(v * factor) : std::nullopt;
    }
    bool ok = false;
    const double v = q.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

} // namespace sagadeck
