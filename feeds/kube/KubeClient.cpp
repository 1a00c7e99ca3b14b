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

// A page of 500 pods or deployments fits in 64 MiB; anything bigger is not an answer to our list.
constexpr qint64 maxBodyBytes = 64LL * 1024 * 1024;

} // namespace

KubeClient::KubeClient(const KubernetesSettings &settings, bool readOnly, QObject *parent)
    : Feed(FeedKind::Kubernetes, parent)
    , m_settings(settings)
    , m_http(new HttpTransport(readOnly, this))
    , m_logHttp(new HttpTransport(readOnly, this))
{
    m_http->setMaxBodyBytes(maxBodyBytes);
}

KubeClient::~KubeClient() = default;

void KubeClient::registerMetaTypes()
{
    qRegisterMetaType<KubeTarget>();
    qRegisterMetaType<DeploymentInfo>();
    qRegisterMetaType<DeploymentList>();
    qRegisterMetaType<PodInfo>();
    qRegisterMetaType<PodList>();
    qRegisterMetaType<LogLines>();
    qRegisterMetaType<AutoscalerList>();
    qRegisterMetaType<RevisionInfo>();
    qRegisterMetaType<RolloutHistory>();
    qRegisterMetaType<LogRequest>();
    qRegisterMetaType<KubeResult>();
}

void KubeClient::setTimeouts(int transferTimeoutMs, int deadlineMs)
{
    m_http->setTimeouts(transferTimeoutMs, deadlineMs);
}

void KubeClient::onStart()
{
    if (!m_heartbeatTimer) {
        m_heartbeatTimer = new QTimer(this);
        connect(m_heartbeatTimer, &QTimer::timeout, this, &KubeClient::heartbeat);
        m_resumeTimer = new QTimer(this);
        m_resumeTimer->setSingleShot(true);
        connect(m_resumeTimer, &QTimer::timeout, this, &KubeClient::resumeWatches);
        m_deployments = makeWatch(u"apis/apps/v1"_s, u"deployments"_s, u"DeploymentList"_s);
        m_pods = new RetryingWatch(makeWatch(u"api/v1"_s, u"pods"_s, u"PodList"_s), this);
        m_autoscalers = new RetryingWatch(
            makeWatch(u"apis/autoscaling/v2"_s, u"horizontalpodautoscalers"_s, u"HorizontalPodAutoscalerList"_s), this);
        connect(m_pods, &RetryingWatch::changed, this, &KubeClient::emitPods);
        connect(m_autoscalers, &RetryingWatch::changed, this, &KubeClient::emitAutoscalers);
        connect(m_deployments, &KubeWatch::changed, this, &KubeClient::deploymentsChanged);
        m_logs = new KubeLogFollower(
            [this](const KubeLogFollower::Request &request, const HttpTransport::Done &done) {
                HttpRequest hr;
                hr.onChunk = request.onChunk;
                hr.transferTimeoutMs = request.transferTimeoutMs;
                hr.deadlineMs = request.deadlineMs;
                return sendTo(hr, u"api/v1"_s, request.pathInNamespace, done, m_logHttp);
            },
            [this](quint64 h) { m_logHttp->abort(h); },
            [this](const HttpResult &r, const QString &pod) {
                if (!r.answered())
                    return transportText(r);
                return kubejson::describeError(r.status, r.body, u"get"_s, u"pods/log"_s, pod, m_target.ns,
                                               m_target.userName)
                    .message;
            },
            this);
        connect(m_logs, &KubeLogFollower::lines, this, &KubeClient::logLines);
        connect(m_logs, &KubeLogFollower::streamState, this, &KubeClient::logStreamState);
        connect(m_deployments, &KubeWatch::failed, this, [this](const QString &reason) {
            // The feed's own failure: back off, and open both streams anew then.
            m_pods->halt();
            m_autoscalers->halt();
            m_logs->suspend(reason);
            m_resumeTimer->start(reportDownAndBackOff(reason));
        });
    }
    setHealth(FeedState::Connecting, u"reading kubeconfig "_s + m_settings.kubeconfig, false);
    m_heartbeatTimer->start(m_refreshMs);
    resumeWatches();
}

void KubeClient::onStop()
{
    if (m_heartbeatTimer) {
        m_heartbeatTimer->stop();
        m_resumeTimer->stop();
        m_deployments->halt();
        m_pods->halt();
        m_autoscalers->halt();
        m_logs->stopAll();
    }
    m_http->abortAll();
    m_logHttp->abortAll();
}

KubeWatch *KubeClient::makeWatch(const QString &apiRoot, const QString &resource, const QString &listKind)
{
    auto sendWatch = [this, apiRoot](const KubeWatch::Request &request, const HttpTransport::Done &done) {
        HttpRequest hr;
        hr.onChunk = request.onChunk;
        hr.transferTimeoutMs = request.transferTimeoutMs;
        hr.deadlineMs = request.deadlineMs;
        return sendTo(hr, apiRoot, request.pathInNamespace, done);
    };
    auto describe = [this, resource](const HttpResult &r, const QString &verb) {
        if (!r.answered())
            return transportText(r);
        return kubejson::describeError(r.status, r.body, verb, resource, {}, m_target.ns, m_target.userName).message;
    };
    return new KubeWatch(
        resource, listKind, sendWatch, [this](quint64 h) { m_http->abort(h); }, describe, this);
}

