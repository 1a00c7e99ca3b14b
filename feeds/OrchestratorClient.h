#pragma once

#include "Backoff.h"
#include "FeedHealth.h"
#include "OrchestratorJson.h"
#include "Profile.h"
#include "Saga.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMetaType>
#include <QObject>

#include <map>

class QNetworkReply;
class QTimer;

namespace sagadeck {

class GuardedNetworkAccess;

// One call to the orchestrator REST API (DESIGN.md §1).
struct OrchestratorRequest
{
    enum class Kind { Retry, Compensate, GetSaga, ListSagas };

    quint64 id = 0;             // the asker's id, echoed in the answer
    Kind kind = Kind::GetSaga;
    QString sagaId;
    QString idempotencyKey;     // Retry/Compensate: the ActionId, the same on every attempt
    QString reason;             // Retry/Compensate body
    QString requestedBy;        // Retry/Compensate body
    QString status;             // ListSagas filter, empty: any
    QString sagaType;           // ListSagas filter, empty: any
    int limit = 100;            // ListSagas, 1..1000

    bool isMutating() const { return kind == Kind::Retry || kind == Kind::Compensate; }
};

// How a call ended, from the point of view of "did it happen?".
enum class OrchestratorOutcome {
    Ok,        // 2xx (202 for an action: accepted)
    Rejected,  // 4xx: the orchestrator refused and said why (message); nothing happened
    Failed,    // it never reached the orchestrator (refused by read-only, connection refused, bad URL)
    Unknown    // it may have been applied: lost answer, deadline passed, 5xx after every attempt
};
QString orchestratorOutcomeName(OrchestratorOutcome outcome);

struct OrchestratorAnswer
{
    OrchestratorRequest request;
    OrchestratorOutcome outcome = OrchestratorOutcome::Failed;
    int httpStatus = 0;          // of the last attempt, 0 = no HTTP answer
    QString message;             // the server's "error" text, or the transport's; plain text
    QJsonObject body;
    QString serverRequestId;     // X-Request-Id / Request-Id / Audit-Id of the answer, if any
    int attempts = 0;            // requests put on the wire (retries reuse the idempotency key)
    qint64 elapsedMs = 0;
    SagaDetail saga;             // GetSaga, Ok
    QVector<SagaRow> sagas;      // ListSagas, Ok

    bool ok() const { return outcome == OrchestratorOutcome::Ok; }
};

// The orchestrator feed: GET /api/v1/sagas[/{id}] and the two actions, POST
// /api/v1/sagas/{id}/retry|compensate with `Idempotency-Key` and {"reason","requested_by"}.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and submit() (or the convenience slots) through queued connections. The network
// access (a GuardedNetworkAccess: read-only profiles cannot send a POST) is made in start(), on
// that thread. Signals carry values only.
//
// Every call has a transfer timeout per attempt and an overall deadline across its attempts.
// A network failure or 5xx is retried (at most maxAttempts, with backoff) with the SAME
// idempotency key, so the orchestrator applies the action at most once. A lost answer is never
// reported as success: it is Unknown. Health (FeedKind::Orchestrator) is Live after any HTTP
// answer below 500 and Down while the server cannot be reached.
class OrchestratorClient : public QObject
{
    Q_OBJECT
public:
    OrchestratorClient(const OrchestratorSettings &settings, bool readOnly, QObject *parent = nullptr);
    ~OrchestratorClient() override;

    static void registerMetaTypes();

    // Defaults 10 s / 20 s / 4 attempts; tests shorten them. Call before start().
    void setTimeouts(int transferTimeoutMs, int deadlineMs);
    void setMaxAttempts(int attempts) { m_maxAttempts = qMax(1, attempts); }
    void setRetryDelays(int initialMs, int capMs);
    // With an interval, a cheap GET (one saga of the list) every intervalMs keeps the health
    // current while nobody acts; its answers are not emitted. 0 (default): no probing.
    void setProbeIntervalMs(int intervalMs) { m_probeIntervalMs = intervalMs; }

public slots:
    void start();
    void stop();
    void submit(const sagadeck::OrchestratorRequest &request);
    // Conveniences over submit().
    void retry(quint64 requestId, const QString &sagaId, const QString &actionId, const QString &reason,
               const QString &requestedBy);
    void compensate(quint64 requestId, const QString &sagaId, const QString &actionId, const QString &reason,
                    const QString &requestedBy);
    void getSaga(quint64 requestId, const QString &sagaId);

signals:
    void healthChanged(const sagadeck::FeedHealth &health);
    void answered(const sagadeck::OrchestratorAnswer &answer);

private:
    struct Call
    {
        OrchestratorRequest request;
        QNetworkReply *reply = nullptr;
        QTimer *deadline = nullptr;
        QTimer *retryTimer = nullptr;
        QElapsedTimer clock;
        Backoff backoff;
        int attempts = 0;
        bool ambiguous = false;   // some attempt may have reached the server
        bool refusedHere = false; // refused before sending (read-only, no key): says nothing of the server
        bool probe = false;       // the health probe: answered to nobody
        QString lastError;
        int lastStatus = 0;
        QString serverRequestId;
    };

    void send(quint64 callId);
    void probe();
    void attemptFinished(quint64 callId, QNetworkReply *reply);
    void deadlinePassed(quint64 callId);
    void finish(quint64 callId, OrchestratorAnswer answer);
    void setHealth(FeedState state, const QString &reason, bool success);

    OrchestratorSettings m_settings;
    bool m_readOnly = false;
    GuardedNetworkAccess *m_net = nullptr;
    std::map<quint64, Call> m_calls;
    quint64 m_nextCall = 1;
    FeedHealth m_health;
    int m_transferTimeoutMs = 10000;
    int m_deadlineMs = 20000;
    int m_maxAttempts = 4;
    int m_retryInitialMs = 200;
    int m_retryCapMs = 2000;
    int m_probeIntervalMs = 0;
    QTimer *m_probeTimer = nullptr;
    bool m_probing = false;
    bool m_running = false;
};

// The path and body of a request (exposed for tests).
struct OrchestratorHttpRequest
{
    QByteArray method;
    QString url;
    QByteArray body;
};
OrchestratorHttpRequest buildOrchestratorHttpRequest(const QString &baseUrl, const OrchestratorRequest &request);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::OrchestratorRequest)
Q_DECLARE_METATYPE(sagadeck::OrchestratorAnswer)
