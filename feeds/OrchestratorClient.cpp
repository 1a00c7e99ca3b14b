#include "OrchestratorClient.h"

#include "NetworkErrorText.h"
#include "GuardedNetworkAccess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr qint64 maxBodyBytes = 16LL * 1024 * 1024;

// Errors after which the request certainly did not reach the server.
bool neverSent(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError
        || e == QNetworkReply::ContentOperationNotPermittedError
        || e == QNetworkReply::ProtocolUnknownError || e == QNetworkReply::ProtocolInvalidOperationError;
}

QString serverRequestIdOf(QNetworkReply *reply)
{
    for (const char *h : {"X-Request-Id", "Request-Id", "X-Correlation-Id", "Audit-Id", "X-Audit-Id"}) {
        const QByteArray v = reply->rawHeader(h);
        if (!v.isEmpty())
            return QString::fromLatin1(v.left(200));
    }
    return QString();
}

QString describeDelay(qint64 ms)
{
    return ms < 1000 ? u"%1 ms"_s.arg(ms) : describeAge(ms);
}

} // namespace

QString orchestratorOutcomeName(OrchestratorOutcome outcome)
{
    switch (outcome) {
    case OrchestratorOutcome::Ok: return u"ok"_s;
    case OrchestratorOutcome::Rejected: return u"rejected"_s;
    case OrchestratorOutcome::Failed: return u"failed"_s;
    case OrchestratorOutcome::Unknown: return u"unknown"_s;
    }
    return QString();
}

OrchestratorHttpRequest buildOrchestratorHttpRequest(const QString &baseUrl, const OrchestratorRequest &request)
{
    QString base = baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    const QString id = QString::fromLatin1(QUrl::toPercentEncoding(request.sagaId));
    OrchestratorHttpRequest out;
    switch (request.kind) {
    case OrchestratorRequest::Kind::GetSaga:
        out.method = "GET";
        out.url = base + u"/api/v1/sagas/"_s + id;
        break;
    case OrchestratorRequest::Kind::ListSagas: {
        out.method = "GET";
        QUrlQuery q;
        if (!request.status.isEmpty())
            q.addQueryItem(u"status"_s, request.status);
        if (!request.sagaType.isEmpty())
            q.addQueryItem(u"saga_type"_s, request.sagaType);
        q.addQueryItem(u"limit"_s, QString::number(qBound(1, request.limit, 1000)));
        out.url = base + u"/api/v1/sagas?"_s + q.toString(QUrl::FullyEncoded);
        break;
    }
    case OrchestratorRequest::Kind::Retry:
    case OrchestratorRequest::Kind::Compensate:
        out.method = "POST";
        out.url = base + u"/api/v1/sagas/"_s + id
            + (request.kind == OrchestratorRequest::Kind::Retry ? u"/retry"_s : u"/compensate"_s);
        out.body = QJsonDocument(QJsonObject{{u"reason"_s, request.reason},
                                             {u"requested_by"_s, request.requestedBy}})
                       .toJson(QJsonDocument::Compact);
        break;
    }
    return out;
}

OrchestratorClient::OrchestratorClient(const OrchestratorSettings &settings, bool readOnly, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_readOnly(readOnly)
{
    m_health.feed = FeedKind::Orchestrator;
    m_health.state = FeedState::Connecting;
}

OrchestratorClient::~OrchestratorClient() = default;

void OrchestratorClient::registerMetaTypes()
{
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<OrchestratorRequest>();
    qRegisterMetaType<OrchestratorAnswer>();
}

void OrchestratorClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_transferTimeoutMs = transferTimeoutMs;
    m_deadlineMs = deadlineMs;
}

void OrchestratorClient::setRetryDelays(int initialMs, int capMs)
{
    m_retryInitialMs = initialMs;
    m_retryCapMs = capMs;
}

void OrchestratorClient::start()
{
    if (m_running)
        return;
    m_running = true;
    m_net = new GuardedNetworkAccess(m_readOnly, this);   // on this thread: its sockets live here
    m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    setHealth(FeedState::Connecting, u"connecting to the orchestrator at "_s + m_settings.url, false);
    if (m_probeIntervalMs > 0) {
        m_probeTimer = new QTimer(this);
        connect(m_probeTimer, &QTimer::timeout, this, &OrchestratorClient::probe);
        m_probeTimer->start(m_probeIntervalMs);
        probe();
    }
}

