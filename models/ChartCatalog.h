#pragma once

#include <QString>
#include <QVector>

#include "SiteNames.h"

namespace sagadeck {

// How a chart's values read: the axis title and the number format follow from it.
enum class ChartUnit
{
    PerSecond,
    Ratio,
    Seconds,
    Bytes
};

struct ChartThreshold
{
    double value = 0;
    QString label; // "SLO: error rate < 0.1 %"
};

// One chart of the Metrics page: the runbook's dashboard queries and the service-level targets (docs/architecture.md
// §1).
struct ChartSpec
{
    QString id;
    QString title;
    QString query;
    ChartUnit unit = ChartUnit::PerSecond;
    QVector<ChartThreshold> thresholds;
};

// The charts in the site's names.
QVector<ChartSpec> chartCatalog(const SiteNames &names = {});
QString unitAxisTitle(ChartUnit unit);
// Factor from the query's unit to the axis' unit (ratio -> %, s -> ms, bytes -> MiB).
double displayScale(ChartUnit unit);
// 12.5 req/s, 0.12 %, 480 ms, 512 MiB.
QString formatValue(double value, ChartUnit unit);

} // namespace sagadeck
