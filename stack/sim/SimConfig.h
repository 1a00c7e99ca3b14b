#pragma once

#include "Scenario.h"

#include <cstdint>
#include <string>
#include <vector>

// The command line of saga-sim:
//   saga-sim run  --pg CONNINFO --kafka BOOTSTRAP [--topic saga-events] [--api-port 28080]
//                 [--metrics-port 29100] [--rate 5] [--seed N] [--scenario steady]
//                 [--kube-server URL --kube-ca FILE --kube-token-file FILE
//                  [--kube-namespace microservices] [--kube-deployment saga-orchestrator]
//                  [--oom-after-mib N]]
//                 [--log-dir DIR]
//   saga-sim seed --pg CONNINFO --sagas N [--seed N]
struct SimConfig
{
    enum class Command
    {
        Run,
        Seed
    };
    Command command = Command::Run;
    std::string pgConninfo;
    std::string kafkaBootstrap;
    std::string topic = "saga-events";
    int apiPort = 28080;
    int metricsPort = 29100;
    double rate = 5;   // new sagas per second
    uint64_t seed = 0; // 0 = random
    bool seedGiven = false;
    Scenario scenario = Scenario::Steady;
    long long sagas = 0; // seed: how many historical sagas
    // run: follow this Deployment in the stack's Kubernetes (empty server = don't)
    std::string kubeServer, kubeCa, kubeTokenFile;
    std::string kubeNamespace = "microservices";
    std::string kubeDeployment = "saga-orchestrator";
    // memory-growth: after this much growth the orchestrator's pods are OOMKilled (their
    // container status in Kubernetes) and the grown memory is given back; 0 = never.
    int oomAfterMib = 0;
    // the services' container logs (ServiceLogs); empty = none
    std::string logDir;

    // Parses argv (without the program name). On failure returns false and sets `error`.
    static bool parse(const std::vector<std::string> &args, SimConfig &out, std::string &error);
    static std::string usage();
};
