#pragma once

#include "Feed.h"
#include "HttpTransport.h"
#include "OrchestratorJson.h"
#include "Profile.h"
#include "RequestOutcome.h"
#include "Saga.h"

#include <QJsonObject>
#include <QMetaType>

class QTimer;

namespace sagadeck {

// One call to the orchestrator REST API (docs/architecture.md §1).
struct OrchestratorRequest
{
    enum class Kind
    {
        Retry,
        Compensate,
        GetSaga,
        ListSagas
    };

    quint64 id = 0; // the asker's id, echoed in the answer
    Kind kind = Kind::GetSaga;
    QString sagaId;
    QString idempotencyKey; // Retry/Compensate: the ActionId, the same on every attempt of the pipeline
    QString reason;         // Retry/Compensate body
    QString requestedBy;    // Retry/Compensate body
    QString status;         // ListSagas filter, empty: any
    QString sagaType;       // ListSagas filter, empty: any
    int limit = 100;        // ListSagas, 1..1000

    bool isMutating() const { return kind == Kind::Retry || kind == Kind::Compensate; }
};

struct OrchestratorAnswer
{
    OrchestratorRequest request;
    // Done / Failed / RefusedBeforeSending / Unknown and whether the same request (same
    // idempotency key) may succeed when sent again, from HttpResult::outcome().
    RequestOutcome outcome;
    int httpStatus = 0; // 0 = no HTTP answer
    QString message;    // the server's "error" text, or the transport's; plain text; = outcome.reason
    QJsonObject body;
    QString serverRequestId; // X-Request-Id / Request-Id / Audit-Id of the answer, if any
    int attempts = 0;        // requests handed to the network: 0 or 1 (the client never repeats one)
    qint64 elapsedMs = 0;
    SagaDetail saga;        // GetSaga, Ok
    QVector<SagaRow> sagas; // ListSagas, Ok

    bool ok() const { return outcome.done(); }
};

// The orchestrator feed: GET /api/v1/sagas[/{id}] and the two actions, POST
// /api/v1/sagas/{id}/retry|compensate with `Idempotency-Key` and {"reason","requested_by"}.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and submit() (or the convenience slots) through queued connections. Its HttpTransport
// (read-only profiles cannot send a POST) makes its network access on that thread. Signals
// carry values only.
//
// Every call is sent exactly once, with the transport's transfer timeout and overall deadline,
// and answered once with a RequestOutcome in `outcome`. Retries are not this client's business:
// the action pipeline (actions/) repeats an action with the SAME idempotency key when the
// outcome is retryable, so the orchestrator applies it at most once; reads are asked again by
// whoever needs them. A lost answer is never reported as success: it is Unknown. Health
// (FeedKind::Orchestrator) is Live after any HTTP answer below 500 and Down while the server
// cannot be reached.
class OrchestratorClient : public Feed
{
    Q_OBJECT
public:
    OrchestratorClient(const OrchestratorSettings &settings, bool readOnly, QObject *parent = nullptr);
    ~OrchestratorClient() override;

    static void registerMetaTypes();

    // Defaults 10 s / 20 s; tests shorten them. Call before start().
    void setTimeouts(int transferTimeoutMs, int deadlineMs);
    // With an interval, a cheap GET (one saga of the list) every intervalMs keeps the health
    // current while nobody acts; its answers are not emitted. 0 (default): no probing.
    void setProbeIntervalMs(int intervalMs) { m_probeIntervalMs = intervalMs; }

public slots:
    void submit(const sagadeck::OrchestratorRequest &request);
    // Conveniences over submit().
    void retry(quint64 requestId, const QString &sagaId, const QString &actionId, const QString &reason,
               const QString &requestedBy);
    void compensate(quint64 requestId, const QString &sagaId, const QString &actionId, const QString &reason,
                    const QString &requestedBy);
    void getSaga(quint64 requestId, const QString &sagaId);
    // A probe now (unless one is in flight): the health is current without waiting for the timer.
    void refresh() override;

signals:
    void answered(const sagadeck::OrchestratorAnswer &answer);

protected:
    void onStart() override;
    void onStop() override;

private:
    void send(const OrchestratorRequest &request, bool probe);
    void finish(const OrchestratorRequest &request, const HttpResult &result, bool probe);

    OrchestratorSettings m_settings;
    HttpTransport *m_http;
    int m_probeIntervalMs = 0;
    QTimer *m_probeTimer = nullptr;
    bool m_probing = false;
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
