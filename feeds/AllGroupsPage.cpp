#include "AllGroupsPage.h"

#include <algorithm>

namespace sagadeck {

AllGroupsPage AllGroupsPage::of(const QSet<QString> &listed, const QStringList &profile, int page, int pageSize)
{
    AllGroupsPage out;
    out.clusterGroups = int(listed.size());
    QStringList others;
    for (const QString &g : listed)
        if (!profile.contains(g))
            others << g;
    others.sort();
    pageSize = std::max(1, pageSize);
    out.pages = int((others.size() + pageSize - 1) / pageSize);
    out.page = std::clamp(page, 0, std::max(0, out.pages - 1));
    out.groups = others.mid(qsizetype(out.page) * pageSize, pageSize);
    return out;
}

} // namespace sagadeck
