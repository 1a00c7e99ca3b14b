#pragma once

#include <optional>
#include <string>

// What saga-sim reads from the saga-orchestrator Deployment, and what it should do about a
// change. Pure logic (no I/O), so the unit tests can feed it JSON.
struct DeploymentObservation
{
    int replicas = 1;         // spec.replicas: the orchestrator's consumer parallelism
    std::string restartedAt;  // spec.template annotation kubectl.kubernetes.io/restartedAt
    long long generation = 0; // metadata.generation
};

// Parses a Deployment object (GET .../deployments/NAME). On failure returns nullopt and sets
// `error`.
std::optional<DeploymentObservation> parseDeployment(const std::string &json, std::string &error);

// Follows the observations: the first one is the baseline (the sim starts as a fresh
// orchestrator, so an old restartedAt is no restart); a later, different restartedAt is a
// rollout restart.
class OrchestratorFollower
{
public:
    struct Reaction
    {
        bool restart = false;
        std::optional<int> replicas; // set when it changed (or on the first observation)
    };

    Reaction observe(const DeploymentObservation &o);

private:
    std::optional<DeploymentObservation> m_last;
};
