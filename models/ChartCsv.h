#pragma once

#include <QByteArray>

namespace sagadeck {

struct ChartData;

// A chart's shown series as CSV: a comment line with the query, range and step, then
// `series,time_utc,unix_s,value` rows (RFC 4180 quoting; values at full precision).
QByteArray chartCsv(const ChartData &chart);

} // namespace sagadeck
