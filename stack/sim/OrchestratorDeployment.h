#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

// What saga-sim reads from the saga-orchestrator Deployment, and what it should do about a
// change. Pure logic (no I/O), so the unit tests can feed it JSON.
struct DeploymentObservation
{
    int replicas = 1;         // spec.replicas: the orchestrator's consumer parallelism
    std::string restartedAt;  // spec.template annotation kubectl.kubernetes.io/restartedAt
    long long generation = 0; // metadata.generation
    std::string image;        // spec.template's first container's image
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

// memory-growth's OOM kill, as the kubelet would report it: for every Running pod (not being
// deleted) of a PodList, the JSON merge patch for its status subresource: each container
// restarted once more (restartCount + 1, running since `now`, ready) with lastState.terminated
// {reason OOMKilled, exitCode 137, startedAt = when it last started, finishedAt = now}. The
// patch carries the pod's resourceVersion, so a pod changed meanwhile answers 409 rather than
// losing that change. `now` is RFC3339 (2026-12-05T21:00:00Z). Returns (pod name, patch) pairs.
std::vector<std::pair<std::string, std::string>> oomKilledPatches(const std::string &podListJson,
                                                                  const std::string &now, std::string &error);
