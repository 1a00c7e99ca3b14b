#pragma once

#include "AutoscalerInfo.h"
#include "DeploymentInfo.h"
#include "Feed.h"
#include "HttpTransport.h"
#include "KubeResult.h"
#include "KubeTarget.h"
#include "KubeLogFollower.h"
#include "KubeWatch.h"
#include "LogLine.h"
#include "PodInfo.h"
#include "Profile.h"
#include "RolloutHistory.h"

#include "Backoff.h"

#include <memory>

class QTimer;

namespace sagadeck {

class KubeCredentials;

// The Kubernetes feed: watches the namespace's Deployments and Pods (list, then watch from the
// list's resourceVersion with bookmarks, list again after 410 Gone: KubeWatch) and performs the
// operator mutations exactly as kubectl sends them (rollout restart, scale).
//
// A watch stream is quiet while nothing changes, so silence proves nothing: every refresh
// interval a heartbeat (GET /version) shows the API server still answers. Live means the
// Deployments are listed, their stream is open and the server answered within the interval; a
// heartbeat that fails also cuts the streams off (a connection the network lost keeps quiet for
// good) and they are opened anew, from their last resourceVersion, after the backoff.
// The Pods watch has its own backoff and error (an identity may read Deployments and not Pods):
// its failure is said with the pods, not as the feed's health.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and the slots through queued connections. The kubeconfig is read, exec credential
// plugins run and the network manager lives on that thread, never the GUI's. Signals carry
// values only. Read-only profiles are enforced below this class, by its HttpTransport's
// GuardedNetworkAccess.
//
// Every request has the transport's transfer timeout and overall deadline. When the API server
// cannot be reached (or refuses the list) the feed is Down with the reason and the next list is
// tried after an exponential backoff. A mutation is sent exactly once per call and answered by
// requestId with a RequestOutcome (KubeResult::outcome): repeating it is the action pipeline's
// decision (actions/), never this client's.
class KubeClient : public Feed
{
    Q_OBJECT
public:
    KubeClient(const KubernetesSettings &settings, bool readOnly, QObject *parent = nullptr);
    ~KubeClient() override;

    static void registerMetaTypes();

    // Defaults 10 s / 20 s; tests shorten them.
    void setTimeouts(int transferTimeoutMs, int deadlineMs);
    // The heartbeat interval; default 5 s.
    void setRefreshMs(int ms) { m_refreshMs = ms; }
    int refreshMs() const { return m_refreshMs; }

public slots:
    // Asks the API server now (a heartbeat) and sends what the watches hold.
    void refresh() override;
    // `kubectl rollout restart`: the caller passes restartedAt so a retried intent reuses it.
    void restart(const QString &requestId, const QString &name, const QString &restartedAtRfc3339);
    // `kubectl scale`; expectedReplicas >= 0 is a precondition (GET the Scale, compare, PUT it
    // with its resourceVersion; a concurrent change gives 409).
    void scale(const QString &requestId, const QString &name, int replicas, int expectedReplicas = -1);
    void getDeployment(const QString &requestId, const QString &name);
    // The Deployment and its revisions (its ReplicaSets), as `kubectl rollout history`: answered
    // by rolloutRead with the same requestId.
    void readRollout(const QString &requestId, const QString &name);
    // The namespace's autoscalers now (a scale preview's check): answered by autoscalersRead.
    void readAutoscalers(const QString &requestId);
    // `kubectl rollout undo --to-revision`: the revision's template back into the Deployment,
    // only if its generation is still `before`'s (else 409-like: nothing changed).
    void rollback(const QString &requestId, const QString &name, const sagadeck::RevisionInfo &target,
                  const sagadeck::DeploymentInfo &before);
    // `kubectl logs` of a deployment's pods or one pod (KubeLogFollower); a new request replaces
    // the one before.
    void followLogs(const sagadeck::LogRequest &request);
    void stopLogs(quint64 session);

signals:
    // The selected context, cluster, user, namespace and insecure flag, without secrets.
    void targetChanged(const sagadeck::KubeTarget &target);
    void deploymentsListed(const sagadeck::DeploymentList &deployments, const QDateTime &fetchedAt);
    void resultReady(const sagadeck::KubeResult &result);
    // The namespace's pods as of `at`; `error` says why they are not current (a 403 on pods, the
    // watch failing), with the last pods known.
    void podsChanged(const sagadeck::PodList &pods, const QDateTime &at, const QString &error);
    // The namespace's HorizontalPodAutoscalers (watched like the pods, with their own error).
    void autoscalersChanged(const sagadeck::AutoscalerList &autoscalers, const QDateTime &at, const QString &error);
    void autoscalersRead(const QString &requestId, const sagadeck::AutoscalerList &autoscalers, const QString &error);
    void rolloutRead(const sagadeck::RolloutHistory &history);
    void logLines(quint64 session, const sagadeck::LogLines &lines);
    // A pod's log stream: "following", "read", "ended ...", or why not (403, no previous container).
    void logStreamState(quint64 session, const QString &pod, const QString &state);

protected:
    void onStart() override;
    void onStop() override;

private:
    // GET the Scale, compare its replicas with `expectedReplicas`, PUT it back with its
    // resourceVersion. A 409 means the Deployment changed in between, most often only its status
    // (the controller's own write after a rollout): read and compare again, as kubectl scale
    // does, up to `attemptsLeft` times; a real change of replicas then fails the comparison.
    void reportScale(const QString &requestId, const QString &name, const HttpResult &r, const QString &apiVerb);
    void scaleWithPrecondition(const QString &requestId, const QString &name, int replicas, int expectedReplicas,
                               int attemptsLeft);

    bool ensureTarget(QString *error);
    void send(const QByteArray &verb, const QString &pathInNamespace, const QByteArray &body,
              const QByteArray &contentType, const HttpTransport::Done &done);
    // `apiRoot` "apis/apps/v1" or "api/v1"; `pathInNamespace` empty with apiRoot "version": GET /version.
    quint64 sendTo(HttpRequest hr, const QString &apiRoot, const QString &pathInNamespace,
                   const HttpTransport::Done &done, HttpTransport *via = nullptr);
    PodList currentPods() const;
    KubeWatch *makeWatch(const QString &apiRoot, const QString &resource, const QString &listKind);
    void heartbeat();
    void deploymentsChanged();
    void emitDeployments();
    void emitPods();
    void emitAutoscalers();
    void resumeWatches();
    KubeResult resultFrom(const QString &requestId, const QString &verb, const QString &name, const HttpResult &r,
                          const QString &apiVerb, const QString &resource) const;
    // Why there is no (usable) HTTP answer, naming the API server.
    QString transportText(const HttpResult &r) const;
    // "deployments[/NAME]", relative to the namespace; send() puts the namespace in front.
    static QString deploymentPath(const QString &name);

    KubernetesSettings m_settings;
    KubeTarget m_target;
    std::unique_ptr<KubeCredentials> m_credentials;
    HttpTransport *m_http;
    HttpTransport *m_logHttp; // followed logs: their own connections, never behind a watch
    KubeLogFollower *m_logs = nullptr;
    QTimer *m_heartbeatTimer = nullptr;
    QTimer *m_resumeTimer = nullptr; // the Deployments watch (and the Pods', with it) after a failure
    KubeWatch *m_deployments = nullptr;
    RetryingWatch *m_pods = nullptr;
    RetryingWatch *m_autoscalers = nullptr;
    bool m_beating = false;
    int m_refreshMs = 5000;
};

} // namespace sagadeck
