#pragma once

#include "Scenario.h"

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

class PgPool;
class SimMetrics;

// The side effects of the resource scenarios, and the gauges that show them. Every 250 ms:
// - memory-growth: maps and touches 1 MiB more (4 MiB/s, up to 768 MiB) so the REAL resident
//   memory climbs; any other scenario unmaps it all again;
// - connection-leak: every 500 ms takes one more real Postgres connection from the pool and
//   never returns it, up to the pool's max minus a little headroom; others give them back;
// - updates database_connections and process_resident_memory_bytes.
class ScenarioEffects
{
public:
    ScenarioEffects(SimControl &control, PgPool &pool, SimMetrics &metrics);
    ~ScenarioEffects();
    ScenarioEffects(const ScenarioEffects &) = delete;
    ScenarioEffects &operator=(const ScenarioEffects &) = delete;

    void start();
    void stop();

    static double residentBytes(); // this process, from /proc/self/statm

private:
    void tick(int n);
    void releaseBallast();

    SimControl &m_control;
    PgPool &m_pool;
    SimMetrics &m_metrics;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::vector<void *> m_ballast; // 1 MiB anonymous mappings
};
