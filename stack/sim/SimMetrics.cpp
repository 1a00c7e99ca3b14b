#include "SimMetrics.h"

using namespace prometheus;

namespace {

Family<Counter> &counter(Registry &r, const char *name, const char *help)
{
    return BuildCounter().Name(name).Help(help).Register(r);
}

} // namespace

SimMetrics::SimMetrics(int port)
    : m_registry(std::make_shared<Registry>())
    , m_created(counter(*m_registry, "saga_created_total", "Sagas started"))
    , m_completed(counter(*m_registry, "saga_completed_total", "Saga runs that completed"))
    , m_failed(counter(*m_registry, "saga_failed_total", "Saga runs that failed (ended FAILED or COMPENSATED)"))
    , m_compensated(counter(*m_registry, "saga_compensated_total", "Saga runs that ended COMPENSATED"))
    , m_requests(counter(*m_registry, "http_requests_total", "HTTP requests by service, route and status"))
    , m_duration(BuildHistogram()
                     .Name("http_request_duration_seconds")
                     .Help("HTTP request duration by service and route")
                     .Register(*m_registry))
    , m_connections(BuildGauge()
                        .Name("database_connections")
                        .Help("Database connections of the service's pool by state (open, idle, max)")
                        .Register(*m_registry))
    , m_memory(BuildGauge()
                   .Name("process_resident_memory_bytes")
                   .Help("Resident memory of the service's process")
                   .Register(*m_registry))
    , m_groupLag(BuildGauge()
                     .Name("kafka_consumergroup_lag")
                     .Help("Messages between the group's committed offset and the log end, per partition")
                     .Register(*m_registry))
    , m_workingSet(BuildGauge()
                       .Name("container_memory_working_set_bytes")
                       .Help("Current working set of the container in bytes (cAdvisor)")
                       .Register(*m_registry))
    , m_cpu(counter(*m_registry, "container_cpu_usage_seconds_total",
                    "Cumulative cpu time consumed by the container in core-seconds (cAdvisor)"))
    , m_limits(BuildGauge()
                   .Name("kube_pod_container_resource_limits")
                   .Help("The number of requested limit resource by a container (kube-state-metrics)")
                   .Register(*m_registry))
{
    m_exposer = std::make_unique<Exposer>("127.0.0.1:" + std::to_string(port));
    m_exposer->RegisterCollectable(m_registry);
}

void SimMetrics::sagaCreated(const std::string &sagaType)
{
    m_created.Add({{"service", kOrchestrator}, {"saga_type", sagaType}}).Increment();
}

void SimMetrics::sagaCompleted(const std::string &sagaType)
{
    m_completed.Add({{"service", kOrchestrator}, {"saga_type", sagaType}}).Increment();
}

void SimMetrics::sagaFailed(const std::string &sagaType)
{
    m_failed.Add({{"service", kOrchestrator}, {"saga_type", sagaType}}).Increment();
}

void SimMetrics::sagaCompensated(const std::string &sagaType)
{
    m_compensated.Add({{"service", kOrchestrator}, {"saga_type", sagaType}}).Increment();
}

void SimMetrics::httpRequest(const std::string &service, const std::string &route, int status, double seconds)
{
    m_requests.Add({{"service", service}, {"route", route}, {"status", std::to_string(status)}}).Increment();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_served[service] += 1;
    }
    // Buckets resolve both the ~50 ms steady state and the >500 ms of a latency spike.
    static const Histogram::BucketBoundaries buckets = {.005, .01, .025, .05, .1, .25, .5, .75, 1, 2.5, 5, 10};
    m_duration.Add({{"service", service}, {"route", route}}, buckets).Observe(seconds);
}

void SimMetrics::setDatabaseConnections(int open, int idle, int max)
{
    m_connections.Add({{"service", kOrchestrator}, {"state", "open"}}).Set(open);
    m_connections.Add({{"service", kOrchestrator}, {"state", "idle"}}).Set(idle);
    m_connections.Add({{"service", kOrchestrator}, {"state", "max"}}).Set(max);
}

void SimMetrics::setResidentMemory(const std::string &service, double bytes)
{
    m_memory.Add({{"service", service}}).Set(bytes);
}

void SimMetrics::setConsumerGroupLag(const std::string &group, const std::string &topic, int partition, double lag)
{
    m_groupLag
        .Add({{"service", "kafka-exporter"},
              {"consumergroup", group},
              {"topic", topic},
              {"partition", std::to_string(partition)}})
        .Set(lag);
}

std::map<std::string, double> SimMetrics::requestTotals() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_served;
}

void SimMetrics::setPodResources(const std::string &ns, const std::vector<PodUsage::Sample> &samples)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::map<std::string, PodSeries> next;
    for (const PodUsage::Sample &s : samples) {
        const std::string key = ns + "/" + s.container.pod + "/" + s.container.container;
        const std::map<std::string, std::string> labels = {
            {"namespace", ns}, {"pod", s.container.pod}, {"container", s.container.container}};
        PodSeries series;
        if (auto it = m_pods.find(key); it != m_pods.end()) {
            series = it->second;
            m_pods.erase(it);
        }
        if (!series.memory)
            series.memory = &m_workingSet.Add(labels);
        if (!series.cpu)
            series.cpu = &m_cpu.Add(labels);
        series.memory->Set(s.memoryBytes);
        if (const double d = s.cpuSeconds - series.cpu->Value(); d > 0)
            series.cpu->Increment(d);
        const auto limit = [&](prometheus::Gauge *&gauge, const std::optional<double> &value, const char *resource,
                               const char *unit) {
            if (!value) {
                if (gauge)
                    m_limits.Remove(gauge);
                gauge = nullptr;
                return;
            }
            if (!gauge) {
                auto l = labels;
                l["resource"] = resource;
                l["unit"] = unit;
                gauge = &m_limits.Add(l);
            }
            gauge->Set(*value);
        };
        limit(series.memoryLimit, s.container.memoryLimitBytes, "memory", "byte");
        limit(series.cpuLimit, s.container.cpuLimitCores, "cpu", "core");
        next[key] = series;
    }
    // what is left is gone: its series go too
    for (auto &[key, series] : m_pods) {
        m_workingSet.Remove(series.memory);
        m_cpu.Remove(series.cpu);
        if (series.memoryLimit)
            m_limits.Remove(series.memoryLimit);
        if (series.cpuLimit)
            m_limits.Remove(series.cpuLimit);
    }
    m_pods = std::move(next);
}
