#include "ChartCatalog.h"

#include "ServiceLevelQueries.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

QVector<ChartSpec> chartCatalog(const SiteNames &names)
{
    return {
        {u"request-rate"_s,
         u"Request rate by service"_s,
         levelquery::requestRateByService(names),
         ChartUnit::PerSecond,
         {}},
        {u"availability"_s,
         u"Availability, all services"_s,
         levelquery::availability(names),
         ChartUnit::Ratio,
         {{0.9995, u"target > 99.95 %"_s}}},
        {u"error-rate"_s,
         u"Error rate (5xx) by service"_s,
         levelquery::errorRatioByService(names),
         ChartUnit::Ratio,
         {{0.001, u"target < 0.1 %"_s}}},
        {u"latency-p95"_s,
         u"p95 latency by service"_s,
         levelquery::latencyP95ByService(names),
         ChartUnit::Seconds,
         {{0.5, u"target < 500 ms"_s}}},
        {u"saga-success"_s,
         u"Saga success rate"_s,
         levelquery::sagaSuccess(names),
         ChartUnit::Ratio,
         {{0.995, u"target > 99.5 %"_s}}},
        {u"saga-failure"_s,
         u"Saga failure rate"_s,
         levelquery::sagaFailure(names),
         ChartUnit::Ratio,
         {{0.005, u"alert > 0.5 %"_s}}},
        {u"db-connections"_s,
         u"Database connection utilisation"_s,
         levelquery::dbConnectionsByService(names),
         ChartUnit::Ratio,
         {{0.8, u"alert > 80 %"_s}}},
        {u"memory"_s, u"Resident memory by service"_s, levelquery::memoryByService(names), ChartUnit::Bytes, {}},
    };
}

namespace {
// How a unit reads on the axis and in a value: one place per unit, so that the axis and the
// tooltip cannot disagree about scale or suffix.
struct UnitDisplay
{
    QString axisTitle;
    double scale = 1;  // the query's unit to the shown one
    QString suffix;    // after a shown value
    char format = 'g'; // QString::number's format and precision
    int precision = 4;
};

UnitDisplay displayOf(ChartUnit unit)
{
    switch (unit) {
    case ChartUnit::PerSecond: return {u"requests / s"_s, 1, u"/s"_s};
    case ChartUnit::Ratio: return {u"%"_s, 100, u"%"_s};
    case ChartUnit::Seconds: return {u"ms"_s, 1000, u"ms"_s};
    case ChartUnit::Bytes: return {u"MiB"_s, 1.0 / (1024 * 1024), u"MiB"_s, 'f', 1};
    }
    return {};
}
} // namespace

QString unitAxisTitle(ChartUnit unit)
{
    return displayOf(unit).axisTitle;
}

double displayScale(ChartUnit unit)
{
    return displayOf(unit).scale;
}

QString formatValue(double value, ChartUnit unit)
{
    if (std::isnan(value))
        return u"no value"_s;
    const UnitDisplay d = displayOf(unit);
    return QString::number(value * d.scale, d.format, d.precision) + u' ' + d.suffix;
}

} // namespace sagadeck
