#include "HttpTransport.h"

#include "GuardedNetworkAccess.h"
#include "NetworkErrorText.h"

#include <QNetworkReply>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// Errors after which the request certainly did not leave: no connection, or no usable one.
bool neverSent(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError: return true;
    default: return false;
    }
}

// Of those, the ones a later attempt may get past (a server starting up, a name not yet in DNS).
bool passing(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError
        || e == QNetworkReply::ProxyConnectionRefusedError || e == QNetworkReply::ProxyNotFoundError;
}

// Qt errors that mean the transfer itself broke, as opposed to the ones Qt only derives from an
// HTTP status (400 ProtocolInvalidOperation, 404 ContentNotFound, 407 ProxyAuthenticationRequired,
// 503 ServiceUnavailable, ...), which come with a complete answer.
bool transferBroke(QNetworkReply::NetworkError e)
{
    if (e == QNetworkReply::NoError || e == QNetworkReply::ProxyAuthenticationRequiredError)
        return false;
    return e < QNetworkReply::ContentAccessDenied // connection, TLS and proxy errors
        || e == QNetworkReply::ContentReSendError || e == QNetworkReply::ProtocolFailure;
}

// The server's id for this request, for the operator to quote: the Kubernetes API server's
// Audit-Id first, then what web servers and proxies use.
QString serverRequestIdOf(const QNetworkReply *reply)
{
    for (const char *h : {"Audit-Id", "X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Audit-Id"}) {
        const QByteArray v = reply->rawHeader(h);
        if (!v.isEmpty())
            return QString::fromLatin1(v.left(200));
    }
    return QString();
}

bool isRead(const QByteArray &verb)
{
    return verb == "GET" || verb == "HEAD";
}

// A mutation's body, readable exactly once. Qt 6.4 sends a request again, of any verb, when its
// connection closes before an answer; to do that it must read the body again. Given this device
// without buffering (DoNotBufferUploadDataAttribute and a Content-Length), it cannot: the reply
// ends with ContentReSendError instead, and the mutation left at most once.
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(const QByteArray &data)
        : m_data(data)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }
    bool reset() override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_pos);
        if (n <= 0)
            return -1;
        memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

} // namespace

RequestOutcome HttpResult::outcome(const QString &reason) const
{
    RequestOutcome o;
    if (delivery == Delivery::RefusedHere) {
        o = RequestOutcome::refused(reason);
    } else if (status != 0 && (answered() || mutating)) {
        if (status >= 200 && status < 300)
            o = RequestOutcome::accepted(status);
        else if (status >= 500)
            o = mutating ? RequestOutcome::unknown(reason, status, true) : RequestOutcome::failed(reason, status, true);
        else // 3xx (redirects are not followed), 4xx: refused by the server, nothing happened
            o = RequestOutcome::failed(reason, status, status == 408 || status == 425 || status == 429);
    } else if (delivery == Delivery::NotSent) {
        o = RequestOutcome::failed(reason, 0, repeatMayHelp);
    } else if (mutating) {
        o = RequestOutcome::unknown(reason, status, true);
    } else {
        // A read changes nothing: it failed; again may help unless the answer is too large.
        o = RequestOutcome::failed(reason, status, !tooLarge);
    }
    o.serverRequestId = serverRequestId;
    return o;
}

HttpTransport::HttpTransport(bool readOnly, QObject *parent)
    : QObject(parent)
    , m_readOnly(readOnly)
{}

HttpTransport::~HttpTransport()
{
    // Replies still in flight die with the network access: nobody is called back from here.
    m_pending.clear();
    delete m_net;
}

void HttpTransport::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_transferTimeoutMs = transferTimeoutMs;
    m_deadlineMs = deadlineMs;
}

QString HttpTransport::setTls(const HttpTlsSettings &tls)
{
    m_tls = tls;
    m_ca.clear();
    m_tlsError.clear();
    if (!tls.caFile.isEmpty())
        m_ca = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
    else if (!tls.caPem.isEmpty())
        m_ca = QSslCertificate::fromData(tls.caPem, QSsl::Pem);
    if (m_ca.isEmpty() && (!tls.caFile.isEmpty() || !tls.caPem.isEmpty()))
        m_tlsError = u"%1 holds no PEM certificate"_s.arg(tls.caSource);
    return m_tlsError;
}

