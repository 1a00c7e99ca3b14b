#pragma once

#include "Backoff.h"
#include "DeploymentInfo.h"
#include "FeedHealth.h"
#include "KubeResult.h"
#include "KubeTarget.h"
#include "Profile.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace sagadeck {

class GuardedNetworkAccess;
class KubeCredentials;

// The Kubernetes feed: lists the namespace's Deployments every refresh interval and performs
// the two operator mutations exactly as kubectl sends them (rollout restart, scale).
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and the slots through queued connections. The kubeconfig is read, exec credential
// plugins run and the network manager lives on that thread, never the GUI's. Signals carry
// values only. Read-only profiles are enforced below this class, by GuardedNetworkAccess.
//
// Every request has a transfer timeout and an overall deadline. When the API server cannot be
// reached (or refuses the list) the feed is Down with the reason and the next list is tried
// after an exponential backoff; mutations are always attempted and answered by requestId.
class KubeClient : public QObject
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
    void start();
    void stop();
    // Lists now (when no list is in flight), e.g. after a mutation.
    void refresh();
    // `kubectl rollout restart`: the caller passes restartedAt so a retried intent reuses it.
    void restart(const QString &requestId, const QString &name, const QString &restartedAtRfc3339);
    // `kubectl scale`; expectedReplicas >= 0 is a precondition (GET the Scale, compare, PUT it
    // with its resourceVersion; a concurrent change gives 409).
    void scale(const QString &requestId, const QString &name, int replicas, int expectedReplicas = -1);
    void getDeployment(const QString &requestId, const QString &name);

signals:
    void healthChanged(const sagadeck::FeedHealth &health);
    // The selected context, cluster, user, namespace and insecure flag, without secrets.
    void targetChanged(const sagadeck::KubeTarget &target);
    void deploymentsListed(const sagadeck::DeploymentList &deployments, const QDateTime &fetchedAt);
    void resultReady(const sagadeck::KubeResult &result);

private:
    struct Response
    {
        int status = 0;              // 0: no HTTP answer
        QByteArray body;
        QString auditId;
        QString error;               // why there is no HTTP answer
        bool refused = false;        // never left the process (read-only, credential problem)
        bool timedOut = false;
    };
    using Done = std::function<void(const Response &)>;

    bool ensureTarget(QString *error);
    void send(const QByteArray &verb, const QString &pathInNamespace, const QByteArray &body,
              const QByteArray &contentType, Done done);
    void finished(QNetworkReply *reply, const Done &done, const std::shared_ptr<bool> &timedOut);
    void scheduleList(int delayMs);
    void listNow();
    KubeResult resultFrom(const QString &requestId, const QString &verb, const QString &name,
                          const Response &r, const QString &apiVerb, const QString &resource) const;
    // "deployments[/NAME]", relative to the namespace; send() puts the namespace in front.
    static QString deploymentPath(const QString &name);
    void setHealth(FeedState state, const QString &reason, bool success);

    KubernetesSettings m_settings;
    bool m_readOnly;
    KubeTarget m_target;
    std::unique_ptr<KubeCredentials> m_credentials;
    GuardedNetworkAccess *m_net = nullptr;
    QTimer *m_listTimer = nullptr;
    bool m_listing = false;
    bool m_running = false;
    Backoff m_backoff;
    FeedHealth m_health;
    int m_transferTimeoutMs = 10000;
    int m_deadlineMs = 20000;
    int m_refreshMs = 5000;
};

} // namespace sagadeck
