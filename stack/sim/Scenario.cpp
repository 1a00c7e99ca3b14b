#include "Scenario.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace {

struct Named
{
    Scenario scenario;
    const char *name;
};

constexpr Named kScenarios[] = {
    {Scenario::Steady, "steady"},
    {Scenario::PaymentOutage, "payment-outage"},
    {Scenario::SlowConsumer, "slow-consumer"},
    {Scenario::LatencySpike, "latency-spike"},
    {Scenario::ConnectionLeak, "connection-leak"},
    {Scenario::MemoryGrowth, "memory-growth"},
    {Scenario::BadDeploy, "bad-deploy"},
};

} // namespace

std::optional<Scenario> parseScenario(const std::string &name)
{
    for (const Named &n : kScenarios) {
        if (name == n.name)
            return n.scenario;
    }
    return std::nullopt;
}

std::string scenarioName(Scenario scenario)
{
    for (const Named &n : kScenarios) {
        if (n.scenario == scenario)
            return n.name;
    }
    return "steady";
}

const std::vector<std::string> &scenarioNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const Named &n : kScenarios)
            v.emplace_back(n.name);
        return v;
    }();
    return names;
}

const char *const kBadPaymentImage = "sagadeck.local/payment-service:1.1-bad";

bool paymentImageIsBad(const std::string &image)
{
    const std::string suffix = "-bad";
    const size_t colon = image.rfind(':');
    return colon != std::string::npos && image.find('/', colon) == std::string::npos
        && image.size() >= colon + 1 + suffix.size()
        && image.compare(image.size() - suffix.size(), suffix.size(), suffix) == 0;
}

CallProfile callProfile(Scenario scenario, const std::string &service, bool compensation, bool paymentImageBad)
{
    CallProfile p;
    // Steady: tens of milliseconds (p95 ~ 70 ms, well under the 500 ms target), and a per-call
    // failure probability that makes ~0.2 % of three-step sagas fail.
    p.failureProbability = compensation ? 0.05 : 0.0007;
    p.minLatencyMs = 8;
    p.meanExtraLatencyMs = 20;
    p.maxLatencyMs = 250;
    p.timeoutMs = 5000;
    switch (scenario) {
    case Scenario::PaymentOutage:
        if (service == "payment-service") {
            p.failureProbability = compensation ? 0.5 : 0.85;
            p.failureStatus = 503;
        }
        break;
    case Scenario::LatencySpike:
        // Most calls take 0.5-2 s; the slowest time out.
        p.minLatencyMs = 450;
        p.meanExtraLatencyMs = 450;
        p.maxLatencyMs = 2500;
        p.timeoutMs = 2000;
        break;
    case Scenario::Steady:
    case Scenario::SlowConsumer:
    case Scenario::ConnectionLeak:
    case Scenario::MemoryGrowth:
    case Scenario::BadDeploy: break;
    }
    if (paymentImageBad && service == "payment-service") {
        // The broken build answers most charges with 500; refunds and voids mostly still work.
        p.failureProbability = compensation ? 0.2 : 0.9;
        p.failureStatus = 500;
    }
    return p;
}

Scenario scenarioAfterOrchestratorRestart(Scenario scenario)
{
    switch (scenario) {
    case Scenario::SlowConsumer:
    case Scenario::ConnectionLeak:
    case Scenario::MemoryGrowth: return Scenario::Steady;
    case Scenario::Steady:
    case Scenario::PaymentOutage:
    case Scenario::LatencySpike:
    case Scenario::BadDeploy: break;
    }
    return scenario;
}

int orchestratorConsumerDelayMs(Scenario scenario)
{
    // ~5 messages/s against ~40 produced/s at the default rate: the lag grows by ~35/s.
    return scenario == Scenario::SlowConsumer ? 200 : 0;
}

std::optional<ScenarioRequest> parseScenarioRequest(const std::string &jsonObject, std::string &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(jsonObject), &parseError);
    if (!doc.isObject()) {
        error = "the body must be a JSON object";
        return std::nullopt;
    }
    const QJsonObject body = doc.object();
    const std::string name = body.value(QStringLiteral("scenario")).toString().toStdString();
    const auto scenario = parseScenario(name);
    if (!scenario) {
        error = "unknown scenario '" + name + "'";
        return std::nullopt;
    }
    ScenarioRequest r;
    r.scenario = *scenario;
    if (body.contains(QStringLiteral("rate"))) {
        const QJsonValue v = body.value(QStringLiteral("rate"));
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1000) {
            error = "rate must be a number of sagas per second between 0 and 1000";
            return std::nullopt;
        }
        r.rate = v.toDouble();
    }
    if (body.contains(QStringLiteral("oom_after_mib"))) {
        const QJsonValue v = body.value(QStringLiteral("oom_after_mib"));
        if (r.scenario != Scenario::MemoryGrowth) {
            error = "oom_after_mib applies only to memory-growth, not to " + name;
            return std::nullopt;
        }
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != std::floor(d) || d < 0 || d > kMaxMemoryGrowthMib) {
            error = "oom_after_mib must be an integer number of MiB between 0 (no OOM kill) and "
                + std::to_string(kMaxMemoryGrowthMib) + " (memory-growth's most)";
            return std::nullopt;
        }
        r.oomAfterMib = int(d);
    }
    return r;
}