void KubeClient::resumeWatches()
{
    if (!isRunning())
        return;
    m_deployments->resume();
    m_pods->resume();
    m_autoscalers->resume();
}

void KubeClient::deploymentsChanged()
{
    // An answer from the API server: as good as a heartbeat.
    reportLive();
    emitDeployments();
}

void KubeClient::emitDeployments()
{
    DeploymentList list;
    list.reserve(m_deployments->items().size());
    for (const QJsonObject &o : m_deployments->items())
        list.append(kubejson::parseDeployment(o));
    emit deploymentsListed(list, QDateTime::currentDateTimeUtc());
}

PodList KubeClient::currentPods() const
{
    PodList list;
    list.reserve(m_pods->watch()->items().size());
    for (const QJsonObject &o : m_pods->watch()->items())
        list.append(kubejson::parsePod(o));
    return list;
}

void KubeClient::emitPods()
{
    const PodList list = currentPods();
    m_logs->podsChanged(list);
    emit podsChanged(list, QDateTime::currentDateTimeUtc(), m_pods->error());
}

void KubeClient::emitAutoscalers()
{
    AutoscalerList list;
    for (const QJsonObject &o : m_autoscalers->watch()->items())
        list.append(kubejson::parseAutoscaler(o));
    emit autoscalersChanged(list, QDateTime::currentDateTimeUtc(), m_autoscalers->error());
}

void KubeClient::readAutoscalers(const QString &requestId)
{
    HttpRequest hr;
    sendTo(hr, u"apis/autoscaling/v2"_s, u"horizontalpodautoscalers"_s, [this, requestId](const HttpResult &r) {
        QString error;
        AutoscalerList list;
        if (!r.answered())
            error = transportText(r);
        else if (r.status != 200)
            error = kubejson::describeError(r.status, r.body, u"list"_s, u"horizontalpodautoscalers"_s, {}, m_target.ns,
                                            m_target.userName)
                        .message;
        else
            for (const QJsonValue &v : kubejson::parseListPage(r.body, u"HorizontalPodAutoscalerList"_s, &error).items)
                list.append(kubejson::parseAutoscaler(v.toObject()));
        emit autoscalersRead(requestId, list, error);
    });
}

void KubeClient::followLogs(const LogRequest &request)
{
    if (!isRunning() || !m_logs) {
        emit logStreamState(request.session, request.pod.isEmpty() ? request.deployment : request.pod,
                            u"the Kubernetes client is not running"_s);
        return;
    }
    m_logs->start(request, currentPods());
}

void KubeClient::stopLogs(quint64 session)
{
    if (m_logs)
        m_logs->stop(session);
}

void KubeClient::heartbeat()
{
    if (!isRunning() || m_beating)
        return;
    m_beating = true;
    HttpRequest hr;
    sendTo(hr, u"version"_s, {}, [this](const HttpResult &r) {
        m_beating = false;
        if (!isRunning())
            return;
        if (r.answered() && r.status == 200) {
            if (!m_deployments->synced())
                return; // the watch says why (or is being opened again)
            reportLive();
            emitDeployments();
            if (m_pods->watch()->synced())
                emitPods();
            if (m_autoscalers->watch()->synced())
                emitAutoscalers();
            return;
        }
        const QString reason = r.answered() ? u"the API server answered HTTP %1 to GET /version"_s.arg(r.status)
                                            : transportText(r);
        // Streams on a connection the network lost stay quiet for good: cut them, open anew.
        m_deployments->halt();
        m_pods->halt();
        m_autoscalers->halt();
        m_logs->suspend(reason);
        m_resumeTimer->start(reportDownAndBackOff(reason));
    });
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
    m_logHttp->setTls(tls);
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
    sendTo(hr, u"apis/apps/v1"_s, path, done);
}

quint64 KubeClient::sendTo(HttpRequest hr, const QString &apiRoot, const QString &path, const HttpTransport::Done &done,
                           HttpTransport *via)
{
    HttpTransport *const http = via ? via : m_http;
    const HttpTransport::Done answered = [this, done](const HttpResult &r) {
        if (r.status == 401 && m_credentials)
            m_credentials->invalidate(); // a rotated token or an expired exec credential: fetch anew
        done(r);
    };
    QString error;
    if (!isRunning())
        return http->refuse(hr, u"the Kubernetes client is not running"_s, answered), 0;
    if (!ensureTarget(&error))
        return http->refuse(hr, error, answered), 0;
    const KubeCredential credential = m_credentials->current(); // may run an exec plugin
    if (!credential.ok())
        return http->refuse(hr, credential.error, answered), 0;
    const bool namespaced = apiRoot != u"version"_s;
    // An empty namespace would silently make this a cluster-wide request.
    if (namespaced && m_target.ns.isEmpty())
        return http->refuse(
                   hr,
                   u"no namespace: set kubernetes.namespace in the profile or a namespace in the kubeconfig context"_s,
                   answered),
               0;

    QString base = m_target.server;
    if (!base.contains(u"://"_s))
        base.prepend(u"https://"_s);
    while (base.endsWith(u'/'))
        base.chop(1);
    QString url = base + u"/version"_s;
    if (namespaced)
        url = base + u'/' + apiRoot + u"/namespaces/"_s + QString::fromLatin1(QUrl::toPercentEncoding(m_target.ns))
            + u'/' + path;
    hr.url = QUrl(url, QUrl::StrictMode);
    if (!credential.bearerToken.isEmpty())
        hr.headers.append({"Authorization", "Bearer " + credential.bearerToken});
    hr.clientCertificate = credential.clientCertificate;
    hr.clientKey = credential.clientKey;
    return http->send(hr, answered);
}

