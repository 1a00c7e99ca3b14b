#include "PrometheusClient.h"

#include "NetworkErrorText.h"
#include "PromEnvelope.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
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
    : QObject(parent)
    , m_settings(settings)
{
    m_health.feed = FeedKind::Prometheus;
    m_health.state = FeedState::Connecting;
}

PrometheusClient::~PrometheusClient()
{
    delete m_tls;
}

void PrometheusClient::registerMetaTypes()
{
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<PromRequest>();
    qRegisterMetaType<PromAnswer>();
}

void PrometheusClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_transferTimeoutMs = transferTimeoutMs;
    m_deadlineMs = deadlineMs;
}

void PrometheusClient::start()
{
    if (m_running)
        return;
    m_running = true;
    m_uptime.start();
    m_net = new QNetworkAccessManager(this);   // on this thread: its sockets live here
    m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    configureTls(&m_tlsError);
    setHealth(FeedState::Connecting, u"connecting to Prometheus at "_s + m_settings.url, false);
}

void PrometheusClient::stop()
{
    m_running = false;
    const auto replies = m_inFlight.keys();
    for (QNetworkReply *r : replies)
        r->abort();
}

void PrometheusClient::configureTls(QString *error)
{
    if (!m_settings.url.startsWith(u"https:"_s, Qt::CaseInsensitive))
        return;
    m_tls = new QSslConfiguration(QSslConfiguration::defaultConfiguration());
    // Verification stays on unless the profile says otherwise, explicitly.
    m_tls->setPeerVerifyMode(m_settings.insecureSkipVerify ? QSslSocket::VerifyNone
                                                           : QSslSocket::VerifyPeer);
    if (!m_settings.caFile.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(m_settings.caFile, QSsl::Pem);
        if (certs.isEmpty())
            *error = u"ca_file %1: no PEM certificate could be read"_s.arg(m_settings.caFile);
        else
            m_tls->addCaCertificates(certs);
    }
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
    if (!m_running || !m_net)
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
    if (m_health.state == FeedState::Down && m_uptime.elapsed() < m_retryAtMs)
        return refuse(u"transport"_s, m_health.reason);
    QString authError;
    const QByteArray auth = authorization(&authError);
    if (!authError.isEmpty())
        return refuse(u"config"_s, authError);

    const PromHttpRequest http = buildPromHttpRequest(m_settings.url, request);
    QNetworkRequest nr{QUrl(http.url, QUrl::StrictMode)};
    nr.setTransferTimeout(m_transferTimeoutMs);
    nr.setRawHeader("Accept", "application/json");
    if (!auth.isEmpty())
        nr.setRawHeader("Authorization", auth);
    if (m_tls)
        nr.setSslConfiguration(*m_tls);
    QNetworkReply *reply = nullptr;
    if (http.method == "POST") {
        nr.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
        reply = m_net->post(nr, http.body);
    } else {
        reply = m_net->get(nr);
    }
    InFlight f;
    f.request = request;
    f.clock.start();
    f.deadline = new QTimer(reply);
    f.deadline->setSingleShot(true);
    connect(f.deadline, &QTimer::timeout, reply, [this, reply] {
        const auto it = m_inFlight.find(reply);
        if (it == m_inFlight.end())
            return;
        it->timedOut = true;
        reply->abort();
    });
    f.deadline->start(m_deadlineMs);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > maxBodyBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
    m_inFlight.insert(reply, f);
}

void PrometheusClient::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    const InFlight f = m_inFlight.take(reply);
    if (f.deadline)
        f.deadline->stop();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() && reply->bytesAvailable() <= maxBodyBytes ? reply->readAll() : QByteArray();
    PromAnswer a;
    if (status == 0) {
        // No HTTP answer at all: the server is not reachable (or too slow to count as there).
        a.errorType = f.timedOut ? u"timeout"_s : u"transport"_s;
        a.error = f.timedOut ? u"no answer within the %1 ms deadline"_s.arg(m_deadlineMs)
                             : networkErrorText(reply, m_transferTimeoutMs);
        a.reachable = false;
    } else if (status == 401 || status == 403) {
        a.errorType = u"auth"_s;
        a.error = u"HTTP %1: Prometheus refused the credentials"_s.arg(status);
    } else {
        a = parsePromEnvelope(body, status);
        if (!a.ok() && a.errorType == u"malformed"_s && status >= 500)
            a.reachable = false;   // a proxy's 502/503 page: Prometheus itself is not there
    }
    a.request = f.request;
    a.elapsedMs = f.clock.elapsed();
    if (a.reachable) {
        m_backoff.reset();
        setHealth(FeedState::Live, QString(), true);
    } else if (m_running) {
        const qint64 delay = m_backoff.next().count();
        m_retryAtMs = m_uptime.elapsed() + delay;
        setHealth(FeedState::Down,
                  a.error + u" — retrying in "_s + (delay < 1000 ? u"%1 ms"_s.arg(delay) : describeAge(delay)),
                  false);
    }
    if (m_running)
        emit answered(a);
}

void PrometheusClient::setHealth(FeedState state, const QString &reason, bool success)
{
    if (m_health.report(state, reason, success, QDateTime::currentDateTimeUtc()))
        emit healthChanged(m_health);
}

} // namespace sagadeck
