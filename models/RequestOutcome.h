#pragma once

#include <QMetaType>
#include <QString>

namespace sagadeck {

// How one request to an outside system ended, from the point of view of "did it happen?".
// Every client that can change something (orchestrator, Kubernetes, Postgres) answers with one,
// and the action pipeline decides on it alone, never on message text.
struct RequestOutcome
{
    enum class Kind
    {
        Done,                 // the server accepted it (2xx)
        Failed,               // it certainly did not happen: the server refused (4xx) or was never reached
        RefusedBeforeSending, // the console itself refused to send it (read-only, no key, no credentials)
        Unknown               // it may have happened: lost answer, deadline passed, 5xx
    };

    Kind kind = Kind::Failed;
    QString reason;          // plain text: the server's error or the transport's; empty when Done
    int httpStatus = 0;      // of the last answer; 0 = no HTTP answer
    QString serverRequestId; // X-Request-Id / Audit-Id of the answer, if any
    // Sending the same request again (same idempotency key) may succeed: a lost answer, a 5xx,
    // a connection refused. False for a refusal, a 4xx, or a request the console refused.
    bool retryable = false;

    bool done() const { return kind == Kind::Done; }
    // Whether the server may have applied it (Done or Unknown).
    bool mayHaveHappened() const { return kind == Kind::Done || kind == Kind::Unknown; }

    static RequestOutcome accepted(int httpStatus, const QString &serverRequestId = {})
    {
        return {Kind::Done, {}, httpStatus, serverRequestId, false};
    }
    static RequestOutcome failed(const QString &reason, int httpStatus = 0, bool retryable = false)
    {
        return {Kind::Failed, reason, httpStatus, {}, retryable};
    }
    static RequestOutcome refused(const QString &reason) { return {Kind::RefusedBeforeSending, reason, 0, {}, false}; }
    static RequestOutcome unknown(const QString &reason, int httpStatus = 0, bool retryable = true)
    {
        return {Kind::Unknown, reason, httpStatus, {}, retryable};
    }
};

QString requestOutcomeName(RequestOutcome::Kind kind); // done, failed, refused, unknown

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::RequestOutcome)
