#pragma once

#include "RequestOutcome.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QUrl>

#include <functional>
#include <map>

class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace sagadeck {

class GuardedNetworkAccess;

// One HTTP request as a client asks for it.
struct HttpRequest
{
    QByteArray verb = "GET"; // GET, HEAD, POST, PUT, PATCH, DELETE
    QUrl url;
    QByteArray body;
    QByteArray contentType;                       // empty: no Content-Type header
    QList<QPair<QByteArray, QByteArray>> headers; // Authorization, Idempotency-Key, ...
    QSslCertificate clientCertificate;            // mutual TLS (a kubeconfig user); null: none
    QSslKey clientKey;
    // A streaming read (a watch, a followed log): each piece of a 2xx answer's body is handed to
    // onChunk as it arrives and not kept (no body cap: the receiver bounds what it keeps); `done`
    // still comes once, at the end, with an empty body. Any other status is kept whole for the
    // error text.
    std::function<void(const QByteArray &chunk)> onChunk;
    // > 0: this request's own timeouts (a watch is quiet for long and lasts its timeoutSeconds).
    int transferTimeoutMs = 0;
    int deadlineMs = 0;
};

// How one request ended, as the transport saw it: facts, no interpretation of message text.
struct HttpResult
{
    enum class Delivery
    {
        Answered,    // a complete HTTP answer arrived (any status)
        RefusedHere, // it never left the console: the read-only guard, unusable TLS settings,
                     // or the client's own refusal (HttpTransport::refuse)
        NotSent,     // the network failed before the request could leave: connection refused,
                     // host not found, TLS handshake failed, unknown protocol
        MaybeSent    // it may have reached the server: lost connection, transfer timeout,
                     // deadline, body cap, stop() — with or without a status
    };

    QByteArray verb;
    QUrl url;
    bool mutating = false; // not GET/HEAD, and not a read the guard allows as a form POST
    Delivery delivery = Delivery::RefusedHere;
    int status = 0;             // HTTP status when the headers arrived (even if the body was then
                                // cut off); 0: no HTTP answer
    QByteArray body;            // only when Answered
    QString serverRequestId;    // the answer's X-Request-Id / Audit-Id / ..., if any
    QString error;              // plain text (NetworkErrorText); empty when Answered
    bool timedOut = false;      // the transfer timeout or the deadline ended it
    bool tooLarge = false;      // the body passed the cap and its download was aborted
    bool cancelled = false;     // HttpTransport::abortAll() (the client stopped)
    bool repeatMayHelp = false; // NotSent: connection refused or host not found (not TLS, protocol)
    qint64 elapsedMs = 0;

    bool answered() const { return delivery == Delivery::Answered; }

