#pragma once

#include "DeploymentInfo.h"
#include "Feed.h"
#include "HttpTransport.h"
#include "KubeResult.h"
#include "KubeTarget.h"
#include "Profile.h"

#include <memory>

class QTimer;

namespace sagadeck {

class KubeCredentials;

// The Kubernetes feed: lists the namespace's Deployments every refresh interval and performs
// the two operator mutations exactly as kubectl sends them (rollout restart, scale).
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
    // The list interval while Live; default 5 s.
    void setRefreshMs(int ms) { m_refreshMs = ms; }
    int refreshMs() const { return m_refreshMs; }

public slots:
    // Lists now (when no list is in flight), e.g. after a mutation.
    void refresh() override;
    // `kubectl rollout restart`: the caller passes restartedAt so a retried intent reuses it.
    void restart(const QString &requestId, const QString &name, const QString &restartedAtRfc3339);
    // `kubectl scale`; expectedReplicas >= 0 is a precondition (GET the Scale, compare, PUT it
    // with its resourceVersion; a concurrent change gives 409).
    void scale(const QString &requestId, const QString &name, int replicas, int expectedReplicas = -1);
    void getDeployment(const QString &requestId, const QString &name);

signals:
    // The selected context, cluster, user, namespace and insecure flag, without secrets.
    void targetChanged(const sagadeck::KubeTarget &target);
    void deploymentsListed(const sagadeck::DeploymentList &deployments, const QDateTime &fetchedAt);
    void resultReady(const sagadeck::KubeResult &result);

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
    void scheduleList(int delayMs);
    void listNow();
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
    QTimer *m_listTimer = nullptr;
    bool m_listing = false;
    int m_refreshMs = 5000;
};

} // namespace sagadeck
