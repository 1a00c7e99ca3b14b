#pragma once

#include "SagaFlow.h"
#include "Scenario.h"

#include <random>
#include <string>

class ServiceLogs;
class SimMetrics;

struct CallResult
{
    bool ok = true;
    int status = 200;
    std::string outcome = "SUCCEEDED"; // SUCCEEDED | FAILED | TIMED_OUT
    std::string error;
    double seconds = 0;
};

// One simulated HTTP call from the orchestrator to a step's service: waits the scenario's
// latency, decides the answer, records it in http_requests_total / _duration_seconds under
// that service and writes the line the service would log (ServiceLogs). Stateless; the caller
// owns the random generator (one per saga, for --seed).
class StepSimulator
{
public:
    StepSimulator(SimMetrics &metrics, ServiceLogs &logs)
        : m_metrics(metrics)
        , m_logs(logs)
    {}
    CallResult call(std::mt19937_64 &rng, const SimControl &control, const StepDef &step, bool compensation,
                    const std::string &sagaId) const;

private:
    SimMetrics &m_metrics;
    ServiceLogs &m_logs;
};
