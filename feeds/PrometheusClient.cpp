#include "PrometheusClient.h"

#include "PromEnvelope.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString number(double v)
{
    // Exact and without exponent for epoch seconds with milliseconds.
    return QString::number(v, 'f', 3);
}

} // namespace

PromHttpRequest buildPromHttpRequest(const QString &baseUrl, const PromRequest &request)
{
    QString base = baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    PromHttpRequest out;
    QUrlQuery q;
    switch (request.kind) {
    case PromRequest::Kind::Alerts:
        out.method = "GET";
        out.url = base + u"/api/v1/alerts"_s;
        return out;
    case PromRequest::Kind::Instant:
        out.url = base + u"/api/v1/query"_s;
        q.addQueryItem(u"query"_s, request.query);
        if (request.end > 0)
            q.addQueryItem(u"time"_s, number(request.end));
        break;
    case PromRequest::Kind::Range:
        out.url = base + u"/api/v1/query_range"_s;
        q.addQueryItem(u"query"_s, request.query);
        q.addQueryItem(u"start"_s, number(request.start));
        q.addQueryItem(u"end"_s, number(request.end));
        q.addQueryItem(u"step"_s, QString::number(request.step, 'f', 3));
        break;
    }
    // A '+' in a query must not turn into a space: encode fully.
    const QByteArray encoded = q.toString(QUrl::FullyEncoded).toUtf8().replace("+", "%2B");
    if (request.usePost) {
        out.method = "POST";
        out.body = encoded;
    } else {
        out.method = "GET";
        out.url += u'?' + QString::fromLatin1(encoded);
    }
    return out;
}

PrometheusClient::PrometheusClient(const PrometheusSettings &settings, QObject *parent)
    : Feed(FeedKind::Prometheus, parent)
    , m_settings(settings)
    , m_http(new HttpTransport(true, this)) // read-only, whatever the profile
{
    m_http->setMaxBodyBytes(maxBodyBytes);
    // The two reads that may go as form POSTs (buildPromHttpRequest), and nothing else.
    PromRequest instant, range;
    range.kind = PromRequest::Kind::Range;
    for (const PromRequest &r : {instant, range})
        m_http->allowReadByFormPost(QUrl(buildPromHttpRequest(m_settings.url, r).url).adjusted(QUrl::RemoveQuery));
    // A profile problem (unreadable CA) is as fatal as an unreachable host: every request is
    // refused with it (submit()).
    if (m_settings.url.startsWith(u"https:"_s, Qt::CaseInsensitive)) {
        HttpTlsSettings tls;
        tls.caFile = m_settings.caFile;
        tls.insecureSkipVerify = m_settings.insecureSkipVerify;
        tls.caSource = u"ca_file "_s + m_settings.caFile;
        m_tlsError = m_http->setTls(tls);
    }
}

PrometheusClient::~PrometheusClient() = default;

void PrometheusClient::registerMetaTypes()
{
    qRegisterMetaType<PromRequest>();
    qRegisterMetaType<PromAnswer>();
}

void PrometheusClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_http->setTimeouts(transferTimeoutMs, deadlineMs);
}

void PrometheusClient::onStart()
{
    m_uptime.start();
    setTransport(httpTransport(QUrl(m_settings.url), m_settings.insecureSkipVerify));
    setHealth(FeedState::Connecting, u"connecting to Prometheus at "_s + m_settings.url, false);
}

void PrometheusClient::onStop()
{
    m_http->abortAll();
}

QByteArray PrometheusClient::authorization(QString *error) const
{
    // Secrets are read from the environment when needed and never logged.
    if (!m_settings.bearerTokenEnv.isEmpty()) {
        const QByteArray token = qgetenv(m_settings.bearerTokenEnv.toLocal8Bit().constData());
        if (token.isEmpty())
            *error = u"bearer_token_env: $%1 is empty or not set"_s.arg(m_settings.bearerTokenEnv);
        return "Bearer " + token;
    }
    if (!m_settings.basicAuthUser.isEmpty()) {
        const QByteArray password = qgetenv(m_settings.basicAuthPasswordEnv.toLocal8Bit().constData());
        if (password.isEmpty())
            *error = u"basic_auth_password_env: $%1 is empty or not set"_s.arg(m_settings.basicAuthPasswordEnv);
        return "Basic " + QByteArray(m_settings.basicAuthUser.toUtf8() + ':' + password).toBase64();
    }
    return {};
}

void PrometheusClient::submit(const PromRequest &request)
{
    if (!isRunning())
        return;
    auto refuse = [&](const QString &type, const QString &why) {
        // A profile problem (missing secret, unreadable CA) is as fatal as an unreachable host.
        if (type == u"config"_s)
            setHealth(FeedState::Down, why, false);
        PromAnswer a;
        a.request = request;
        a.errorType = type;
        a.error = why;
        a.reachable = false;
        emit answered(a);
    };
    if (!m_tlsError.isEmpty())
        return refuse(u"config"_s, m_tlsError);
    if (health().state == FeedState::Down && m_uptime.elapsed() < m_retryAtMs)
        return refuse(u"transport"_s, health().reason);
    QString authError;
    const QByteArray auth = authorization(&authError);
    if (!authError.isEmpty())
        return refuse(u"config"_s, authError);

    const PromHttpRequest http = buildPromHttpRequest(m_settings.url, request);
    HttpRequest hr;
    hr.verb = http.method;
    hr.url = QUrl(http.url, QUrl::StrictMode);
    hr.body = http.body;
    if (http.method == "POST")
        hr.contentType = "application/x-www-form-urlencoded";
    if (!auth.isEmpty())
        hr.headers.append({"Authorization", auth});
    m_http->send(hr, [this, request](const HttpResult &r) { finished(request, r); });
}

void PrometheusClient::finished(const PromRequest &request, const HttpResult &r)
{
    PromAnswer a;
    if (!r.answered()) {
        // No (complete) HTTP answer: the server is not reachable (or too slow to count as there).
        a.errorType = r.timedOut ? u"timeout"_s : u"transport"_s;
        a.error = r.error;
        a.reachable = false;
    } else if (r.status == 401 || r.status == 403) {
        a.errorType = u"auth"_s;
        a.error = u"HTTP %1: Prometheus refused the credentials"_s.arg(r.status);
    } else {
        a = parsePromEnvelope(r.body, r.status);
        if (!a.ok() && a.errorType == u"malformed"_s && r.status >= 500)
            a.reachable = false; // a proxy's 502/503 page: Prometheus itself is not there
    }
    a.request = request;
    a.elapsedMs = r.elapsedMs;
    if (!isRunning())
        return;
    if (a.reachable) {
        reportLive();
    } else {
        const int delay = reportDownAndBackOff(a.error);
        m_retryAtMs = m_uptime.elapsed() + delay;
    }
    emit answered(a);
}

} // namespace sagadeck
