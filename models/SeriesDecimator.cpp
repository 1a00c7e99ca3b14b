#include "SeriesDecimator.h"

#include <algorithm>
#include <cmath>

namespace sagadeck {

QVector<PromPoint> decimateMinMax(const QVector<PromPoint> &points, double x0, double x1, int columns)
{
    QVector<PromPoint> finite;
    finite.reserve(points.size());
    for (const PromPoint &p : points)
        if (std::isfinite(p.v))
            finite.append(p);
    if (columns < 1 || finite.size() <= 2 * qsizetype(columns) + 2 || !(x1 > x0))
        return finite;

    const double width = (x1 - x0) / columns;
    auto columnOf = [&](double t) { return std::clamp(int(std::floor((t - x0) / width)), 0, columns - 1); };
    // Indices kept, increasing: each is appended once even when it is first, min and max.
    QVector<qsizetype> kept;
    kept.reserve(2 * columns + 2);
    auto keep = [&](qsizetype k) {
        if (kept.isEmpty() || k > kept.last())
            kept.append(k);
    };
    const qsizetype n = finite.size();
    keep(0);
    for (qsizetype i = 0; i < n;) {
        const int col = columnOf(finite.at(i).t);
        qsizetype lo = i, hi = i, j = i;
        for (; j < n && columnOf(finite.at(j).t) == col; ++j) {
            if (finite.at(j).v < finite.at(lo).v)
                lo = j;
            if (finite.at(j).v > finite.at(hi).v)
                hi = j;
        }
        keep(std::min(lo, hi));
        keep(std::max(lo, hi));
        i = j;
    }
    keep(n - 1);

    QVector<PromPoint> out;
    out.reserve(kept.size());
    for (qsizetype k : std::as_const(kept))
        out.append(finite.at(k));
    return out;
}

} // namespace sagadeck
