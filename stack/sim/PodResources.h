#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

// cAdvisor-like per-pod resource usage of the stack's Deployments, as the kubelet's
// /metrics/cadvisor and kube-state-metrics would export it (container_memory_working_set_bytes,
// container_cpu_usage_seconds_total, kube_pod_container_resource_limits). Pure logic (no I/O):
// the pods come from a PodList saga-sim reads from the API server; the usage from what the
// sim does (its real resident memory for saga-orchestrator, the requests each service served).

// A Kubernetes resource quantity ("1Gi", "256Mi", "500m", "2", "1e3", "128974848") as a number
// (bytes or cores); nullopt if it is not one.
std::optional<double> parseQuantity(const std::string &quantity);

struct PodContainer
{
    std::string pod;
    std::string container; // = its Deployment's name (the stack's templates)
    std::optional<double> memoryLimitBytes;
    std::optional<double> cpuLimitCores;
};

// The containers of the Running pods (not being deleted) of a PodList whose container name is
// one of `deployments`, in the list's order. On a malformed list returns {} and sets `error`.
std::vector<PodContainer> runningContainers(const std::string &podListJson, const std::vector<std::string> &deployments,
                                            std::string &error);

// The modelled resident memory of a step service simulated inside saga-sim (it has no process
// of its own): a base per service plus a slow wobble, `seconds` since the sim started.
double modelledServiceMemoryBytes(const std::string &service, double seconds);

// A stable number in [-1, 1] from a pod's name: what makes replicas differ a little.
double podSkew(const std::string &pod);

// Follows the pods and turns the sim's activity into each container's usage. Call update()
// periodically (saga-sim: once a second, from KubeWatcher's thread).
class PodUsage
{
public:
    struct Sample
    {
        PodContainer container;
        double memoryBytes = 0;
        double cpuSeconds = 0; // cumulative since the container was first seen
    };

    // CPU model: every container idles at kIdleCores; a service's requests cost
    // kCpuPerRequestSeconds each, shared by its pods (skewed a little per pod); the orchestrator
    // also pays kCpuPerCallSeconds for every call it makes to the step services.
    static constexpr double kIdleCores = 0.002;
    static constexpr double kCpuPerRequestSeconds = 0.004;
    static constexpr double kCpuPerCallSeconds = 0.003;

    // `now`: seconds on a monotonic clock; `requestTotals`: requests served so far per service
    // (counters); `orchestratorResidentBytes`: saga-sim's real RSS, every saga-orchestrator pod's
    // working set (each replica runs the same code, so each grows alike under memory-growth and
    // they are OOMKilled together). Containers no longer listed are forgotten (a pod that comes
    // back under the same name starts again at 0).
    std::vector<Sample> update(const std::vector<PodContainer> &containers, double now,
                               const std::map<std::string, double> &requestTotals, double orchestratorResidentBytes);

private:
    struct State
    {
        double cpuSeconds = 0;
    };
    std::map<std::string, State> m_state; // by pod + "/" + container
    std::map<std::string, double> m_lastTotals;
    std::optional<double> m_lastNow;
};
