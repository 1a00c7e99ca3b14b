#include "KubeClient.h"

#include "KubeConfig.h"
#include "KubeCredentials.h"
#include "KubeJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// A namespace's deployments fit in 64 MiB; anything bigger is not an answer to our list.
constexpr qint64 maxBodyBytes = 64LL * 1024 * 1024;

} // namespace

KubeClient::KubeClient(const KubernetesSettings &settings, bool readOnly, QObject *parent)
    : Feed(FeedKind::Kubernetes, parent)
    , m_settings(settings)
    , m_http(new HttpTransport(readOnly, this))
{
    m_http->setMaxBodyBytes(maxBodyBytes);
}

KubeClient::~KubeClient() = default;

void KubeClient::registerMetaTypes()
{
    qRegisterMetaType<KubeTarget>();
    qRegisterMetaType<DeploymentInfo>();
    qRegisterMetaType<DeploymentList>();
    qRegisterMetaType<KubeResult>();
}

void KubeClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_http->setTimeouts(transferTimeoutMs, deadlineMs);
}

void KubeClient::onStart()
{
    if (!m_listTimer) {
        m_listTimer = new QTimer(this);
        m_listTimer->setSingleShot(true);
        connect(m_listTimer, &QTimer::timeout, this, &KubeClient::listNow);
    }
    setHealth(FeedState::Connecting, u"reading kubeconfig "_s + m_settings.kubeconfig, false);
    listNow();
}

void KubeClient::onStop()
{
    if (m_listTimer)
        m_listTimer->stop();
    m_http->abortAll();
}

bool KubeClient::ensureTarget(QString *error)
{
    if (m_target.isValid())
        return true;
    // Read here, on the client's thread: a kubeconfig on a slow mount must not stall the GUI.
    const KubeConfig config = KubeConfig::load(m_settings.kubeconfig, error);
    if (!error->isEmpty())
        return false;
    m_target = config.select(m_settings.context, m_settings.ns, error);
    if (!error->isEmpty())
        return false;
    m_credentials = std::make_unique<KubeCredentials>(m_target);
    HttpTlsSettings tls;
    tls.insecureSkipVerify = m_target.insecureSkipTlsVerify;
    if (!tls.insecureSkipVerify)
        tls.caPem = m_target.caPem; // empty: the system's trust store
    tls.caOnly = true;              // as kubectl: the kubeconfig's CA only
    tls.caSource = u"kubeconfig cluster '%1': certificate-authority"_s.arg(m_target.clusterName);
    m_http->setTls(tls); // a CA without a certificate refuses every request, with the reason
    Transport transport = httpTransport(QUrl(m_target.server), m_target.insecureSkipTlsVerify);
    if (m_target.insecureSkipTlsVerify)
        transport.detail = u"the kubeconfig sets insecure-skip-tls-verify"_s;
    setTransport(transport);
    KubeTarget shown = m_target;
    shown.credential = {};
    shown.credential.hasExec = m_target.credential.hasExec;
    shown.credential.exec.command = m_target.credential.exec.command;
    emit targetChanged(shown);
    return true;
}

QString KubeClient::deploymentPath(const QString &name)
{
    // Relative to the namespace, which is known only once the kubeconfig is read (send()).
    QString path = u"deployments"_s;
    if (!name.isEmpty())
        path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(name));
    return path;
}

