#include "KubeClient.h"

#include "GuardedNetworkAccess.h"
#include "KubeConfig.h"
#include "KubeCredentials.h"
#include "KubeJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString retryText(qint64 delayMs)
{
    return u" — retrying in "_s + (delayMs < 1000 ? u"%1 ms"_s.arg(delayMs) : describeAge(delayMs));
}

} // namespace

KubeClient::KubeClient(const KubernetesSettings &settings, bool readOnly, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_readOnly(readOnly)
{
    m_health.feed = FeedKind::Kubernetes;
    m_health.state = FeedState::Connecting;
}

KubeClient::~KubeClient() = default;

void KubeClient::registerMetaTypes()
{
    qRegisterMetaType<FeedHealth>();
    qRegisterMetaType<KubeTarget>();
    qRegisterMetaType<DeploymentInfo>();
    qRegisterMetaType<DeploymentList>();
    qRegisterMetaType<KubeResult>();
}

void KubeClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_transferTimeoutMs = transferTimeoutMs;
    m_deadlineMs = deadlineMs;
}

void KubeClient::start()
{
    if (m_running)
        return;
    m_running = true;
    m_net = new GuardedNetworkAccess(m_readOnly, this);   // on this thread: its sockets live here
    m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_listTimer = new QTimer(this);
    m_listTimer->setSingleShot(true);
    connect(m_listTimer, &QTimer::timeout, this, &KubeClient::listNow);
    setHealth(FeedState::Connecting, u"reading kubeconfig "_s + m_settings.kubeconfig, false);
    listNow();
}

void KubeClient::stop()
{
    m_running = false;
    if (m_listTimer)
        m_listTimer->stop();
    if (m_net) {
        const auto replies = m_net->findChildren<QNetworkReply *>();
        for (QNetworkReply *r : replies)
            r->abort();
    }
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
                      const QByteArray &contentType, Done done)
{
    auto refuse = [this, done](const QString &why) {
        Response r;
        r.refused = true;
        r.error = why;
        // Asynchronous like a network answer, so callers see one order of events.
        QTimer::singleShot(0, this, [done, r] { done(r); });
    };
    QString error;
    if (!m_net)
        return refuse(u"the Kubernetes client is not started"_s);
    if (!ensureTarget(&error))
        return refuse(error);
    const KubeCredential credential = m_credentials->current();   // may run an exec plugin
    if (!credential.ok())
        return refuse(credential.error);

    QString base = m_target.server;
    if (!base.contains(u"://"_s))
        base.prepend(u"https://"_s);
    while (base.endsWith(u'/'))
        base.chop(1);
    // An empty namespace would silently make this a cluster-wide request.
    if (m_target.ns.isEmpty())
        return refuse(u"no namespace: set kubernetes.namespace in the profile or a namespace in the kubeconfig context"_s);
    const QString full = u"/apis/apps/v1/namespaces/"_s + QString::fromLatin1(QUrl::toPercentEncoding(m_target.ns))
        + u'/' + path;
    QNetworkRequest nr{QUrl(base + full, QUrl::StrictMode)};
    nr.setTransferTimeout(m_transferTimeoutMs);
    // HTTP/1.1, not HTTP/2: HTTP/2 carries every request over one connection, and one the
    // network lost without a word (a NAT or load balancer that dropped its state) swallowed
    // each later request for good. Over HTTP/1.1 a timed-out request's abort closes its
    // connection, so the next one opens a new one (tst_faults: silentlyLostConnection).
    nr.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    nr.setRawHeader("Accept", "application/json");
    nr.setRawHeader("User-Agent", "sagadeck");
    if (!contentType.isEmpty())
        nr.setRawHeader("Content-Type", contentType);
    if (!credential.bearerToken.isEmpty())
        nr.setRawHeader("Authorization", "Bearer " + credential.bearerToken);
    if (nr.url().scheme() == u"https"_s) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (m_target.insecureSkipTlsVerify) {
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        } else if (!m_target.caPem.isEmpty()) {
            const auto ca = QSslCertificate::fromData(m_target.caPem, QSsl::Pem);
            if (ca.isEmpty())
                return refuse(u"kubeconfig cluster '%1': certificate-authority holds no PEM certificate"_s
                                  .arg(m_target.clusterName));
            tls.setCaCertificates(ca);   // as kubectl: the kubeconfig's CA only
        }
        if (!credential.clientCertificate.isNull()) {
            tls.setLocalCertificate(credential.clientCertificate);
            tls.setPrivateKey(credential.clientKey);
        }
        nr.setSslConfiguration(tls);
    }

    QNetworkReply *reply = nullptr;
    if (verb == "GET")
        reply = m_net->get(nr);
    else if (verb == "PUT")
        reply = m_net->put(nr, body);
    else
        reply = m_net->sendCustomRequest(nr, verb, body);
    auto timedOut = std::make_shared<bool>(false);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(m_deadlineMs);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, done, timedOut] { finished(reply, done, timedOut); });
}

