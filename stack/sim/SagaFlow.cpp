#include "SagaFlow.h"

#include <algorithm>

const std::vector<SagaTypeDef> &sagaTypes()
{
    static const std::vector<SagaTypeDef> types = {
        {"order-fulfillment",
         {{"reserve-inventory", "inventory-service", "/inventory/reserve", "release-inventory", "/inventory/release"},
          {"charge-payment", "payment-service", "/payments/charge", "refund-payment", "/payments/refund"},
          {"notify-customer", "notification-service", "/notifications/send", "", ""}}},
        // A second, shorter type so per-type views have something to compare.
        {"account-signup",
         {{"verify-payment-method", "payment-service", "/payments/verify", "void-verification", "/payments/void"},
          {"send-welcome", "notification-service", "/notifications/welcome", "", ""}}},
    };
    return types;
}

const SagaTypeDef *findSagaType(const std::string &type)
{
    for (const SagaTypeDef &def : sagaTypes()) {
        if (def.type == type)
            return &def;
    }
    return nullptr;
}

std::vector<StepDef> compensationPlan(const SagaTypeDef &def, const std::vector<std::string> &succeededSteps)
{
    std::vector<StepDef> plan;
    for (auto it = succeededSteps.rbegin(); it != succeededSteps.rend(); ++it) {
        const auto step = std::find_if(def.steps.begin(), def.steps.end(),
                                       [&](const StepDef &s) { return s.step == *it; });
        if (step != def.steps.end() && !step->compensation.empty())
            plan.push_back(*step);
    }
    return plan;
}

namespace SagaStatus {

bool isTerminal(const std::string &status)
{
    return status == Completed || status == Failed || status == Compensated;
}

bool isRetryable(const std::string &status)
{
    return status == Failed || status == Compensated;
}

bool isValid(const std::string &status)
{
    return status == Started || status == InProgress || status == Compensating || isTerminal(status);
}

} // namespace SagaStatus

std::vector<std::string> stepsStillHeld(const SagaTypeDef &def, const std::vector<StepRecord> &history)
{
    std::vector<std::string> held;
    for (const StepRecord &r : history) {
        if (r.outcome != "SUCCEEDED")
            continue;
        if (r.action == "EXECUTE") {
            held.push_back(r.step);
            continue;
        }
        // A compensation row names the compensation (release-inventory): find its step.
        const auto forward = std::find_if(def.steps.begin(), def.steps.end(),
                                          [&](const StepDef &s) { return s.compensation == r.step; });
        if (forward == def.steps.end())
            continue;
        const auto it = std::find(held.rbegin(), held.rend(), forward->step);
        if (it != held.rend())
            held.erase(std::next(it).base());
    }
    return held;
}
