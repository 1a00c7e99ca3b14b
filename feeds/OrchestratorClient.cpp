#include "OrchestratorClient.h"

#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr qint64 maxBodyBytes = 16LL * 1024 * 1024;

} // namespace

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
        out.body = QJsonDocument(QJsonObject{{u"reason"_s, request.reason}, {u"requested_by"_s, request.requestedBy}})
                       .toJson(QJsonDocument::Compact);
        break;
    }
    return out;
}

OrchestratorClient::OrchestratorClient(const OrchestratorSettings &settings, bool readOnly, QObject *parent)
    : Feed(FeedKind::Orchestrator, parent)
    , m_settings(settings)
    , m_http(new HttpTransport(readOnly, this))
{
    m_http->setMaxBodyBytes(maxBodyBytes);
}

OrchestratorClient::~OrchestratorClient() = default;

void OrchestratorClient::registerMetaTypes()
{
    qRegisterMetaType<OrchestratorRequest>();
    qRegisterMetaType<OrchestratorAnswer>();
}

void OrchestratorClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_http->setTimeouts(transferTimeoutMs, deadlineMs);
}

void OrchestratorClient::onStart()
{
    setTransport(httpTransport(QUrl(m_settings.url), false));
    setHealth(FeedState::Connecting, u"connecting to the orchestrator at "_s + m_settings.url, false);
    if (m_probeIntervalMs > 0) {
        m_probeTimer = new QTimer(this);
        connect(m_probeTimer, &QTimer::timeout, this, &OrchestratorClient::refresh);
        m_probeTimer->start(m_probeIntervalMs);
        refresh();
    }
}

void OrchestratorClient::onStop()
{
    if (m_probeTimer)
        m_probeTimer->stop();
    // Calls cut off here are answered to nobody: the client is stopped.
    m_http->abortAll();
}

void OrchestratorClient::refresh()
{
    if (m_probing || !isRunning())
        return;
    m_probing = true;
    OrchestratorRequest r;
    r.kind = OrchestratorRequest::Kind::ListSagas;
    r.limit = 1;
    send(r, true);
}

void OrchestratorClient::retry(quint64 requestId, const QString &sagaId, const QString &actionId, const QString &reason,
                               const QString &requestedBy)
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
    if (isRunning())
        send(request, false);
}

void OrchestratorClient::send(const OrchestratorRequest &request, bool probe)
{
    const OrchestratorHttpRequest http = buildOrchestratorHttpRequest(m_settings.url, request);
    HttpRequest hr;
    hr.verb = http.method;
    hr.url = QUrl(http.url, QUrl::StrictMode);
    hr.body = http.body;
    auto done = [this, request, probe](const HttpResult &r) { finish(request, r, probe); };
    if (request.isMutating()) {
        if (request.idempotencyKey.isEmpty())
            return m_http->refuse(hr, u"refused: an action needs an idempotency key (its ActionId)"_s, done);
        hr.contentType = "application/json";
        hr.headers.append({"Idempotency-Key", request.idempotencyKey.toUtf8()});
    }
    m_http->send(hr, done);
}

void OrchestratorClient::finish(const OrchestratorRequest &request, const HttpResult &r, bool probe)
{
    if (probe)
        m_probing = false;
    OrchestratorAnswer a;
    a.request = request;
    a.httpStatus = r.status;
    a.serverRequestId = r.serverRequestId;
    a.elapsedMs = r.elapsedMs;
    a.attempts = r.delivery == HttpResult::Delivery::RefusedHere ? 0 : 1;
    QString reason = r.error;
    bool notASaga = false;
    if (r.answered()) {
        const OrchestratorBodyShape shape = request.kind == OrchestratorRequest::Kind::GetSaga
            ? OrchestratorBodyShape::Saga
            : request.kind == OrchestratorRequest::Kind::ListSagas ? OrchestratorBodyShape::SagaList
                                                                   : OrchestratorBodyShape::Any;
        OrchestratorBody parsed = parseOrchestratorBody(r.body, shape);
        a.body = parsed.object;
        if (r.status >= 200 && r.status < 300) {
            notASaga = shape == OrchestratorBodyShape::Saga && !parsed.isSaga;
            if (parsed.isSaga)
                a.saga = parsed.saga;
            a.sagas = std::move(parsed.sagas);
        } else if (r.status < 400) {
            reason = u"HTTP %1: the orchestrator redirects, and redirects are not followed"_s.arg(r.status);
        } else if (parsed.error.isEmpty()) {
            reason = u"HTTP %1 without an error text"_s.arg(r.status);
        } else {
            reason = r.status >= 500 ? u"HTTP %1: %2"_s.arg(r.status).arg(parsed.error) : parsed.error;
        }
    }
    // A 2xx whose body is not what a read asked for answers nothing; asking again will not help.
    a.outcome = notASaga ? RequestOutcome::failed(u"the orchestrator's answer is not a saga object"_s, r.status)
                         : r.outcome(reason);
    a.outcome.serverRequestId = r.serverRequestId;
    a.message = a.outcome.reason;
    // A stopped client's cut-off calls say nothing about the server, and go to nobody.
    if (!isRunning())
        return;
    if (r.status > 0 && r.status < 500)
        setHealth(FeedState::Live, QString(), true);
    else if (r.delivery != HttpResult::Delivery::RefusedHere)
        setHealth(FeedState::Down, a.message, false);
    if (!probe)
        emit answered(a);
}

} // namespace sagadeck
