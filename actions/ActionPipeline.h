#pragma once

#include "ActionId.h"
#include "ActionTarget.h"
#include "AuditRecord.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace sagadeck {

class ActionTracker;
class AuditWriter;

// The rules every action follows, whatever its target: from the profile and the session.
struct PipelineSettings
{
    QString profile;
    bool readOnly = false;
    QString readOnlyWhy;              // e.g. "profile 'prod' is read_only" or "--read-only"
    AuditWriter *audit = nullptr;     // on a thread of its own
    ActionTracker *tracker = nullptr; // counts running actions; may be null (tests)
    // A preview older than this is not acted on: the operator confirmed what they saw then.
    int maxPlanAgeS = 600;
    // Sending one intent: at most this many attempts (same ActionId), waiting retryBaseMs, 2x,
    // 4x... between them, when the last one may be repeated (lost answer, 5xx, refused connection).
    int maxAttempts = 3;
    int retryBaseMs = 500;
    // Verification: read the target back every verifyPollMs until the effect shows, at most
    // verifyTimeoutMs after the request was accepted.
    int verifyTimeoutMs = 30000;
    int verifyPollMs = 500;
    // Bulk: at most this many requests per second, one on the wire at a time.
    double ratePerSecond = 5;

    static PipelineSettings tuned(int maxAttempts, int retryBaseMs, int verifyTimeoutMs, int verifyPollMs)
    {
        PipelineSettings s;
        s.maxAttempts = maxAttempts;
        s.retryBaseMs = retryBaseMs;
        s.verifyTimeoutMs = verifyTimeoutMs;
        s.verifyPollMs = verifyPollMs;
        return s;
    }
};

// How one item of an action ended.
struct ActionItemResult
{
    enum class State
    {
        Done,
        Failed,
        Unknown,
        Skipped,
        Cancelled
    };

    QString target;
    ActionId actionId; // null for Skipped/Cancelled: nothing was audited or sent
    State state = State::Skipped;
    QString message; // "done: …", "failed: …", "outcome unknown — …", "not sent: …"
    int httpStatus = 0;
    QString serverRequestId;
    int attempts = 0; // requests sent for this intent (retries included)
    qint64 durationMs = 0;
};
QString itemStateName(ActionItemResult::State state); // done, failed, unknown, skipped, cancelled

struct ActionReport
{
    QString refused; // non-empty: nothing ran, this is why (no request, no audit)
    bool cancelled = false;
    QString batchId;
    QVector<ActionItemResult> results;

    int count(ActionItemResult::State state) const;
    // Done for every item that was to be sent, and at least one.
    bool allDone() const;
    // "3 done, 1 failed, 0 outcome unknown (check before retrying), 2 skipped", or the refusal.
    QString summary() const;
};

// Steps 3 to 7 of every operator action, written once: check the confirmed plan (read-only,
// refusal, a preview too old, confirmation), then per item: make one ActionId, write the intent
// to the audit log and only once it is on disk send the request; repeat a request that may be
// repeated (same ActionId) with backoff; read the target back until the effect shows (bounded);
// write the outcome — done, failed (why) or unknown (check before retrying). A lost answer is
// never success, and never resent under a new key.
//
// Bulk: one request on the wire at a time, at most ratePerSecond; cancel() stops sending
// (what was sent is still verified and audited). It runs once: a second start() does nothing,
// so five clicks make one request. It registers with the ActionTracker while it runs, so the
// console keeps its clients alive until it ends; abandon() writes "unknown" for every item
// still open when the console must end first.
//
// Threading: the GUI (or CLI main) thread; never blocks (but abandon()).
class ActionPipeline : public QObject
{
    Q_OBJECT
public:
    // The pipeline takes `target` over (it becomes its child).
    ActionPipeline(const PipelineSettings &settings, ActionTarget *target, QObject *parent = nullptr);
    ~ActionPipeline() override;

    // False when it had started before (nothing happens) or when it refuses: then finished()
    // reports why, with no request sent and nothing audited.
    bool start(const QString &typedConfirmation, const QString &reason);
    void cancel();
    // The console ends before this action could: write "outcome unknown" for every item that
    // has an intent but no outcome (blocking until it is on disk), and stop.
    void abandon(const QString &why);

    bool hasStarted() const { return m_started; }
    bool isRunning() const { return m_started && !m_finished; }
    ActionTarget *target() const { return m_target; }
    QString verb() const { return m_plan.verb; }
    // "restart payment-service", "retry 12 sagas": for "1 action running" notices.
    QString summary() const;

signals:
    void progress(int finishedItems, int totalItems);
    // A stage of one item in words: "writing the intent to the audit log", "sending (attempt 2
    // of 3)", "verifying: generation 4 → 5, waiting for the controller"…
    void stage(int index, const QString &text);
    void itemFinished(const sagadeck::ActionItemResult &result);
    void finished(const sagadeck::ActionReport &report);
    void auditWarning(const QString &text);

private:
    enum class Stage
    {
        Waiting,
        Intent,
        Sending,
        Backoff,
        Verifying,
        Outcome,
        Finished
    };
    struct Item
    {
        Stage stage = Stage::Waiting;
        ActionItemResult result;
        AuditResult auditResult = AuditResult::None;
        bool maybeLanded = false; // an attempt may have reached the server
        bool reading = false;     // a read-back is out
        EffectReading lastReading;
        QElapsedTimer clock;
        QElapsedTimer verifyClock;
        QTimer *retry = nullptr;
    };

    QString checkStart(const QString &typedConfirmation, const QString &reason) const;
    void refuse(const QString &why);
    void pump();
    void writeIntent(int index);
    void send(int index);
    void onAudit(const sagadeck::AuditRecord &record, const QString &error);
    void onSent(int index, const sagadeck::RequestOutcome &outcome);
    void onRead(int index, const sagadeck::EffectReading &reading);
    void poll();
    void conclude(int index, ActionItemResult::State state, const QString &message);
    void itemDone(int index);
    void finishIfDone();
    AuditRecord record(int index, AuditKind kind) const;
    int indexOf(const ActionId &id) const;
    void setStage(int index, Stage stage, const QString &text);

    PipelineSettings m_settings;
    ActionTarget *m_target;
    PipelinePlan m_plan;
    QString m_reason;
    QString m_batchId;
    QVector<Item> m_items;
    QTimer m_sendTimer;
    QTimer m_pollTimer;
    QElapsedTimer m_sinceLastSend;
    bool m_sending = false; // an intent or request of one item is under way
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_abandoned = false;
    int m_done = 0;
    int m_total = 0;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::ActionItemResult)
Q_DECLARE_METATYPE(sagadeck::ActionReport)
