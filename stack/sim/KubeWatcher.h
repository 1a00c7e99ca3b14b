#pragma once

#include "OrchestratorDeployment.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class SSLClient;
}

// Where the stack's Kubernetes API is and who saga-sim is there (--kube-* options).
struct KubeTarget
{
    std::string server;    // https://127.0.0.1:26443
    std::string caFile;    // the stack's CA
    std::string tokenFile; // saga-sim's bearer token (see kube_rbac in stack/stack)
    std::string ns = "microservices";
    std::string deployment = "saga-orchestrator";
    std::string paymentDeployment = "payment-service";
};

// Follows two Deployments on its own thread by polling GET .../deployments/NAME once a second
// (small objects: a poll is simpler than a watch stream, needs no resourceVersion or reconnect
// bookkeeping, and one second is well inside what the end-to-end tests wait for):
// - the orchestrator's: calls `onReaction` for every restart or replica change;
// - payment-service's: calls `onPaymentImage` with its pod template's image, first and on
//   every change (bad-deploy and its rollback);
// and lists the namespace's pods (GET .../pods, once a second) for `onPods` (the PodList's
// JSON): the per-pod resource metrics follow pods as they come and go.
// It also does what saga-sim writes: requestOomKill() marks the orchestrator's Running pods'
// containers OOMKilled and restarted (pods/status, on the thread, within a second), rollOut()
// patches a Deployment's image (synchronously, on the caller's thread).
// Callbacks run on the watcher's thread; errors are logged once per kind, not once per second.
class KubeWatcher
{
public:
    using Callback = std::function<void(const OrchestratorFollower::Reaction &)>;
    using ImageCallback = std::function<void(const std::string &image)>;
    using PodsCallback = std::function<void(const std::string &podListJson)>;

    KubeWatcher(KubeTarget target, Callback onReaction, ImageCallback onPaymentImage = {}, PodsCallback onPods = {});
    ~KubeWatcher();
    KubeWatcher(const KubeWatcher &) = delete;
    KubeWatcher &operator=(const KubeWatcher &) = delete;

    // False (with `error`) when the target is unusable: bad URL or unreadable token file.
    bool start(std::string &error);
    void stop();

    void requestOomKill() { ++m_oomKills; }
    // Strategic-merge patch of the Deployment's container `container`: a new image and the
    // kubernetes.io/change-cause annotation (kubectl rollout history's CHANGE-CAUSE).
    bool rollOut(const std::string &deployment, const std::string &container, const std::string &image,
                 const std::string &changeCause, std::string &error);

private:
    void run();
    void report(const std::string &problem);
    std::unique_ptr<httplib::SSLClient> client() const;
    void oomKill(httplib::SSLClient &client);

    const KubeTarget m_target;
    const Callback m_onReaction;
    const ImageCallback m_onPaymentImage;
    const PodsCallback m_onPods;
    std::string m_host;
    int m_port = 443;
    std::string m_token;
    std::string m_lastProblem;
    std::atomic<int> m_oomKills{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};