void HttpTransport::allowReadByFormPost(const QUrl &endpoint)
{
    m_readPostEndpoints << endpoint;
    if (m_net)
        m_net->allowReadByFormPost(endpoint);
}

GuardedNetworkAccess *HttpTransport::network()
{
    if (!m_net) {
        // On the client's thread: its sockets and timers live there.
        Q_ASSERT(thread() == QThread::currentThread());
        m_net = new GuardedNetworkAccess(m_readOnly, this);
        m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        for (const QUrl &endpoint : std::as_const(m_readPostEndpoints))
            m_net->allowReadByFormPost(endpoint);
    }
    return m_net;
}

QSslConfiguration HttpTransport::tlsFor(const HttpRequest &request) const
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    // Verification stays on unless the profile says otherwise, explicitly.
    tls.setPeerVerifyMode(m_tls.insecureSkipVerify ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    if (!m_ca.isEmpty()) {
        if (m_tls.caOnly)
            tls.setCaCertificates(m_ca);
        else
            tls.addCaCertificates(m_ca);
    }
    if (!request.clientCertificate.isNull()) {
        tls.setLocalCertificate(request.clientCertificate);
        tls.setPrivateKey(request.clientKey);
    }
    return tls;
}

void HttpTransport::deliverLater(HttpResult result, Done done)
{
    // Asynchronous like a network answer, so callers see one order of events.
    QTimer::singleShot(0, this, [done = std::move(done), result = std::move(result)] { done(result); });
}

void HttpTransport::refuse(const HttpRequest &request, const QString &why, Done done)
{
    HttpResult r;
    r.verb = request.verb;
    r.url = request.url;
    r.mutating = !isRead(request.verb);
    r.delivery = HttpResult::Delivery::RefusedHere;
    r.error = why;
    deliverLater(std::move(r), std::move(done));
}

quint64 HttpTransport::send(const HttpRequest &request, Done done)
{
    const bool https = request.url.scheme() == u"https"_s;
    if (https && !m_tlsError.isEmpty()) {
        refuse(request, m_tlsError, std::move(done));
        return 0;
    }
    const int transferTimeoutMs = request.transferTimeoutMs > 0 ? request.transferTimeoutMs : m_transferTimeoutMs;
    const int deadlineMs = request.deadlineMs > 0 ? request.deadlineMs : m_deadlineMs;
    QNetworkRequest nr(request.url);
    nr.setTransferTimeout(transferTimeoutMs);
    nr.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // see the class comment
    nr.setRawHeader("Accept", "application/json");
    nr.setRawHeader("User-Agent", "sagadeck");
    if (!request.contentType.isEmpty())
        nr.setRawHeader("Content-Type", request.contentType);
    for (const auto &[name, value] : request.headers)
        nr.setRawHeader(name, value);
    if (https)
        nr.setSslConfiguration(tlsFor(request));

    GuardedNetworkAccess *net = network();
    const QByteArray &verb = request.verb;
    QNetworkAccessManager::Operation op = QNetworkAccessManager::CustomOperation;
    if (verb == "GET")
        op = QNetworkAccessManager::GetOperation;
    else if (verb == "HEAD")
        op = QNetworkAccessManager::HeadOperation;
    else if (verb == "POST")
        op = QNetworkAccessManager::PostOperation;
    else if (verb == "PUT")
        op = QNetworkAccessManager::PutOperation;
    else
        nr.setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
    const bool mutating = GuardedNetworkAccess::isMutating(op, nr) && !net->isAllowedReadPost(op, nr);
    QIODevice *body = nullptr;
    if (mutating) {
        nr.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
        nr.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        body = new OneShotBody(request.body);
    }
    QNetworkReply *reply = nullptr;
    switch (op) {
    case QNetworkAccessManager::GetOperation: reply = net->get(nr); break;
    case QNetworkAccessManager::HeadOperation: reply = net->head(nr); break;
    case QNetworkAccessManager::PostOperation: reply = body ? net->post(nr, body) : net->post(nr, request.body); break;
    case QNetworkAccessManager::PutOperation: reply = body ? net->put(nr, body) : net->put(nr, request.body); break;
    default:
        reply = body ? net->sendCustomRequest(nr, verb, body) : net->sendCustomRequest(nr, verb, request.body);
        break;
    }
    if (body)
        body->setParent(reply); // alive until the reply is gone, as Qt requires

    Pending &p = m_pending[reply];
    p.result.verb = verb;
    p.result.url = request.url;
    p.result.mutating = mutating;
    p.done = std::move(done);
    p.clock.start();
    p.onChunk = request.onChunk;
    p.transferTimeoutMs = transferTimeoutMs;
    p.deadlineMs = deadlineMs;
    p.handle = ++m_nextHandle;

    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, reply] {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->second.deadlinePassed = true;
        reply->abort();
    });
    deadline->start(deadlineMs);
    // The cap holds while the bytes arrive, not after they were all kept: at the headers when
    // they announce more, and at every chunk (readyRead is not throttled as downloadProgress is;
    // nothing is read before the end, so bytesAvailable() is all that came).
    const auto overCap = [this, reply](qint64 bytes) {
        if (bytes <= m_maxBodyBytes)
            return;
        const auto it = m_pending.find(reply);
        if (it == m_pending.end() || it->second.result.tooLarge)
            return;
        it->second.result.tooLarge = true;
        reply->abort();
    };
    connect(reply, &QNetworkReply::metaDataChanged, this,
            [reply, overCap] { overCap(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()); });
    const bool streaming = bool(request.onChunk);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, overCap, streaming] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (streaming && status / 100 == 2)
            streamChunk(reply);
        else
            overCap(reply->bytesAvailable());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    return m_nextHandle;
}

