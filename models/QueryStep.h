#pragma once

namespace sagadeck {

// The time window of one range query: start aligned to the step so that successive refreshes
// hit the same sample times (and promtool, given the same numbers, returns the same samples).
struct QueryWindow
{
    double start = 0; // seconds since the epoch, a multiple of step
    double end = 0;
    double step = 0; // seconds

    int points() const; // samples per series Prometheus will return at most
};

// docs/architecture.md: step = max(range / width_px, scrape interval, range / 11000) — never more
// than ~1 sample per pixel column, never finer than the data, never past Prometheus' 11,000
// points per series. Rounded up (to whole seconds above 1 s, whole milliseconds below) so that
// the step survives the round trip through a URL exactly and the limit still holds.
double chooseStep(double rangeS, int widthPx, double scrapeIntervalS);

// The window ending at `endS` (now, or a zoomed end) covering `rangeS`, for a chart `widthPx`
// wide. start = floor((end - range) / step) * step; end is floored to the step too.
QueryWindow queryWindow(double endS, double rangeS, int widthPx, double scrapeIntervalS);

} // namespace sagadeck