QString KubeClient::transportText(const HttpResult &r) const
{
    if (r.delivery == HttpResult::Delivery::RefusedHere || r.timedOut || r.tooLarge)
        return r.error; // says itself what happened, and where
    return u"cannot reach the API server %1: %2"_s.arg(m_target.server, r.error);
}

void KubeClient::refresh()
{
    heartbeat();
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

void KubeClient::readRollout(const QString &requestId, const QString &name)
{
    RolloutHistory h;
    h.requestId = requestId;
    h.name = name;
    send("GET", deploymentPath(name), {}, {}, [this, h](const HttpResult &r) mutable {
        if (!r.answered() || r.status != 200) {
            h.error = r.answered() ? kubejson::describeError(r.status, r.body, u"get"_s, u"deployments"_s, h.name,
                                                             m_target.ns, m_target.userName)
                                         .message
                                   : transportText(r);
            return emit rolloutRead(h);
        }
        const QJsonObject d = QJsonDocument::fromJson(r.body).object();
        h.deployment = kubejson::parseDeployment(d);
        h.templateJson = kubejson::podTemplateJson(d.value(u"spec"_s).toObject().value(u"template"_s).toObject());
        // Its ReplicaSets: those its selector matches that name it as their controller.
        QStringList selector;
        for (auto it = h.deployment.selector.begin(); it != h.deployment.selector.end(); ++it)
            selector << it.key() + u'=' + it.value();
        HttpRequest hr;
        const QString path = u"replicasets?labelSelector="_s
            + QString::fromLatin1(QUrl::toPercentEncoding(selector.join(u',')));
        sendTo(hr, u"apis/apps/v1"_s, path, [this, h](const HttpResult &rr) mutable {
            QString error;
            if (!rr.answered() || rr.status != 200) {
                h.error = rr.answered() ? kubejson::describeError(rr.status, rr.body, u"list"_s, u"replicasets"_s, {},
                                                                  m_target.ns, m_target.userName)
                                              .message
                                        : transportText(rr);
                return emit rolloutRead(h);
            }
            const kubejson::ListPage page = kubejson::parseListPage(rr.body, u"ReplicaSetList"_s, &error);
            if (!error.isEmpty()) {
                h.error = error;
                return emit rolloutRead(h);
            }
            for (const QJsonValue &v : page.items) {
                if (!kubejson::ownedBy(v.toObject(), h.deployment.uid))
                    continue;
                RevisionInfo rev = kubejson::parseReplicaSet(v.toObject());
                rev.current = rev.revision == h.deployment.revision;
                h.revisions.append(rev);
            }
            std::sort(h.revisions.begin(), h.revisions.end(),
                      [](const RevisionInfo &a, const RevisionInfo &b) { return a.revision > b.revision; });
            emit rolloutRead(h);
        });
    });
}

void KubeClient::rollback(const QString &requestId, const QString &name, const RevisionInfo &target,
                          const DeploymentInfo &before)
{
    send("PATCH", deploymentPath(name), kubejson::rollbackPatch(target, before), "application/json-patch+json",
         [=](const HttpResult &r) {
             KubeResult out = resultFrom(requestId, u"rollback"_s, name, r, u"patch"_s, u"deployments"_s);
             if (!(r.answered() && r.status == 422)) {
                 emit resultReady(out);
                 return refresh();
             }
             // 422 says only that the patch was refused. Was it our test of the generation
             // (someone changed the Deployment since the preview)? Read it and say which.
             send("GET", deploymentPath(name), {}, {}, [=](const HttpResult &now) mutable {
                 const qint64 generation = now.answered() && now.status == 200
                     ? kubejson::parseDeployment(QJsonDocument::fromJson(now.body).object()).generation
                     : -1;
                 if (generation >= 0 && generation != before.generation) {
                     out.reason = u"Conflict"_s;
                     out.message = u"deployment %1 changed since the preview (generation %2, now %3): nothing was "
                                   u"changed — look again"_s.arg(name)
                                       .arg(before.generation)
                                       .arg(generation);
                     out.outcome = RequestOutcome::failed(out.message, r.status);
                     out.outcome.serverRequestId = r.serverRequestId;
                 }
                 emit resultReady(out);
                 refresh();
             });
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
