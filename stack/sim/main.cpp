// saga-sim: the reference saga workload of sagadeck (docs/architecture.md §7). See SimConfig.h for the
// command line and stack/README.md for how `stack/stack up` runs it.
#include "ConsumerGroups.h"
#include "LagExporter.h"
#include "EventPublisher.h"
#include "KubeWatcher.h"
#include "OrchestratorApi.h"
#include "PgPool.h"
#include "PodResources.h"
#include "SagaEngine.h"
#include "ScenarioEffects.h"
#include "Schema.h"
#include "Seeder.h"
#include "ServiceLogs.h"
#include "SimConfig.h"
#include "SimMetrics.h"

#include <pqxx/pqxx>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <pthread.h>
#include <random>
#include <thread>

namespace {

constexpr int kPoolMax = 40;       // the stack's Postgres allows 100 connections
constexpr int kEngineWorkers = 16; // steps mostly sleep: enough to keep up at 5/s in a latency spike

// The database may still be starting (stack up starts us right after it): try for a while.
bool ensureSchema(const std::string &conninfo)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (true) {
        try {
            pqxx::connection conn(conninfo);
            Schema::ensure(conn);
            return true;
        } catch (const std::exception &e) {
            if (std::chrono::steady_clock::now() > deadline) {
                std::fprintf(stderr, "saga-sim: cannot prepare the database: %s\n", e.what());
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
}

int runWorkload(const SimConfig &cfg)
{
    // Block the stop signals in every thread we start; the main thread waits for them below.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    if (!ensureSchema(cfg.pgConninfo))
        return 1;
    SimControl control;
    control.scenario = cfg.scenario;
    control.rate = cfg.rate;
    control.oomAfterMib = cfg.oomAfterMib;
    const uint64_t seed = cfg.seedGiven ? cfg.seed : (uint64_t(std::random_device{}()) << 32 | std::random_device{}());

    try {
        PgPool pool(cfg.pgConninfo, kPoolMax);
        EventPublisher events(cfg.kafkaBootstrap, cfg.topic);
        std::unique_ptr<SimMetrics> metrics;
        try {
            metrics = std::make_unique<SimMetrics>(cfg.metricsPort);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "saga-sim: cannot serve metrics on 127.0.0.1:%d: %s\n", cfg.metricsPort, e.what());
            return 1;
        }
        // N orchestrator replicas share the group's work: N times the throughput of one.
        ConsumerGroups consumers(cfg.kafkaBootstrap, cfg.topic, [&control] {
            const int replicas = control.orchestratorReplicas.load();
            return replicas <= 0 ? -1 : orchestratorConsumerDelayMs(control.scenario.load()) / replicas;
        });
        LagExporter lagExporter(cfg.kafkaBootstrap, cfg.topic, ConsumerGroups::groupNames(), *metrics);
        ServiceLogs logs(cfg.logDir);
        std::string logError;
        if (!logs.start(logError)) {
            std::fprintf(stderr, "saga-sim: %s\n", logError.c_str());
            return 1;
        }
        SagaEngine engine(pool, events, *metrics, logs, control, seed, kEngineWorkers);
        PodUsage podUsage;                 // used on KubeWatcher's thread only (declared before it: outlives it)
        std::unique_ptr<KubeWatcher> kube; // made below; the OOM kill runs only once it exists
        ScenarioEffects effects(control, pool, *metrics, logs, [&kube, &consumers] {
            if (kube)
                kube->requestOomKill();
            consumers.restartOrchestrator(); // a new process reads again what was not committed
        });
        OrchestratorApi api(pool, engine, events, *metrics, control);
        if (!cfg.kubeServer.empty()) {
            kube = std::make_unique<KubeWatcher>(
                KubeTarget{cfg.kubeServer, cfg.kubeCa, cfg.kubeTokenFile, cfg.kubeNamespace, cfg.kubeDeployment},
                [&control, &consumers](const OrchestratorFollower::Reaction &r) {
                    if (r.replicas) {
                        control.orchestratorReplicas = *r.replicas;
                        std::fprintf(stderr, "saga-sim: orchestrator replicas %d\n", *r.replicas);
                    }
                    if (r.restart) {
                        const Scenario before = control.scenario.load();
                        if (scenarioAfterOrchestratorRestart(before) != before)
                            control.setScenario(scenarioAfterOrchestratorRestart(before));
                        consumers.restartOrchestrator();
                        std::fprintf(stderr, "saga-sim: orchestrator restarted (scenario %s -> %s)\n",
                                     scenarioName(before).c_str(), scenarioName(control.scenario.load()).c_str());
                    }
                },
                [&control, &logs](const std::string &image) {
                    const bool bad = paymentImageIsBad(image);
                    const bool wasBad = control.paymentImageBad.exchange(bad);
                    std::fprintf(stderr, "saga-sim: payment-service image %s%s\n", image.c_str(),
                                 bad ? " (broken: payment calls fail)" : "");
                    if (bad != wasBad)
                        logs.info("payment-service", "starting payment-service image=" + image);
                    // Rolled back: bad-deploy is over (set it again to roll out once more).
                    Scenario expected = Scenario::BadDeploy;
                    if (wasBad && !bad && control.scenario.compare_exchange_strong(expected, Scenario::Steady))
                        std::fprintf(stderr, "saga-sim: payment-service rolled back (scenario bad-deploy -> steady)\n");
                },
                // cAdvisor-like usage of every Running pod of the stack's Deployments (KubeWatcher's thread)
                [&metrics, &podUsage, ns = cfg.kubeNamespace](const std::string &podList) {
                    static const std::vector<std::string> deployments = {SimMetrics::kOrchestrator, "inventory-service",
                                                                         "payment-service", "notification-service"};
                    std::string error;
                    const auto containers = runningContainers(podList, deployments, error);
                    if (!error.empty()) {
                        std::fprintf(stderr, "saga-sim: kubernetes: pods: %s\n", error.c_str());
                        return;
                    }
                    metrics->setPodResources(ns,
                                             podUsage.update(containers, ScenarioEffects::clockSeconds(),
                                                             metrics->requestTotals(),
                                                             ScenarioEffects::residentBytes()));
                });
            api.setBadDeployRollOut([&kube](std::string &error) {
                return kube->rollOut("payment-service", "payment-service", kBadPaymentImage,
                                     std::string("saga-sim bad-deploy: payment-service ") + kBadPaymentImage, error);
            });
            std::string error;
            if (!kube->start(error)) {
                std::fprintf(stderr, "saga-sim: %s\n", error.c_str());
                return 1;
            }
            if (cfg.scenario == Scenario::BadDeploy
                && !kube->rollOut("payment-service", "payment-service", kBadPaymentImage,
                                  "saga-sim --scenario bad-deploy", error))
                std::fprintf(stderr, "saga-sim: bad-deploy: %s\n", error.c_str());
        }
        if (!api.start(cfg.apiPort)) {
            std::fprintf(stderr, "saga-sim: cannot listen on 127.0.0.1:%d (in use?)\n", cfg.apiPort);
            return 1;
        }
        effects.start();
        consumers.start();
        lagExporter.start();
        engine.start();
        std::fprintf(stderr,
                     "saga-sim: running, api 127.0.0.1:%d, metrics 127.0.0.1:%d, scenario %s, rate %g/s, seed %llu\n",
                     cfg.apiPort, cfg.metricsPort, scenarioName(cfg.scenario).c_str(), cfg.rate,
                     static_cast<unsigned long long>(seed));

        int sig = 0;
        sigwait(&stopSignals, &sig);
        std::fprintf(stderr, "saga-sim: signal %d, shutting down\n", sig);
        if (kube)
            kube->stop(); // no restart may arrive while shutting down
        api.stop();       // stop accepting requests
        engine.stop();    // in-flight sagas finish their current step; the rest stay stuck
        consumers.stop(); // final commits; the groups are left at once
        lagExporter.stop();
        events.close(10000); // deliver what was published
        effects.stop();      // give back leaked connections and ballast
        std::fprintf(stderr, "saga-sim: stopped (%lld events delivered, %lld failed)\n", events.delivered(),
                     events.failed());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "saga-sim: %s\n", e.what());
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
        std::fputs(SimConfig::usage().c_str(), stdout);
        return 0;
    }
    SimConfig cfg;
    std::string error;
    if (!SimConfig::parse(args, cfg, error)) {
        std::fprintf(stderr, "saga-sim: %s\n%s", error.c_str(), SimConfig::usage().c_str());
        return 2;
    }
    if (cfg.command == SimConfig::Command::Seed) {
        if (!ensureSchema(cfg.pgConninfo))
            return 1;
        return Seeder(cfg.pgConninfo, cfg.seedGiven ? cfg.seed : std::random_device{}()).run(cfg.sagas);
    }
    return runWorkload(cfg);
}
