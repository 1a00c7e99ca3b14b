#pragma once

#include <string>
#include <vector>

// The saga types the workload runs and the pure rules of their flow: which steps run forward,
// which compensation undoes each, and in which order compensations run after a failure.

struct StepDef
{
    std::string step;              // reserve-inventory
    std::string service;           // inventory-service
    std::string route;             // /inventory/reserve (the simulated HTTP call)
    std::string compensation;      // release-inventory; empty = nothing to undo
    std::string compensationRoute; // /inventory/release
};

struct SagaTypeDef
{
    std::string type;
    std::vector<StepDef> steps;
};

const std::vector<SagaTypeDef> &sagaTypes();
const SagaTypeDef *findSagaType(const std::string &type);

// Compensations owed after a failure, given the forward steps that succeeded (in execution
// order): the reverse of that order, skipping steps that have nothing to undo.
std::vector<StepDef> compensationPlan(const SagaTypeDef &def, const std::vector<std::string> &succeededSteps);

// Saga statuses (docs/architecture.md §1).
namespace SagaStatus {
inline const std::string Started = "STARTED";
inline const std::string InProgress = "IN_PROGRESS";
inline const std::string Compensating = "COMPENSATING";
inline const std::string Completed = "COMPLETED";
inline const std::string Failed = "FAILED";
inline const std::string Compensated = "COMPENSATED";

bool isTerminal(const std::string &status);
bool isRetryable(const std::string &status); // FAILED, COMPENSATED
bool isValid(const std::string &status);
} // namespace SagaStatus

// One row of saga_steps, as far as the flow rules care.
struct StepRecord
{
    std::string step;
    std::string action;  // EXECUTE | COMPENSATE
    std::string outcome; // RUNNING | SUCCEEDED | FAILED | TIMED_OUT
};

// Forward steps whose effect is still in place after the recorded history (in seq order):
// every succeeded EXECUTE holds, a succeeded COMPENSATE of that step releases it. Feed the
// result to compensationPlan() to finish compensating a FAILED or stuck saga.
std::vector<std::string> stepsStillHeld(const SagaTypeDef &def, const std::vector<StepRecord> &history);
