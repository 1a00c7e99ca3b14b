#pragma once

#include "OrchestratorDeployment.h"

#include <atomic>
#include <functional>
#include <string>
#include <thread>

// Where the stack's Kubernetes API is and who saga-sim is there (--kube-* options).
struct KubeTarget
{
    std::string server;    // https://127.0.0.1:26443
    std::string caFile;    // the stack's CA
    std::string tokenFile; // saga-sim's bearer token (read-only on deployments)
    std::string ns = "microservices";
    std::string deployment = "saga-orchestrator";
};

// Follows one Deployment on its own thread by polling GET .../deployments/NAME once a second
// (one small object: a poll is simpler than a watch stream, needs no resourceVersion or
// reconnect bookkeeping, and one second is well inside what the end-to-end tests wait for).
// Calls `onReaction` (on that thread) for every restart or replica change; logs errors once
// per kind, not once per second.
class KubeWatcher
{
public:
    using Callback = std::function<void(const OrchestratorFollower::Reaction &)>;

    KubeWatcher(KubeTarget target, Callback onReaction);
    ~KubeWatcher();
    KubeWatcher(const KubeWatcher &) = delete;
    KubeWatcher &operator=(const KubeWatcher &) = delete;

    // False (with `error`) when the target is unusable: bad URL or unreadable token file.
    bool start(std::string &error);
    void stop();

private:
    void run();
    void report(const std::string &problem);

    const KubeTarget m_target;
    const Callback m_onReaction;
    std::string m_host;
    int m_port = 443;
    std::string m_token;
    std::string m_lastProblem;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};
