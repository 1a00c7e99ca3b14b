#include "LagTimeEstimator.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

LagTime LagTimeEstimator::fromLogEndRate(qint64 lag, qint64 logEndDelta, qint64 spanMs)
{
    LagTime t;
    t.method = methodName();
    if (lag <= 0) {
        t.seconds = 0;
        return t;
    }
    if (logEndDelta <= 0 || spanMs <= 0)
        return t; // nothing written lately: a rate of 0 says nothing about the backlog's age
    const double ratePerS = double(logEndDelta) * 1000.0 / double(spanMs);
    t.seconds = double(lag) / ratePerS;
    return t;
}

QString LagTimeEstimator::describe(const LagTime &t)
{
    if (!t.known())
        return u"unknown"_s;
    const qint64 s = qint64(std::llround(t.seconds));
    if (t.seconds > 0 && t.seconds < 1)
        return u"< 1 s"_s;
    if (s < 60)
        return u"%1 s"_s.arg(s);
    if (s < 3600)
        return u"%1 min %2 s"_s.arg(s / 60).arg(s % 60);
    return u"%1 h %2 min"_s.arg(s / 3600).arg((s % 3600) / 60);
}

} // namespace sagadeck
