#pragma once

#include "Scenario.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

class PgPool;
class ServiceLogs;
class SimMetrics;

// The side effects of the resource scenarios, and the gauges that show them. Every 250 ms:
// - memory-growth: maps and touches 1 MiB more (4 MiB/s, up to kMaxMemoryGrowthMib) so the REAL
//   resident memory climbs; any other scenario unmaps it all again. With an OOM limit
//   (SimControl::effectiveOomAfterMib: --oom-after-mib or the POST's oom_after_mib),
//   reaching it is an OOM kill: the orchestrator logs it, `onOomKill` runs (KubeWatcher marks
//   the pods' containers OOMKilled and restarted), its log starts again (the old one is the
//   --previous log) and the memory is given back, to grow again while the scenario lasts;
// - connection-leak: every 500 ms takes one more real Postgres connection from the pool and
//   never returns it, up to the pool's max minus a little headroom; others give them back;
// - updates database_connections and process_resident_memory_bytes.
class ScenarioEffects
{
public:
    ScenarioEffects(SimControl &control, PgPool &pool, SimMetrics &metrics, ServiceLogs &logs,
                    std::function<void()> onOomKill = {});
    ~ScenarioEffects();
    ScenarioEffects(const ScenarioEffects &) = delete;
    ScenarioEffects &operator=(const ScenarioEffects &) = delete;

    void start();
    void stop();

    static double residentBytes(); // this process, from /proc/self/statm
    static double clockSeconds();  // the modelled services' memory follows this (steady) clock

private:
    void tick(int n);
    void releaseBallast();

    SimControl &m_control;
    PgPool &m_pool;
    SimMetrics &m_metrics;
    ServiceLogs &m_logs;
    const std::function<void()> m_onOomKill;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::vector<void *> m_ballast; // 1 MiB anonymous mappings
};