void HttpTransport::streamChunk(QNetworkReply *reply)
{
    const auto it = m_pending.find(reply);
    if (it == m_pending.end() || !it->second.onChunk || !reply->isOpen())
        return;
    const QByteArray chunk = reply->readAll();
    // A copy: the receiver may abort this request, which ends its Pending while it runs.
    const auto onChunk = it->second.onChunk;
    if (!chunk.isEmpty())
        onChunk(chunk);
}

void HttpTransport::finished(QNetworkReply *reply)
{
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
        streamChunk(reply); // the last piece before the end
    const auto it = m_pending.find(reply);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it->second);
    m_pending.erase(it);
    reply->deleteLater();

    HttpResult &r = p.result;
    r.elapsedMs = p.clock.elapsed();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.serverRequestId = serverRequestIdOf(reply);
    const QNetworkReply::NetworkError e = reply->error();
    if (r.tooLarge) {
        r.delivery = HttpResult::Delivery::MaybeSent;
        r.error = bodyTooLargeText(r.url, m_maxBodyBytes);
    } else if (r.cancelled) {
        r.delivery = HttpResult::Delivery::MaybeSent;
        r.error = cancelledText(r.url);
    } else if (p.deadlinePassed) {
        r.delivery = HttpResult::Delivery::MaybeSent;
        r.timedOut = true;
        r.error = deadlineErrorText(r.url, p.deadlineMs);
    } else if (qobject_cast<RefusedNetworkReply *>(reply)) {
        r.delivery = HttpResult::Delivery::RefusedHere;
        r.error = reply->errorString();
    } else if (r.status != 0 && !transferBroke(e)) {
        r.delivery = HttpResult::Delivery::Answered;
        r.body = reply->readAll(); // empty for a streamed 2xx: its pieces went to onChunk
    } else {
        r.delivery = neverSent(e) ? HttpResult::Delivery::NotSent : HttpResult::Delivery::MaybeSent;
        r.repeatMayHelp = passing(e);
        // Our own aborts are handled above: a cancel here is Qt's transfer timeout.
        r.timedOut = e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError;
        r.error = networkErrorText(reply, p.transferTimeoutMs);
    }
    p.done(r);
}

void HttpTransport::abort(quint64 handle)
{
    for (auto &[reply, pending] : m_pending) {
        if (pending.handle != handle)
            continue;
        QNetworkReply *const cut = reply;
        pending.result.cancelled = true;
        if (!cut->isFinished()) // one that failed is only waiting to say so
            cut->abort();
        finished(cut); // as in abortAll(): ends here when abort() did not
        return;
    }
}

void HttpTransport::abortAll()
{
    QList<QNetworkReply *> replies;
    for (const auto &[reply, pending] : m_pending)
        replies << reply;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const auto it = m_pending.find(reply);
        if (it == m_pending.end())
            continue;
        it->second.result.cancelled = true;
        reply->abort();
        finished(reply); // a reply that does not finish on abort (a refused one) ends here too
    }
}

} // namespace sagadeck
