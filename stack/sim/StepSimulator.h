#pragma once

#include "SagaFlow.h"
#include "Scenario.h"

#include <random>
#include <string>

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
// latency, decides the answer, and records it in http_requests_total / _duration_seconds under
// that service. Stateless; the caller owns the random generator (one per saga, for --seed).
class StepSimulator
{
public:
    explicit StepSimulator(SimMetrics &metrics)
        : m_metrics(metrics)
    {}
    CallResult call(std::mt19937_64 &rng, Scenario scenario, const StepDef &step, bool compensation) const;

private:
    SimMetrics &m_metrics;
};