void OrchestratorClient::probe()
{
    if (m_probing || !m_running)
        return;
    m_probing = true;
    OrchestratorRequest r;
    r.kind = OrchestratorRequest::Kind::ListSagas;
    r.limit = 1;
    const quint64 before = m_nextCall;
    submit(r);
    if (const auto it = m_calls.find(before); it != m_calls.end())
        it->second.probe = true;
    else
        m_probing = false;
}

void OrchestratorClient::stop()
{
    m_running = false;
    if (m_probeTimer)
        m_probeTimer->stop();
    // abort() finishes a reply at once, which ends its call and changes m_calls: collect first.
    QList<QNetworkReply *> replies;
    for (const auto &[id, call] : m_calls)
        if (call.reply)
            replies << call.reply;
    for (QNetworkReply *reply : std::as_const(replies))
        reply->abort();
    // Calls waiting for a retry end here too (nobody is told: the client is stopped).
    QList<quint64> waiting;
    for (const auto &[id, call] : m_calls)
        waiting << id;
    for (quint64 id : std::as_const(waiting))
        finish(id, OrchestratorAnswer{});
}

void OrchestratorClient::retry(quint64 requestId, const QString &sagaId, const QString &actionId,
                               const QString &reason, const QString &requestedBy)
{
    submit({requestId, OrchestratorRequest::Kind::Retry, sagaId, actionId, reason, requestedBy, {}, {}, 0});
}

void OrchestratorClient::compensate(quint64 requestId, const QString &sagaId, const QString &actionId,
                                    const QString &reason, const QString &requestedBy)
{
    submit({requestId, OrchestratorRequest::Kind::Compensate, sagaId, actionId, reason, requestedBy, {}, {}, 0});
}

void OrchestratorClient::getSaga(quint64 requestId, const QString &sagaId)
{
    submit({requestId, OrchestratorRequest::Kind::GetSaga, sagaId, {}, {}, {}, {}, {}, 0});
}

void OrchestratorClient::submit(const OrchestratorRequest &request)
{
    if (!m_running || !m_net)
        return;
    const quint64 callId = m_nextCall++;
    Call &call = m_calls[callId];
    call.request = request;
    call.backoff = Backoff(Backoff::ms(m_retryInitialMs), Backoff::ms(m_retryCapMs));
    call.clock.start();
    if (request.isMutating() && request.idempotencyKey.isEmpty()) {
        OrchestratorAnswer a;
        a.message = u"refused: an action needs an idempotency key (its ActionId)"_s;
        call.refusedHere = true;
        return finish(callId, a);
    }
    call.deadline = new QTimer(this);
    call.deadline->setSingleShot(true);
    connect(call.deadline, &QTimer::timeout, this, [this, callId] { deadlinePassed(callId); });
    call.deadline->start(m_deadlineMs);
    send(callId);
}

void OrchestratorClient::send(quint64 callId)
{
    Call &call = m_calls.at(callId);
    const OrchestratorHttpRequest http = buildOrchestratorHttpRequest(m_settings.url, call.request);
    QNetworkRequest nr{QUrl(http.url, QUrl::StrictMode)};
    nr.setTransferTimeout(m_transferTimeoutMs);
    nr.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = nullptr;
    if (http.method == "POST") {
        nr.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        nr.setRawHeader("Idempotency-Key", call.request.idempotencyKey.toUtf8());
        reply = m_net->post(nr, http.body);
    } else {
        reply = m_net->get(nr);
    }
    ++call.attempts;
    call.reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > maxBodyBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, callId, reply] { attemptFinished(callId, reply); });
}

