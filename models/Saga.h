#pragma once

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QUuid>
#include <QVector>

namespace sagadeck {

// docs/architecture.md §1 saga_instances.status. Unknown keeps a value this build does not know as text
// instead of pretending it is one of ours.
enum class SagaStatus
{
    Started,
    InProgress,
    Compensating,
    Completed,
    Failed,
    Compensated,
    Unknown
};

inline constexpr SagaStatus knownSagaStatuses[] = {SagaStatus::Started,      SagaStatus::InProgress,
                                                   SagaStatus::Compensating, SagaStatus::Completed,
                                                   SagaStatus::Failed,       SagaStatus::Compensated};

SagaStatus parseSagaStatus(const QString &text);
QString sagaStatusName(SagaStatus status);  // the database spelling: IN_PROGRESS
QString sagaStatusLabel(SagaStatus status); // for people: In progress
bool isTerminal(SagaStatus status);

// One row of saga_instances without its payload (which is fetched only for the detail pane).
struct SagaRow
{
    QUuid id;
    QString type;
    SagaStatus status = SagaStatus::Unknown;
    QString statusText; // as stored; differs from sagaStatusName() only for Unknown
    QString currentStep;
    int attempt = 1;
    QString lastError;
    QDateTime createdAt;
    QDateTime updatedAt;
    // The stored timestamps to the microsecond: keyset paging must compare exact values,
    // and QDateTime stops at milliseconds.
    qint64 createdAtUs = 0;
    qint64 updatedAtUs = 0;

    friend bool operator==(const SagaRow &a, const SagaRow &b)
    {
        return a.id == b.id && a.type == b.type && a.statusText == b.statusText && a.currentStep == b.currentStep
            && a.attempt == b.attempt && a.lastError == b.lastError && a.createdAtUs == b.createdAtUs
            && a.updatedAtUs == b.updatedAtUs;
    }
    friend bool operator!=(const SagaRow &a, const SagaRow &b) { return !(a == b); }
};

// One row of saga_steps: a step execution or compensation.
struct SagaStep
{
    int seq = 0;
    QString step;
    QString action; // EXECUTE | COMPENSATE
    QString service;
    QString outcome;       // RUNNING | SUCCEEDED | FAILED | TIMED_OUT
    QString error;         // cut at SagaSql's detail cap unless the whole detail was asked for
    qint64 errorChars = 0; // the stored error's full length
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while running

    // Duration in ms; for a running step, up to `now`.
    qint64 durationMs(const QDateTime &now) const;
};

struct SagaDetail
{
    SagaRow saga;
    QByteArray payload; // JSON text as stored (cut at the detail cap unless complete)
    QVector<SagaStep> steps;
    // Filled by the Postgres worker, off the GUI thread: the payload as shown (indented JSON),
    // the full sizes, and whether anything was cut (then the pane offers "Load all").
    QString payloadText;
    qint64 payloadBytes = 0;
    qint64 lastErrorChars = 0;
    bool complete = true;
};

// Counts and rates computed by the database on every refresh, none of them over the whole
// table: live statuses are counted exactly (through the status index), finished ones over the
// last `finishedWindowMinutes`, and the table's size is the planner's estimate.
struct SagaSummary
{
    QMap<QString, qint64> byStatus; // live status -> count now; finished status -> count in the window
    QMap<QString, qint64> byType;   // the same sagas (live, or finished in the window) by type
    int finishedWindowMinutes = 60;
    qint64 finishedSinceUs = 0; // database time where that window starts (µs since the epoch)
    qint64 totalEstimate = -1;  // the planner's estimate of the table's rows; -1: not known yet
    int windowMinutes = 5;      // throughput window
    qint64 startedInWindow = 0;
    qint64 completedInWindow = 0;
    qint64 failedInWindow = 0; // FAILED or COMPENSATED
    QVector<SagaRow> stuck;    // IN_PROGRESS/COMPENSATING longer than the threshold
    qint64 stuckTotal = 0;     // stuck may be capped; this is the full count
    int stuckAfterS = 300;
    QDateTime at; // database time of the snapshot

    // "hour", "2 h", "30 min": the finished window as the pages say it ("in the last …").
    QString finishedWindowText() const;
    double perMinute(qint64 inWindow) const { return windowMinutes > 0 ? double(inWindow) / windowMinutes : 0; }
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SagaRow)
Q_DECLARE_METATYPE(sagadeck::SagaDetail)
Q_DECLARE_METATYPE(sagadeck::SagaSummary)