void KubeClient::finished(QNetworkReply *reply, const Done &done, const std::shared_ptr<bool> &timedOut)
{
    reply->deleteLater();
    Response r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // An aborted reply is closed (reading it only warns); a namespace's deployments fit in
    // 64 MiB, anything bigger is not an answer to our list.
    constexpr qint64 maxBodyBytes = 64LL * 1024 * 1024;
    r.body = reply->isOpen() && reply->bytesAvailable() <= maxBodyBytes ? reply->readAll() : QByteArray();
    r.auditId = QString::fromLatin1(reply->rawHeader("Audit-Id"));
    r.timedOut = *timedOut || reply->error() == QNetworkReply::OperationCanceledError
        || reply->error() == QNetworkReply::TimeoutError;
    if (r.status == 0) {
        r.refused = reply->error() == QNetworkReply::ContentOperationNotPermittedError;
        r.error = r.refused ? reply->errorString()
            : r.timedOut ? u"no answer from the API server %1 within %2 ms"_s.arg(m_target.server)
                               .arg(*timedOut ? m_deadlineMs : m_transferTimeoutMs)
                         : u"cannot reach the API server %1: %2"_s.arg(m_target.server, reply->errorString());
    }
    if (r.status == 401 && m_credentials)
        m_credentials->invalidate();   // a rotated token or an expired exec credential: fetch anew
    done(r);
}

void KubeClient::scheduleList(int delayMs)
{
    if (m_running && m_listTimer)
        m_listTimer->start(delayMs);
}

void KubeClient::refresh()
{
    if (m_running && !m_listing)
        listNow();
}

void KubeClient::listNow()
{
    if (!m_running || m_listing)
        return;
    m_listTimer->stop();
    m_listing = true;
    send("GET", deploymentPath({}), {}, {}, [this](const Response &r) {
        m_listing = false;
        if (!m_running)
            return;
        QString error;
        DeploymentList list;
        if (r.status == 200)
            list = kubejson::parseDeploymentList(r.body, &error);
        else if (r.status != 0)
            error = kubejson::describeError(r.status, r.body, u"list"_s, u"deployments"_s, {},
                                            m_target.ns, m_target.userName).message;
        else
            error = r.error;
        if (error.isEmpty()) {
            m_backoff.reset();
            setHealth(FeedState::Live, {}, true);
            emit deploymentsListed(list, QDateTime::currentDateTimeUtc());
            scheduleList(m_refreshMs);
            return;
        }
        const qint64 delay = m_backoff.next().count();
        setHealth(FeedState::Down, error + retryText(delay), false);
        scheduleList(int(delay));
    });
}

KubeResult KubeClient::resultFrom(const QString &requestId, const QString &verb, const QString &name,
                                  const Response &r, const QString &apiVerb, const QString &resource) const
{
    KubeResult out;
    out.requestId = requestId;
    out.verb = verb;
    out.name = name;
    out.httpStatus = r.status;
    out.auditId = r.auditId;
    out.answered = r.status != 0;
    if (r.status == 0) {
        out.message = r.error;
        if (!r.refused && verb != u"get"_s)
            out.message += u" — the outcome is unknown; check the deployment before retrying"_s;
        return out;
    }
    if (r.status / 100 != 2) {
        const auto e = kubejson::describeError(r.status, r.body, apiVerb, resource, name, m_target.ns,
                                               m_target.userName);
        out.message = e.message;
        out.reason = e.reason;
        return out;
    }
    out.ok = true;
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
         "application/strategic-merge-patch+json", [=](const Response &r) {
        emit resultReady(resultFrom(requestId, u"restart"_s, name, r, u"patch"_s, u"deployments"_s));
        refresh();
    });
}

void KubeClient::getDeployment(const QString &requestId, const QString &name)
{
    send("GET", deploymentPath(name), {}, {}, [=](const Response &r) {
        emit resultReady(resultFrom(requestId, u"get"_s, name, r, u"get"_s, u"deployments"_s));
    });
}

void KubeClient::scale(const QString &requestId, const QString &name, int replicas, int expectedReplicas)
{
    const QString path = deploymentPath(name) + u"/scale"_s;
    auto report = [=](const Response &r, const QString &apiVerb) {
        emit resultReady(resultFrom(requestId, u"scale"_s, name, r, apiVerb, u"deployments/scale"_s));
        refresh();
    };
    if (expectedReplicas < 0) {
        send("PATCH", path, kubejson::scalePatch(replicas), "application/merge-patch+json",
             [=](const Response &r) { report(r, u"patch"_s); });
        return;
    }
    // Precondition: read the Scale, compare, and PUT it back with its resourceVersion so a
    // change in between is a 409 rather than a silent overwrite.
    send("GET", path, {}, {}, [=](const Response &got) {
        if (got.status != 200)
            return report(got, u"get"_s);
        QJsonObject scaleObject = QJsonDocument::fromJson(got.body).object();
        QJsonObject spec = scaleObject.value(u"spec"_s).toObject();
        const int current = spec.value(u"replicas"_s).toInt();
        if (current != expectedReplicas) {
            KubeResult out = resultFrom(requestId, u"scale"_s, name, got, u"get"_s, u"deployments/scale"_s);
            out.ok = false;
            out.reason = u"PreconditionFailed"_s;
            out.replicas = current;
            out.message = u"deployment %1 has %2 replicas, not the expected %3; nothing was changed"_s
                              .arg(name).arg(current).arg(expectedReplicas);
            emit resultReady(out);
            return;
        }
        spec.insert(u"replicas"_s, replicas);
        scaleObject.insert(u"spec"_s, spec);
        scaleObject.remove(u"status"_s);
        send("PUT", path, QJsonDocument(scaleObject).toJson(QJsonDocument::Compact), "application/json",
             [=](const Response &r) { report(r, u"update"_s); });
    });
}

void KubeClient::setHealth(FeedState state, const QString &reason, bool success)
{
    if (m_health.report(state, reason, success, QDateTime::currentDateTimeUtc()))
        emit healthChanged(m_health);
}

} // namespace sagadeck
