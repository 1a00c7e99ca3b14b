#pragma once

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "PodResources.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// The contract's Prometheus metrics (docs/architecture.md §1), every series with a `service` label,
// served on 127.0.0.1:<port>/metrics. Thread-safe (prometheus-cpp metrics are atomic; Family::Add
// locks).
class SimMetrics
{
public:
    static inline const std::string kOrchestrator = "saga-orchestrator";

    explicit SimMetrics(int port);

    void sagaCreated(const std::string &sagaType);
    void sagaCompleted(const std::string &sagaType);
    // Every saga run that ends unsuccessfully (FAILED or COMPENSATED) counts as failed;
    // COMPENSATED runs also count as compensated. Success rate = completed / created.
    void sagaFailed(const std::string &sagaType);
    void sagaCompensated(const std::string &sagaType);

    // One HTTP request served by `service` (simulated for the step services, real for the API).
    void httpRequest(const std::string &service, const std::string &route, int status, double seconds);

    void setDatabaseConnections(int open, int idle, int max);
    void setResidentMemory(const std::string &service, double bytes);
    // kafka_exporter's metric: committed offset behind the log end, per group and partition.
    void setConsumerGroupLag(const std::string &group, const std::string &topic, int partition, double lag);

    // Requests each service has served so far (the load behind container_cpu_usage_seconds_total).
    std::map<std::string, double> requestTotals() const;

    // The per-pod series, cAdvisor's and kube-state-metrics' names and labels
    // ({namespace, pod, container}): container_memory_working_set_bytes,
    // container_cpu_usage_seconds_total and kube_pod_container_resource_limits{resource, unit}
    // (only for a limit the pod spec has). Series of containers not in `samples` are removed.
    void setPodResources(const std::string &ns, const std::vector<PodUsage::Sample> &samples);

private:
    struct PodSeries
    {
        prometheus::Gauge *memory = nullptr;
        prometheus::Counter *cpu = nullptr;
        prometheus::Gauge *memoryLimit = nullptr;
        prometheus::Gauge *cpuLimit = nullptr;
    };

    std::shared_ptr<prometheus::Registry> m_registry;
    std::unique_ptr<prometheus::Exposer> m_exposer;
    prometheus::Family<prometheus::Counter> &m_created;
    prometheus::Family<prometheus::Counter> &m_completed;
    prometheus::Family<prometheus::Counter> &m_failed;
    prometheus::Family<prometheus::Counter> &m_compensated;
    prometheus::Family<prometheus::Counter> &m_requests;
    prometheus::Family<prometheus::Histogram> &m_duration;
    prometheus::Family<prometheus::Gauge> &m_connections;
    prometheus::Family<prometheus::Gauge> &m_memory;
    prometheus::Family<prometheus::Gauge> &m_groupLag;
    prometheus::Family<prometheus::Gauge> &m_workingSet;
    prometheus::Family<prometheus::Counter> &m_cpu;
    prometheus::Family<prometheus::Gauge> &m_limits;
    mutable std::mutex m_mutex; // m_served, m_pods
    std::map<std::string, double> m_served;
    std::map<std::string, PodSeries> m_pods; // by namespace/pod/container
};
