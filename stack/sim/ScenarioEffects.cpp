#include "ScenarioEffects.h"

#include "PgPool.h"
#include "PodResources.h"
#include "ServiceLogs.h"
#include "SimMetrics.h"

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace {

constexpr size_t kChunk = 1 << 20;
constexpr size_t kMaxBallastChunks = size_t(kMaxMemoryGrowthMib) * (1 << 20) / kChunk;
constexpr int kLeakHeadroom = 4; // leave the workers a few connections: open/max still > 0.8
constexpr int kTickMs = 250;

} // namespace

ScenarioEffects::ScenarioEffects(SimControl &control, PgPool &pool, SimMetrics &metrics, ServiceLogs &logs,
                                 std::function<void()> onOomKill)
    : m_control(control)
    , m_pool(pool)
    , m_metrics(metrics)
    , m_logs(logs)
    , m_onOomKill(std::move(onOomKill))
{}

ScenarioEffects::~ScenarioEffects()
{
    stop();
}

void ScenarioEffects::start()
{
    m_thread = std::thread([this] {
        for (int n = 0; !m_stop.load(); ++n) {
            tick(n);
            std::this_thread::sleep_for(std::chrono::milliseconds(kTickMs));
        }
    });
}

void ScenarioEffects::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    releaseBallast();
    m_pool.releaseLeaked();
}

double ScenarioEffects::residentBytes()
{
    long pages = 0, resident = 0;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE));
}

void ScenarioEffects::releaseBallast()
{
    for (void *p : m_ballast)
        munmap(p, kChunk);
    m_ballast.clear();
}

void ScenarioEffects::tick(int n)
{
    const Scenario scenario = m_control.scenario.load();

    if (scenario == Scenario::MemoryGrowth) {
        if (m_ballast.size() < kMaxBallastChunks) {
            void *p = mmap(nullptr, kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p != MAP_FAILED) {
                std::memset(p, 0x5a, kChunk); // touch every page: resident, not just reserved
                m_ballast.push_back(p);
            }
        }
        const auto mib = [](double bytes) { return std::to_string(int(bytes / (1 << 20))); };
        const size_t oomAfterChunks = size_t(m_control.effectiveOomAfterMib()) * (1 << 20) / kChunk;
        if (oomAfterChunks > 0 && m_ballast.size() >= oomAfterChunks) {
            m_logs.error(SimMetrics::kOrchestrator,
                         "out of memory: heap " + mib(residentBytes())
                             + " MiB, container memory limit reached; killed (OOMKilled)");
            std::fprintf(stderr, "saga-sim: memory-growth: orchestrator OOMKilled after %zu MiB\n",
                         m_ballast.size() * kChunk / (1 << 20));
            if (m_onOomKill)
                m_onOomKill();
            m_logs.restart(SimMetrics::kOrchestrator);
            releaseBallast();
            m_logs.info(SimMetrics::kOrchestrator, "starting saga-orchestrator (restart after OOMKilled)");
        } else if (n % 20 == 0) {
            m_logs.warn(SimMetrics::kOrchestrator,
                        "heap usage " + mib(residentBytes()) + " MiB and growing; caches not released after GC");
        }
    } else if (!m_ballast.empty()) {
        releaseBallast();
    }
    if (scenario == Scenario::ConnectionLeak && n % 20 == 0)
        m_logs.warn(SimMetrics::kOrchestrator,
                    "database pool: " + std::to_string(m_pool.open()) + " of " + std::to_string(m_pool.max())
                        + " connections open, idle " + std::to_string(m_pool.idle()));

    if (scenario == Scenario::ConnectionLeak) {
        if (n % 2 == 0 && m_pool.open() < m_pool.max() - kLeakHeadroom)
            m_pool.leakOne();
    } else if (m_pool.leaked() > 0) {
        m_pool.releaseLeaked();
    }

    m_metrics.setDatabaseConnections(m_pool.open(), m_pool.idle(), m_pool.max());
    m_metrics.setResidentMemory(SimMetrics::kOrchestrator, residentBytes());
    // The step services are simulated inside this process and have no memory of their own:
    // their resident memory is a plausible modelled value (a base plus a slow wobble).
    for (const char *service : {"inventory-service", "payment-service", "notification-service"})
        m_metrics.setResidentMemory(service, modelledServiceMemoryBytes(service, clockSeconds()));
}

double ScenarioEffects::clockSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
