#pragma once

#include <QString>
#include <QVector>

namespace sagadeck {

// Burrow-style partition status: no lag threshold, only how offsets and lag move over a
// window of recent samples. Declared in order of severity (lagStatusSeverity is this order) for
// "group status = worst partition".
enum class LagStatus
{
    Pending,
    Ok,
    Unknown, // the lag cannot be read now (no leader, log-end offset unknown): never OK
    Warn,
    Rewind,
    Stall,
    Stop
};

QString lagStatusName(LagStatus status); // "OK", "UNKNOWN", "WARN", "STALL", ... ("…" for Pending)
int lagStatusSeverity(LagStatus status); // higher is worse
LagStatus worseOf(LagStatus a, LagStatus b);

// One refresh's view of one partition of one group.
struct LagSample
{
    qint64 atMs = 0;
    qint64 committed = -1; // -1: nothing committed
    qint64 logEnd = 0;
    int members = 0; // active members of the group at the time

    qint64 lag() const { return committed < 0 ? logEnd : qMax<qint64>(0, logEnd - committed); }
};

struct LagVerdict
{
    LagStatus status = LagStatus::Pending;
    QString reason; // one line for a tooltip: why this status
};

// Kafka does not report when an offset was committed, so "no commit for longer than the
// window" is read as: the committed offset did not move across a full window and the group
// has no active member to commit it. A member that is there but does not move is STALL.
class LagStatusEvaluator
{
public:
    explicit LagStatusEvaluator(int windowSamples = 10)
        : m_window(qMax(2, windowSamples))
    {}
    int windowSamples() const { return m_window; }

    // `samples` oldest first; only the newest windowSamples() are looked at.
    LagVerdict evaluate(const QVector<LagSample> &samples) const;

private:
    int m_window;
};

} // namespace sagadeck
