#pragma once

#include "AuditRecord.h"
#include "DeploymentActionContext.h"
#include "DeploymentActionPlan.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace sagadeck {

struct KubeResult;

// Steps 3 to 6 of the pipeline for one confirmed deployment plan: checks the confirmation,
// makes one ActionId for the intent (and, for a restart, the one restartedAt value), writes the
// intent to the audit log and only once it is on disk sends the PATCH (or GET+PUT with a
// precondition). A lost answer is retried (bounded, with backoff) with the same ActionId and the
// same restartedAt, so a retry cannot start a second rollout. Then it verifies the effect by
// re-reading the deployment (bounded) and writes the outcome: done, failed (why) or unknown
// (check before retrying). A lost answer is never reported as success.
//
// A runner runs once: start() on a runner that has started returns false and does nothing, so
// five clicks in 100 ms make one request. Threading: GUI (or CLI main) thread, never blocks.
class DeploymentActionRunner : public QObject
{
    Q_OBJECT
public:
    explicit DeploymentActionRunner(const DeploymentActionContext &context, QObject *parent = nullptr);

    // False when it had started before (nothing happens) or when it refuses (read-only, refused
    // or no-op plan, confirmation not satisfied): then finished() reports why, with no request
    // sent and nothing audited.
    bool start(const sagadeck::DeploymentActionPlan &plan, const QString &typedConfirmation, const QString &reason);
    bool hasStarted() const { return m_started; }
    bool isRunning() const { return m_started && !m_finished; }

signals:
    // Human-readable stage: "writing the intent to the audit log", "sending (attempt 2 of 3)",
    // "verifying: generation 4 → 5, waiting for the controller"...
    void progress(const QString &text);
    void finished(const sagadeck::DeploymentActionResult &result);
    void auditWarning(const QString &text);

private:
    enum class Stage { Idle, Intent, Sending, Backoff, Verifying, Outcome, Finished };

    void refuse(const QString &why);
    void onTarget(const sagadeck::KubeTarget &target);
    void onAudit(const sagadeck::AuditRecord &record, const QString &error);
    void onResult(const sagadeck::KubeResult &result);
    void onActionResult(const sagadeck::KubeResult &result);
    void onVerifyResult(const sagadeck::KubeResult &result);
    void send();
    void poll();
    // Whether `d` shows the effect; `note` says what is still missing or what was seen.
    bool effectVisible(const DeploymentInfo &d, QString *note) const;
    void conclude(DeploymentActionResult::State state, const QString &message);
    AuditRecord record(AuditKind kind) const;

    DeploymentActionContext m_ctx;
    DeploymentActionPlan m_plan;
    QString m_reason;
    DeploymentActionResult m_result;
    AuditResult m_auditResult = AuditResult::None;
    Stage m_stage = Stage::Idle;
    QString m_requestId;            // the request in flight (mutation or verification read)
    bool m_maybeSent = false;       // an attempt may have reached the server
    qint64 m_generationAfter = -1;  // restart: metadata.generation the PATCH answered with
    QString m_lastNote;
    QTimer m_retryTimer;
    QTimer m_pollTimer;
    QElapsedTimer m_clock;
    QElapsedTimer m_verifyClock;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace sagadeck
