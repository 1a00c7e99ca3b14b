#include "LagStatusEvaluator.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString lagStatusName(LagStatus status)
{
    switch (status) {
    case LagStatus::Pending: return u"…"_s;
    case LagStatus::Ok: return u"OK"_s;
    case LagStatus::Unknown: return u"UNKNOWN"_s;
    case LagStatus::Warn: return u"WARN"_s;
    case LagStatus::Rewind: return u"REWIND"_s;
    case LagStatus::Stall: return u"STALL"_s;
    case LagStatus::Stop: return u"STOP"_s;
    }
    return {};
}

int lagStatusSeverity(LagStatus status)
{
    // The enum is declared in order of severity: a second table of ranks could only disagree.
    return int(status);
}

LagStatus worseOf(LagStatus a, LagStatus b)
{
    return lagStatusSeverity(b) > lagStatusSeverity(a) ? b : a;
}

LagVerdict LagStatusEvaluator::evaluate(const QVector<LagSample> &all) const
{
    const QVector<LagSample> w = all.mid(qMax<qsizetype>(0, all.size() - m_window));
    if (w.isEmpty())
        return {LagStatus::Pending, u"no samples yet"_s};
    // A committed offset that went backwards is a reset or a replay: say so at once.
    for (qsizetype i = 1; i < w.size(); ++i) {
        const qint64 before = w.at(i - 1).committed, after = w.at(i).committed;
        if (before >= 0 && after >= 0 && after < before)
            return {LagStatus::Rewind, u"committed offset went back from %1 to %2"_s.arg(before).arg(after)};
        if (before >= 0 && after < 0)
            return {LagStatus::Rewind, u"committed offset %1 was deleted"_s.arg(before)};
    }
    const LagSample &first = w.first(), &last = w.last();
    // Burrow's first rule: a consumer that was caught up at any point in the window is fine.
    for (const LagSample &s : w) {
        if (s.committed >= 0 && s.lag() == 0)
            return {LagStatus::Ok, u"caught up within the window"_s};
    }
    if (w.size() < m_window)
        return {LagStatus::Pending, u"collecting samples (%1 of %2)"_s.arg(w.size()).arg(m_window)};
    const qint64 spanS = (last.atMs - first.atMs) / 1000;
    if (first.committed == last.committed) {
        if (last.lag() == 0)
            return {LagStatus::Ok, u"nothing to consume"_s};
        const QString what = last.committed < 0 ? u"nothing committed"_s : u"offset %1 unchanged"_s.arg(last.committed);
        if (last.members == 0)
            return {LagStatus::Stop,
                    u"%1 for %2 s and no active member; lag %3"_s.arg(what).arg(spanS).arg(last.lag())};
        return {LagStatus::Stall,
                u"%1 for %2 s with %3 member(s); lag %4"_s.arg(what).arg(spanS).arg(last.members).arg(last.lag())};
    }
    // Offsets move. Lag that keeps growing means the consumer is slower than the producers;
    // a dip now and then (commits land between samples) does not make it fine.
    int decreases = 0;
    for (qsizetype i = 1; i < w.size(); ++i)
        decreases += w.at(i).lag() < w.at(i - 1).lag() ? 1 : 0;
    if (last.lag() > first.lag() && decreases * 3 <= int(w.size() - 1))
        return {LagStatus::Warn,
                u"offsets move but lag grew from %1 to %2 in %3 s"_s.arg(first.lag()).arg(last.lag()).arg(spanS)};
    return {LagStatus::Ok, u"offsets move and lag does not grow"_s};
}

} // namespace sagadeck
