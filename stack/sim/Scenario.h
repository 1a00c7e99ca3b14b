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

// memory-growth's ballast stops growing here (MiB over the process's own memory).
constexpr int kMaxMemoryGrowthMib = 768;

// A POST /sim/scenario body: {"scenario": NAME, "rate": N?, "oom_after_mib": N?}.
// `oom_after_mib` (0..kMaxMemoryGrowthMib, 0 = no kill) overrides --oom-after-mib for this
// memory-growth only; any other scenario with it is an error. -1 = not given.
struct ScenarioRequest
{
    Scenario scenario = Scenario::Steady;
    std::optional<double> rate;
    int oomAfterMib = -1;
};

// Parses a POST /sim/scenario body (already a JSON object, as text). On failure returns
// nullopt and sets `error` (the 400's message).
std::optional<ScenarioRequest> parseScenarioRequest(const std::string &jsonObject, std::string &error);

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
    // memory-growth's OOM kill after this many MiB of growth (--oom-after-mib, 0 = never), and
    // the one POST /sim/scenario may set for the current scenario (-1 = none; cleared by the
    // next scenario change, see setScenario).
    int oomAfterMib = 0;
    std::atomic<int> oomAfterMibOverride{-1};

    int effectiveOomAfterMib() const
    {
        const int o = oomAfterMibOverride.load();
        return o >= 0 ? o : oomAfterMib;
    }
    // Every scenario change goes through here: the override belongs to the scenario it came with.
    void setScenario(Scenario s, int oomOverride = -1)
    {
        oomAfterMibOverride = oomOverride;
        scenario = s;
    }
};
