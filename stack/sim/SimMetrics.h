#pragma once

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

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

private:
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
};
