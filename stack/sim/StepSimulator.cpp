#include "StepSimulator.h"

#include "ServiceLogs.h"
#include "SimMetrics.h"

#include <algorithm>
#include <chrono>
#include <thread>

CallResult StepSimulator::call(std::mt19937_64 &rng, const SimControl &control, const StepDef &step, bool compensation,
                               const std::string &sagaId) const
{
    const Scenario scenario = control.scenario.load();
    const bool badImage = control.paymentImageBad.load();
    const CallProfile p = callProfile(scenario, step.service, compensation, badImage);
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
    if (m_logs.enabled()) {
        const std::string request = "POST " + route + " saga=" + sagaId + " status=" + std::to_string(r.status)
            + " duration_ms=" + std::to_string(waitMs);
        if (r.status == 504) {
            m_logs.warn(step.service,
                        request + " client gave up after " + std::to_string(p.timeoutMs) + " ms (request took "
                            + std::to_string(latencyMs) + " ms)");
        } else if (!r.ok && step.service == "payment-service" && badImage && p.failureStatus == 500) {
            m_logs.error(step.service,
                         request
                             + " error=\"NullPointerException: PaymentGatewayClient.currency is null "
                               "(config key payments.gateway.currency missing)\"");
        } else if (!r.ok && p.failureStatus == 503) {
            m_logs.error(step.service, request + " error=\"payment gateway unreachable: connection refused\"");
        } else if (!r.ok) {
            m_logs.error(step.service, request + " error=\"internal error\"");
        } else {
            m_logs.info(step.service, request);
        }
    }
    return r;
}
