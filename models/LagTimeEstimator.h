#pragma once

#include <QString>

namespace sagadeck {

// Lag in time from lag in messages and the recent rate of the log-end offset: how long the
// producers took to write what the consumer has not read yet. The method is part of the
// answer so that the UI and the snapshot can say which estimate they show.
struct LagTime
{
    double seconds = -1; // -1: unknown (no writes in the window to measure a rate)
    QString method;      // e.g. "from log-end rate"

    bool known() const { return seconds >= 0; }
};

class LagTimeEstimator
{
public:
    static QString methodName() { return QStringLiteral("from log-end rate"); }
    // lag: messages behind; logEndDelta over spanMs: messages written in the window.
    static LagTime fromLogEndRate(qint64 lag, qint64 logEndDelta, qint64 spanMs);
    // "0 s", "12 s", "3 min 4 s", "unknown".
    static QString describe(const LagTime &t);
};

} // namespace sagadeck
