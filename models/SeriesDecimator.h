#pragma once

#include "PromTypes.h"

#include <QVector>

namespace sagadeck {

// Min/max decimation for drawing (docs/architecture.md: at most ~2 points per pixel column).
// The x range [x0, x1] is cut into `columns` equal columns; each column keeps its lowest and
// its highest sample, in time order, so every spike and every dip survives; the series' first
// and last samples are always kept. Non-finite values (NaN, ±Inf) are dropped: they cannot be
// drawn. Input sorted by time; a series already short enough is returned unchanged.
QVector<PromPoint> decimateMinMax(const QVector<PromPoint> &points, double x0, double x1, int columns);

} // namespace sagadeck