void OrchestratorClient::attemptFinished(quint64 callId, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_calls.find(callId);
    if (it == m_calls.end() || it->second.reply != reply)
        return;   // the deadline already answered this call
    Call &call = it->second;
    call.reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray raw = reply->isOpen() && reply->bytesAvailable() <= maxBodyBytes ? reply->readAll() : QByteArray();
    const OrchestratorBodyShape shape = call.request.kind == OrchestratorRequest::Kind::GetSaga
        ? OrchestratorBodyShape::Saga
        : call.request.kind == OrchestratorRequest::Kind::ListSagas ? OrchestratorBodyShape::SagaList
                                                                    : OrchestratorBodyShape::Any;
    OrchestratorBody parsed = parseOrchestratorBody(raw, shape);
    const QJsonObject &body = parsed.object;
    call.lastStatus = status;
    call.serverRequestId = serverRequestIdOf(reply);

    OrchestratorAnswer a;
    a.httpStatus = status;
    a.body = body;
    if (status >= 200 && status < 300) {
        a.outcome = OrchestratorOutcome::Ok;
        if (shape == OrchestratorBodyShape::Saga && !parsed.isSaga) {
            a.outcome = OrchestratorOutcome::Failed;
            a.message = u"the orchestrator's answer is not a saga object"_s;
        }
        if (parsed.isSaga)
            a.saga = parsed.saga;
        a.sagas = std::move(parsed.sagas);
        return finish(callId, a);
    }
    if (status >= 400 && status < 500) {
        a.outcome = OrchestratorOutcome::Rejected;
        const QString why = parsed.error;
        a.message = why.isEmpty() ? u"HTTP %1 without an error text"_s.arg(status) : why;
        return finish(callId, a);
    }
    // A 5xx or no HTTP answer at all: may be retried with the same key.
    if (status >= 500) {
        call.ambiguous = true;
        const QString why = parsed.error;
        call.lastError = u"HTTP %1: %2"_s.arg(status).arg(why.isEmpty() ? reply->errorString() : why);
    } else {
        if (!neverSent(reply->error()))
            call.ambiguous = true;
        call.lastError = networkErrorText(reply, m_transferTimeoutMs);
        if (reply->error() == QNetworkReply::ContentOperationNotPermittedError) {
            call.refusedHere = true;
            a.outcome = OrchestratorOutcome::Failed;   // read-only: retrying cannot help
            a.message = call.lastError;
            return finish(callId, a);
        }
    }
    if (call.attempts >= m_maxAttempts || !m_running) {
        a.outcome = call.ambiguous ? OrchestratorOutcome::Unknown : OrchestratorOutcome::Failed;
        a.message = u"%1 (after %2 attempts)"_s.arg(call.lastError).arg(call.attempts);
        return finish(callId, a);
    }
    const qint64 delay = call.backoff.next().count();
    setHealth(FeedState::Down, call.lastError + u" — retrying in "_s + describeDelay(delay), false);
    call.retryTimer = new QTimer(this);
    call.retryTimer->setSingleShot(true);
    connect(call.retryTimer, &QTimer::timeout, this, [this, callId] {
        const auto it = m_calls.find(callId);
        if (it == m_calls.end())
            return;
        it->second.retryTimer->deleteLater();
        it->second.retryTimer = nullptr;
        send(callId);
    });
    call.retryTimer->start(int(delay));
}

void OrchestratorClient::deadlinePassed(quint64 callId)
{
    const auto it = m_calls.find(callId);
    if (it == m_calls.end())
        return;
    Call &call = it->second;
    OrchestratorAnswer a;
    // An attempt still on the wire may have been applied; a waiting retry after only "never
    // sent" failures was not.
    const bool inFlight = call.reply != nullptr;
    if (inFlight) {
        call.ambiguous = true;
        QNetworkReply *reply = call.reply;
        call.reply = nullptr;
        reply->abort();
    }
    a.outcome = call.ambiguous ? OrchestratorOutcome::Unknown : OrchestratorOutcome::Failed;
    a.message = u"no answer within the %1 ms deadline%2"_s.arg(m_deadlineMs).arg(
        call.lastError.isEmpty() ? QString() : u" (last error: "_s + call.lastError + u')');
    finish(callId, a);
}

void OrchestratorClient::finish(quint64 callId, OrchestratorAnswer answer)
{
    const auto it = m_calls.find(callId);
    if (it == m_calls.end())
        return;
    Call call = it->second;
    m_calls.erase(it);
    if (call.deadline)
        call.deadline->deleteLater();
    if (call.retryTimer)
        call.retryTimer->deleteLater();
    if (call.reply) {
        QNetworkReply *reply = call.reply;
        reply->abort();
    }
    // A GET changes nothing: "unknown" only means something for actions.
    if (!call.request.isMutating() && answer.outcome == OrchestratorOutcome::Unknown)
        answer.outcome = OrchestratorOutcome::Failed;
    answer.request = call.request;
    answer.attempts = call.attempts;
    answer.elapsedMs = call.clock.elapsed();
    answer.serverRequestId = call.serverRequestId;
    const bool reached = answer.httpStatus > 0 && answer.httpStatus < 500;
    // A stopped client's cut-off calls say nothing about the server.
    if (m_running && reached)
        setHealth(FeedState::Live, QString(), true);
    else if (m_running && !call.refusedHere)
        setHealth(FeedState::Down, answer.message, false);
    if (call.probe)
        m_probing = false;
    else if (m_running)
        emit answered(answer);
}

void OrchestratorClient::setHealth(FeedState state, const QString &reason, bool success)
{
    if (m_health.report(state, reason, success, QDateTime::currentDateTimeUtc()))
        emit healthChanged(m_health);
}

} // namespace sagadeck
