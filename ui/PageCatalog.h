#pragma once

#include "FeedHealth.h"

#include <QString>
#include <QVector>

namespace sagadeck {

// The console's pages, in navigation order. `id` is what --page and snapshots accept.
struct PageSpec
{
    QString id;
    QString title;
    QString summary;         // what the page is for, one sentence
    QVector<FeedKind> feeds; // the feeds whose data it shows
};

const QVector<PageSpec> &pageCatalog();
// Index in pageCatalog() of the page with this id (case-insensitive), or -1.
int pageIndexOf(const QString &id);
QStringList pageIds();

} // namespace sagadeck
