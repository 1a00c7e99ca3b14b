#pragma once

#include "ActionContext.h"
#include "AuditRecord.h"
#include "SagaActionPlan.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace sagadeck {

struct OrchestratorAnswer;

// Steps 3 to 6 of the pipeline for one confirmed plan: checks the confirmation, makes one
// ActionId per saga (the orchestrator's Idempotency-Key, reused by the client on every network
// retry; per saga because the server remembers a key for one saga's request), writes the intent
// to the audit log and only then sends, verifies the effect by re-reading the saga (bounded),
// and writes the outcome: done, failed (why) or unknown (check before retrying).
//
// Bulk: one request on the wire at a time, at most ActionContext::ratePerSecond; progress()
// after every saga; cancel() stops sending (sagas already sent are still verified and audited).
//
// A runner runs once: start() on a runner that has started returns false and does nothing, so
// five clicks in 100 ms make one request. Threading: GUI (or CLI main) thread, never blocks.
class SagaActionRunner : public QObject
{
    Q_OBJECT
public:
    explicit SagaActionRunner(const ActionContext &context, QObject *parent = nullptr);

    // False when it had started before (nothing happens) or when the plan is refused (then
    // finished() reports why, with no request sent and nothing audited).
    bool start(const sagadeck::SagaActionPlan &plan, const QString &typedConfirmation, const QString &reason);
    void cancel();
    bool hasStarted() const { return m_started; }
    bool isRunning() const { return m_started && !m_finished; }

signals:
    void progress(int finishedItems, int totalItems);
    void itemFinished(const sagadeck::SagaActionItemResult &result);
    void finished(const sagadeck::SagaActionReport &report);
    void auditWarning(const QString &text);

private:
    enum class Stage { Waiting, Intent, Sending, Verifying, Outcome, Finished };
    struct Item
    {
        SagaActionItem plan;
        Stage stage = Stage::Waiting;
        SagaActionItemResult result;
        AuditResult auditResult = AuditResult::None;
        quint64 verifyRequest = 0;
        QElapsedTimer clock;
        QElapsedTimer verifyClock;
    };

    void refuse(const QString &why);
    void pump();
    void writeIntent(int index);
    void onAudit(const sagadeck::AuditRecord &record, const QString &error);
    void onAnswer(const sagadeck::OrchestratorAnswer &answer);
    void onActionAnswer(int index, const sagadeck::OrchestratorAnswer &answer);
    void onVerifyAnswer(int index, const sagadeck::OrchestratorAnswer &answer);
    void poll();
    void conclude(int index, SagaActionItemResult::State state, const QString &message);
    void itemDone(int index);
    void finishIfDone();
    AuditRecord record(const Item &item, AuditKind kind) const;
    int indexOf(const ActionId &id) const;

    ActionContext m_ctx;
    SagaActionPlan m_plan;
    QString m_reason;
    QString m_batchId;
    QVector<Item> m_items;
    QTimer m_sendTimer;
    QTimer m_pollTimer;
    QElapsedTimer m_sinceLastSend;
    bool m_sending = false;         // an intent or POST of one item is under way
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    int m_done = 0;
    int m_total = 0;
};

} // namespace sagadeck