void KubeClient::send(const QByteArray &verb, const QString &path, const QByteArray &body,
                      const QByteArray &contentType, const HttpTransport::Done &done)
{
    HttpRequest hr;
    hr.verb = verb;
    hr.body = body;
    hr.contentType = contentType;
    const HttpTransport::Done answered = [this, done](const HttpResult &r) {
        if (r.status == 401 && m_credentials)
            m_credentials->invalidate(); // a rotated token or an expired exec credential: fetch anew
        done(r);
    };
    QString error;
    if (!isRunning())
        return m_http->refuse(hr, u"the Kubernetes client is not running"_s, answered);
    if (!ensureTarget(&error))
        return m_http->refuse(hr, error, answered);
    const KubeCredential credential = m_credentials->current(); // may run an exec plugin
    if (!credential.ok())
        return m_http->refuse(hr, credential.error, answered);
    // An empty namespace would silently make this a cluster-wide request.
    if (m_target.ns.isEmpty())
        return m_http->refuse(
            hr, u"no namespace: set kubernetes.namespace in the profile or a namespace in the kubeconfig context"_s,
            answered);

    QString base = m_target.server;
    if (!base.contains(u"://"_s))
        base.prepend(u"https://"_s);
    while (base.endsWith(u'/'))
        base.chop(1);
    hr.url = QUrl(base + u"/apis/apps/v1/namespaces/"_s + QString::fromLatin1(QUrl::toPercentEncoding(m_target.ns))
                      + u'/' + path,
                  QUrl::StrictMode);
    if (!credential.bearerToken.isEmpty())
        hr.headers.append({"Authorization", "Bearer " + credential.bearerToken});
    hr.clientCertificate = credential.clientCertificate;
    hr.clientKey = credential.clientKey;
    m_http->send(hr, answered);
}

QString KubeClient::transportText(const HttpResult &r) const
{
    if (r.delivery == HttpResult::Delivery::RefusedHere || r.timedOut || r.tooLarge)
        return r.error; // says itself what happened, and where
    return u"cannot reach the API server %1: %2"_s.arg(m_target.server, r.error);
}

void KubeClient::scheduleList(int delayMs)
{
    if (isRunning() && m_listTimer)
        m_listTimer->start(delayMs);
}

void KubeClient::refresh()
{
    if (isRunning() && !m_listing)
        listNow();
}

void KubeClient::listNow()
{
    if (!isRunning() || m_listing)
        return;
    m_listTimer->stop();
    m_listing = true;
    send("GET", deploymentPath({}), {}, {}, [this](const HttpResult &r) {
        m_listing = false;
        if (!isRunning())
            return;
        QString error;
        DeploymentList list;
        if (!r.answered())
            error = transportText(r);
        else if (r.status == 200)
            list = kubejson::parseDeploymentList(r.body, &error);
        else
            error = kubejson::describeError(r.status, r.body, u"list"_s, u"deployments"_s, {}, m_target.ns,
                                            m_target.userName)
                        .message;
        if (error.isEmpty()) {
            reportLive();
            emit deploymentsListed(list, QDateTime::currentDateTimeUtc());
            scheduleList(m_refreshMs);
            return;
        }
        scheduleList(reportDownAndBackOff(error));
    });
}

KubeResult KubeClient::resultFrom(const QString &requestId, const QString &verb, const QString &name,
                                  const HttpResult &r, const QString &apiVerb, const QString &resource) const
{
    KubeResult out;
    out.requestId = requestId;
    out.verb = verb;
    out.name = name;
    out.httpStatus = r.status;
    out.auditId = r.serverRequestId;
    if (r.answered() && r.status / 100 != 2) {
        const auto e = kubejson::describeError(r.status, r.body, apiVerb, resource, name, m_target.ns,
                                               m_target.userName);
        out.message = e.message;
        out.reason = e.reason;
    } else if (!r.answered()) {
        out.message = transportText(r);
    }
    out.outcome = r.outcome(out.message);
    if (out.outcome.kind == RequestOutcome::Kind::Unknown) {
        out.message += u" — the outcome is unknown; check the deployment before retrying"_s;
        out.outcome.reason = out.message;
    }
    if (!out.outcome.done())
        return out;
    out.message.clear(); // a mutation's 2xx whose body was cut off still happened
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    out.generation = o.value(u"metadata"_s).toObject().value(u"generation"_s).toInteger(-1);
    const QJsonObject spec = o.value(u"spec"_s).toObject();
    if (spec.contains(u"replicas"_s))
        out.replicas = spec.value(u"replicas"_s).toInt();
    if (o.value(u"kind"_s).toString() == u"Deployment"_s) {
        out.hasDeployment = true;
        out.deployment = kubejson::parseDeployment(o);
        out.replicas = out.deployment.desiredReplicas;
    }
    return out;
}

