#pragma once

#include <optional>
#include <string>
#include <vector>

// The incident scenarios the workload can be switched into (docs/architecture.md §7). Pure value logic:
// names and the per-scenario behaviour of simulated service calls. Thread-safe (no state).
enum class Scenario
{
    Steady,
    PaymentOutage,
    SlowConsumer,
    LatencySpike,
    ConnectionLeak,
    MemoryGrowth,
    // Rolls out a broken payment-service image through the stack's Kubernetes (needs
    // --kube-server); the failures come from the Deployment's image, not from the scenario:
    // see paymentImageIsBad() and SimControl::paymentImageBad.
    BadDeploy
};

std::optional<Scenario> parseScenario(const std::string &name);
std::string scenarioName(Scenario scenario);
const std::vector<std::string> &scenarioNames();

// How one simulated HTTP call to a service behaves under a scenario.
struct CallProfile
{
    double failureProbability = 0; // the call answers 5xx
    int failureStatus = 500;       // 500, or 503 while a service is down
    int minLatencyMs = 0;          // latency = min + exponential(mean), capped
    int meanExtraLatencyMs = 0;
    int maxLatencyMs = 0;
    int timeoutMs = 0; // a call slower than this times out (504, TIMED_OUT)
};

// `compensation` = a compensating call (release, refund), which fails less often in steady
// state so most failed sagas end COMPENSATED and a few FAILED.
// `paymentImageBad`: the payment-service Deployment runs a broken image (bad-deploy): its calls
// fail with 500 whatever the scenario, until the Deployment is rolled back.
CallProfile callProfile(Scenario scenario, const std::string &service, bool compensation, bool paymentImageBad = false);

// bad-deploy's image, and what counts as broken: an image whose tag ends in "-bad".
extern const char *const kBadPaymentImage; // sagadeck.local/payment-service:1.1-bad
bool paymentImageIsBad(const std::string &image);

// The orchestrator's consumer sleeps this long per message (slow-consumer), else 0.
int orchestratorConsumerDelayMs(Scenario scenario);

// The scenario after a rollout restart of the orchestrator: a fresh process has no slow
// consumer, leaked connections or grown heap, so those become steady; outages and latency
// of the services it calls are not its own and stay.
Scenario scenarioAfterOrchestratorRestart(Scenario scenario);

#include <atomic>

// What can be switched at runtime (POST /sim/scenario, POST /sim/rate). Thread-safe.
struct SimControl
{
    std::atomic<Scenario> scenario{Scenario::Steady};
    std::atomic<double> rate{5};
    // The saga-orchestrator Deployment's spec.replicas when saga-sim follows Kubernetes
    // (KubeWatcher), else 1: that many consumers share the orchestrator group's work.
    std::atomic<int> orchestratorReplicas{1};
    // The payment-service Deployment's pod template image is a broken one (KubeWatcher).
    std::atomic<bool> paymentImageBad{false};
};
