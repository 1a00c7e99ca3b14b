#pragma once

#include <QSet>
#include <QStringList>

namespace sagadeck {

// One page of the cluster's consumer groups that the profile does not name, sorted by name:
// what the all-groups view reads, so that its cost is a page's, not the cluster's. Pure.
struct AllGroupsPage
{
    QStringList groups;    // this page's
    int page = 0;          // the page shown: the one asked for, or the last one there is
    int pages = 0;         // how many pages the other groups fill
    int clusterGroups = 0; // every group the cluster lists, the profile's included

    static AllGroupsPage of(const QSet<QString> &listed, const QStringList &profile, int page, int pageSize);
};

} // namespace sagadeck
