#include "StepSimulator.h"

#include "SimMetrics.h"

#include <algorithm>
#include <chrono>
#include <thread>

CallResult StepSimulator::call(std::mt19937_64 &rng, Scenario scenario, const StepDef &step, bool compensation) const
{
    const CallProfile p = callProfile(scenario, step.service, compensation);
    std::exponential_distribution<double> extra(1.0 / std::max(1, p.meanExtraLatencyMs));
    std::uniform_real_distribution<double> unit(0, 1);
    const int latencyMs = std::min(p.maxLatencyMs, p.minLatencyMs + int(extra(rng)));
    const bool fails = unit(rng) < p.failureProbability;

    CallResult r;
    const std::string &route = compensation ? step.compensationRoute : step.route;
    const int waitMs = std::min(latencyMs, p.timeoutMs);
    std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
    r.seconds = waitMs / 1000.0;
    if (latencyMs > p.timeoutMs) {
        r.ok = false;
        r.status = 504;
        r.outcome = "TIMED_OUT";
        r.error = step.service + " " + route + ": no answer within " + std::to_string(p.timeoutMs) + " ms";
    } else if (fails) {
        r.ok = false;
        r.status = p.failureStatus;
        r.outcome = "FAILED";
        r.error = step.service + " " + route + ": HTTP " + std::to_string(p.failureStatus)
            + (p.failureStatus == 503 ? " Service Unavailable" : " Internal Server Error");
    }
    m_metrics.httpRequest(step.service, route, r.status, r.seconds);
    return r;
}