    // Did it happen, and may sending the same request again help? Decided here, once, for
    // every client, from the facts above: the HTTP status when there is one (2xx done; 3xx
    // and 4xx failed, retryable for 408/425/429; 5xx unknown for a mutation, failed for a
    // read), otherwise the delivery (refused here; not sent: failed; maybe sent: unknown for a
    // mutation, failed for a read). A read that was cut off fails even with a status, a
    // mutation with a status is what the status says. `reason` is the client's text for the
    // operator (the server's error, or `error`); Done has none.
    RequestOutcome outcome(const QString &reason) const;
};

// TLS settings of one client, applied to each of its https requests.
struct HttpTlsSettings
{
    QByteArray caPem;                // trust anchors (PEM)
    QString caFile;                  // or read from this file (PEM); both empty: the system's store
    bool caOnly = false;             // trust these alone, as kubectl does; false: add them to the system's
    bool insecureSkipVerify = false; // no peer verification (a profile's explicit opt-out)
    QString caSource;                // names the CA in the error: "ca_file /etc/ca.pem"
};

// The one HTTP transport of the console's clients (PrometheusClient, OrchestratorClient,
// KubeClient). Each client owns one; everything below is decided here, once:
//  - the network access is a GuardedNetworkAccess, made lazily on the transport's thread (the
//    client's): in read-only mode every mutating request is refused before a socket is touched,
//    and reads sent as form POSTs pass only where allowReadByFormPost() allows them;
//  - every request has a transfer timeout (no bytes for transferTimeoutMs) AND an overall
//    deadline (deadlineMs from send());
//  - the body cap is enforced while downloading: as soon as the bytes received (or the size the
//    server announces) pass maxBodyBytes the download is aborted, and the error says so;
//  - HTTP/1.1 only, never HTTP/2: HTTP/2 carries every request over one connection, and one the
//    network lost without a word (a NAT or load balancer that dropped its state) swallowed each
//    later request for good. Over HTTP/1.1 a timed-out request's abort closes its connection,
//    so the next request opens a new one (tst_faults: silentlyLostConnection). That is the whole
//    policy for lost connections: no connection cache is ever cleared by hand;
//  - no retries, of any verb: each send() hands the request to the network once. (Below us,
//    Qt repeats an idempotent GET/HEAD/PUT/DELETE whose connection closed before any answer,
//    never a POST or PATCH.) Reads are asked again by the feeds on their own schedule,
//    mutations by the action pipeline (actions/), which decides on HttpResult::outcome();
//  - TLS (CA, insecure flag, client certificate) is configured in tlsFor(), the error texts come
//    from NetworkErrorText, the server's request id headers are read in one place.
//
// Threading: create it on (or move it with its client to) the client's thread; call everything
// there. `done` runs on that thread, exactly once per send()/refuse(), never inside the call.
class HttpTransport : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const HttpResult &)>;

    explicit HttpTransport(bool readOnly, QObject *parent = nullptr);
    ~HttpTransport() override;

    bool isReadOnly() const { return m_readOnly; }
    // Defaults 10 s / 20 s.
    void setTimeouts(int transferTimeoutMs, int deadlineMs);
    int transferTimeoutMs() const { return m_transferTimeoutMs; }
    int deadlineMs() const { return m_deadlineMs; }
    // Default 16 MiB.
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    // For every later https request. Returns the error when the CA holds no certificate; every
    // https request is then refused with it (never sent with weaker trust).
    QString setTls(const HttpTlsSettings &tls);
    // See GuardedNetworkAccess::allowReadByFormPost.
    void allowReadByFormPost(const QUrl &endpoint);

    // Returns the request's handle for abort() (0 when it was refused before sending).
    quint64 send(const HttpRequest &request, Done done);
    // Cuts one request off (a watch being replaced); answered like abortAll()'s. Unknown: no-op.
    void abort(quint64 handle);
    // Answers `done` with RefusedHere and `why`, as a network answer would come (later, on this
    // thread): for a client's own refusals (no credential, no namespace, no idempotency key).
    void refuse(const HttpRequest &request, const QString &why, Done done);
    // Cuts every request in flight off; each is answered (cancelled, MaybeSent) before this returns.
    void abortAll();
    int inFlight() const { return int(m_pending.size()); }

private:
    struct Pending
    {
        HttpResult result; // verb, url, mutating so far
        Done done;
        QElapsedTimer clock;
        bool deadlinePassed = false;
        std::function<void(const QByteArray &)> onChunk;
        int transferTimeoutMs = 0;
        int deadlineMs = 0;
        quint64 handle = 0;
    };

    GuardedNetworkAccess *network();
    QSslConfiguration tlsFor(const HttpRequest &request) const;
    void finished(QNetworkReply *reply);
    // A streaming request's piece of body, when its answer is a 2xx.
    void streamChunk(QNetworkReply *reply);
    void deliverLater(HttpResult result, Done done);

    bool m_readOnly;
    GuardedNetworkAccess *m_net = nullptr;
    QList<QUrl> m_readPostEndpoints;
    std::map<QNetworkReply *, Pending> m_pending;
    int m_transferTimeoutMs = 10000;
    int m_deadlineMs = 20000;
    qint64 m_maxBodyBytes = 16LL * 1024 * 1024;
    quint64 m_nextHandle = 0;
    HttpTlsSettings m_tls;
    QList<QSslCertificate> m_ca;
    QString m_tlsError;
};

} // namespace sagadeck