void KubeClient::restart(const QString &requestId, const QString &name, const QString &restartedAtRfc3339)
{
    send("PATCH", deploymentPath(name), kubejson::restartPatch(restartedAtRfc3339),
         "application/strategic-merge-patch+json", [=](const HttpResult &r) {
             emit resultReady(resultFrom(requestId, u"restart"_s, name, r, u"patch"_s, u"deployments"_s));
             refresh();
         });
}

void KubeClient::getDeployment(const QString &requestId, const QString &name)
{
    send("GET", deploymentPath(name), {}, {}, [=](const HttpResult &r) {
        emit resultReady(resultFrom(requestId, u"get"_s, name, r, u"get"_s, u"deployments"_s));
    });
}

void KubeClient::scale(const QString &requestId, const QString &name, int replicas, int expectedReplicas)
{
    const QString path = deploymentPath(name) + u"/scale"_s;
    auto report = [=](const HttpResult &r, const QString &apiVerb) { reportScale(requestId, name, r, apiVerb); };
    if (expectedReplicas < 0) {
        send("PATCH", path, kubejson::scalePatch(replicas), "application/merge-patch+json",
             [=](const HttpResult &r) { report(r, u"patch"_s); });
        return;
    }
    scaleWithPrecondition(requestId, name, replicas, expectedReplicas, 3);
}

void KubeClient::reportScale(const QString &requestId, const QString &name, const HttpResult &r, const QString &apiVerb)
{
    emit resultReady(resultFrom(requestId, u"scale"_s, name, r, apiVerb, u"deployments/scale"_s));
    refresh();
}

void KubeClient::scaleWithPrecondition(const QString &requestId, const QString &name, int replicas,
                                       int expectedReplicas, int attemptsLeft)
{
    const QString path = deploymentPath(name) + u"/scale"_s;
    auto report = [=](const HttpResult &r, const QString &apiVerb) { reportScale(requestId, name, r, apiVerb); };
    // Precondition: read the Scale, compare, and PUT it back with its resourceVersion so a
    // change in between is a 409 rather than a silent overwrite.
    send("GET", path, {}, {}, [=](const HttpResult &got) {
        if (!got.answered() || got.status != 200)
            return report(got, u"get"_s);
        QJsonObject scaleObject = QJsonDocument::fromJson(got.body).object();
        QJsonObject spec = scaleObject.value(u"spec"_s).toObject();
        const int current = spec.value(u"replicas"_s).toInt();
        if (current != expectedReplicas) {
            KubeResult out = resultFrom(requestId, u"scale"_s, name, got, u"get"_s, u"deployments/scale"_s);
            out.reason = u"PreconditionFailed"_s;
            out.replicas = current;
            out.message =
                u"deployment %1 has %2 replicas, not the expected %3; nothing was changed"_s.arg(name).arg(current).arg(
                    expectedReplicas);
            out.outcome = RequestOutcome::failed(out.message, got.status); // checked here: nothing sent
            out.outcome.serverRequestId = got.serverRequestId;
            emit resultReady(out);
            return;
        }
        spec.insert(u"replicas"_s, replicas);
        scaleObject.insert(u"spec"_s, spec);
        scaleObject.remove(u"status"_s);
        send("PUT", path, QJsonDocument(scaleObject).toJson(QJsonDocument::Compact), "application/json",
             [=](const HttpResult &r) {
                 if (r.answered() && r.status == 409 && attemptsLeft > 1)
                     return scaleWithPrecondition(requestId, name, replicas, expectedReplicas, attemptsLeft - 1);
                 report(r, u"update"_s);
             });
    });
}

} // namespace sagadeck
