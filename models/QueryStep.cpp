#include "QueryStep.h"

#include <algorithm>
#include <cmath>

namespace sagadeck {

namespace {
constexpr double kMaxPoints = 11000;
}

int QueryWindow::points() const
{
    return step > 0 ? int(std::floor((end - start) / step + 1e-9)) + 1 : 0;
}

double chooseStep(double rangeS, int widthPx, double scrapeIntervalS)
{
    const double perPixel = rangeS / std::max(1, widthPx);
    double step = std::max({perPixel, scrapeIntervalS, rangeS / kMaxPoints, 0.001});
    // Whole seconds above one second, whole milliseconds below: exact in a URL, and the
    // rounding is upwards so the 11,000-point limit still holds.
    step = step >= 1 ? std::ceil(step - 1e-9) : std::ceil(step * 1000 - 1e-9) / 1000;
    return step;
}

QueryWindow queryWindow(double endS, double rangeS, int widthPx, double scrapeIntervalS)
{
    QueryWindow w;
    w.step = chooseStep(rangeS, widthPx, scrapeIntervalS);
    w.end = std::floor(endS / w.step) * w.step;
    w.start = std::floor((w.end - rangeS) / w.step) * w.step;
    // Flooring the start may add one step; keep within the limit by moving start forward.
    while (w.points() > kMaxPoints)
        w.start += w.step;
    return w;
}

} // namespace sagadeck
