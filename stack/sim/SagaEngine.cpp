#include "SagaEngine.h"

#include "EventPublisher.h"
#include "Json.h"
#include "PgPool.h"
#include "SagaStore.h"
#include "ServiceLogs.h"
#include "SimMetrics.h"

#include <QJsonObject>

#include <chrono>
#include <cstdio>

using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxQueue = 500; // backpressure: a stalled engine stops creating

// A version-4 UUID from the generator, so --seed repeats the same ids.
std::string makeUuid(std::mt19937_64 &rng)
{
    uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32), unsigned((hi >> 16) & 0xffff),
                  unsigned(hi & 0xffff), unsigned(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    return buf;
}

} // namespace

SagaEngine::SagaEngine(PgPool &pool, EventPublisher &events, SimMetrics &metrics, ServiceLogs &logs,
                       SimControl &control, uint64_t seed, int workers)
    : m_pool(pool)
    , m_events(events)
    , m_metrics(metrics)
    , m_logs(logs)
    , m_control(control)
    , m_simulator(metrics, logs)
    , m_seed(seed)
    , m_workerCount(workers)
{}

SagaEngine::~SagaEngine()
{
    stop();
}

void SagaEngine::start()
{
    m_threads.emplace_back([this] { createLoop(); });
    for (int i = 0; i < m_workerCount; ++i)
        m_threads.emplace_back([this] { workerLoop(); });
}

void SagaEngine::stop()
{
    m_stopping = true;
    m_wake.notify_all();
    for (std::thread &t : m_threads) {
        if (t.joinable())
            t.join();
    }
    m_threads.clear();
    std::lock_guard lock(m_mutex);
    if (!m_queue.empty())
        std::fprintf(stderr, "saga-sim: %zu queued saga(s) left unstarted\n", m_queue.size());
    m_queue.clear();
}

bool SagaEngine::reserve(const std::string &id)
{
    std::lock_guard lock(m_mutex);
    return m_active.insert(id).second;
}

void SagaEngine::release(const std::string &id)
{
    std::lock_guard lock(m_mutex);
    m_active.erase(id);
}

bool SagaEngine::isActive(const std::string &id) const
{
    std::lock_guard lock(m_mutex);
    return m_active.count(id) > 0;
}

int SagaEngine::inFlight() const
{
    std::lock_guard lock(m_mutex);
    return int(m_active.size());
}

void SagaEngine::submitRetry(const std::string &id, const std::string &sagaType)
{
    std::random_device rd;
    enqueue({JobKind::Retry, id, sagaType, (uint64_t(rd()) << 32) ^ rd(), true});
}

void SagaEngine::submitCompensation(const std::string &id, const std::string &sagaType, bool countAsFailure)
{
    enqueue({JobKind::Compensate, id, sagaType, 0, countAsFailure});
}

void SagaEngine::enqueue(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void SagaEngine::createLoop()
{
    std::mt19937_64 master(m_seed);
    auto next = Clock::now();
    while (!m_stopping.load()) {
        const double rate = m_control.rate.load();
        if (rate <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            next = Clock::now();
            continue;
        }
        const auto now = Clock::now();
        if (now < next) {
            std::this_thread::sleep_for(std::min<Clock::duration>(next - now, std::chrono::milliseconds(100)));
            continue;
        }
        next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
        if (next < now - std::chrono::seconds(1))
            next = now; // fell far behind (slow database): do not burst to catch up
        bool full = false;
        {
            std::lock_guard lock(m_mutex);
            full = m_queue.size() >= kMaxQueue;
        }
        if (full)
            continue;
        try {
            createOne(master);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "saga-sim: cannot start a saga: %s\n", e.what());
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
}

void SagaEngine::createOne(std::mt19937_64 &master)
{
    const std::vector<SagaTypeDef> &types = sagaTypes();
    const SagaTypeDef &def = (master() % 10 < 7) ? types[0] : types[1];
    Job job{JobKind::New, makeUuid(master), def.type, master(), true};
    // order_id: what a complaint names (a business key of the stack's profile, indexed).
    const QJsonObject payload{{QStringLiteral("customer_id"), int(master() % 100000)},
                              {QStringLiteral("order_id"),
                               QString(QStringLiteral("ORD-") + QString::fromStdString(job.id.substr(0, 8)).toUpper())},
                              {QStringLiteral("amount_cents"), int(500 + master() % 50000)},
                              {QStringLiteral("currency"), QStringLiteral("EUR")}};
    reserve(job.id);
    try {
        PgPool::Lease conn = m_pool.acquire();
        SagaStore::createSaga(*conn, job.id, job.sagaType, Json::compact(payload));
    } catch (...) {
        release(job.id);
        throw;
    }
    m_metrics.sagaCreated(job.sagaType);
    publish(job, "SAGA_STARTED", "", SagaStatus::Started);
    enqueue(std::move(job));
}

void SagaEngine::workerLoop()
{
    while (true) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping.load() || !m_queue.empty(); });
            if (m_stopping.load())
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        try {
            runJob(job);
        } catch (const std::exception &e) {
            // e.g. the database went away mid-saga: it stays non-terminal (stuck), as it would.
            std::fprintf(stderr, "saga-sim: saga %s abandoned: %s\n", job.id.c_str(), e.what());
        }
        release(job.id);
    }
}

void SagaEngine::runJob(const Job &job)
{
    const SagaTypeDef *def = findSagaType(job.sagaType);
    if (!def)
        return;
    std::mt19937_64 rng(job.rngSeed);
    if (job.kind != JobKind::Compensate) {
        runForward(job, *def, rng);
        return;
    }
    // Compensate a FAILED or stuck saga: undo what is still held, newest first.
    int seq = 0;
    std::vector<StepDef> plan;
    {
        PgPool::Lease conn = m_pool.acquire();
        SagaStore::timeOutRunningSteps(*conn, job.id);
        pqxx::read_transaction tx(*conn);
        plan = compensationPlan(*def, stepsStillHeld(*def, SagaStore::history(tx, job.id)));
        tx.commit();
        seq = SagaStore::nextSeq(*conn, job.id);
    }
    compensate(job, *def, plan, seq, "", rng, job.countAsFailure);
}

void SagaEngine::runForward(const Job &job, const SagaTypeDef &def, std::mt19937_64 &rng)
{
    int seq = 1;
    if (job.kind == JobKind::Retry) {
        PgPool::Lease conn = m_pool.acquire();
        seq = SagaStore::nextSeq(*conn, job.id);
    }
    std::vector<std::string> succeeded;
    for (const StepDef &step : def.steps) {
        if (m_stopping.load())
            return; // abandoned between steps: left IN_PROGRESS
        {
            PgPool::Lease conn = m_pool.acquire();
            SagaStore::beginStep(*conn, job.id, SagaStatus::InProgress, seq, step.step, "EXECUTE", step.service);
        }
        publish(job, "STEP_STARTED", step.step, SagaStatus::InProgress);
        const CallResult r = m_simulator.call(rng, m_control, step, false, job.id);
        {
            PgPool::Lease conn = m_pool.acquire();
            SagaStore::finishStep(*conn, job.id, seq, r.outcome, r.error);
        }
        ++seq;
        if (!r.ok) {
            publish(job, "STEP_FAILED", step.step, SagaStatus::InProgress);
            compensate(job, def, compensationPlan(def, succeeded), seq, r.error, rng, true);
            return;
        }
        publish(job, "STEP_SUCCEEDED", step.step, SagaStatus::InProgress);
        succeeded.push_back(step.step);
    }
    {
        PgPool::Lease conn = m_pool.acquire();
        SagaStore::setStatus(*conn, job.id, SagaStatus::Completed, "");
    }
    m_metrics.sagaCompleted(job.sagaType);
    m_logs.info("saga-orchestrator", "saga=" + job.id + " type=" + job.sagaType + " status=COMPLETED");
    publish(job, "SAGA_COMPLETED", "", SagaStatus::Completed);
}

void SagaEngine::compensate(const Job &job, const SagaTypeDef &, const std::vector<StepDef> &plan, int seq,
                            const std::string &cause, std::mt19937_64 &rng, bool countAsFailure)
{
    {
        PgPool::Lease conn = m_pool.acquire();
        SagaStore::setStatus(*conn, job.id, SagaStatus::Compensating, cause);
    }
    for (const StepDef &step : plan) {
        if (m_stopping.load())
            return; // left COMPENSATING: stuck
        {
            PgPool::Lease conn = m_pool.acquire();
            SagaStore::beginStep(*conn, job.id, SagaStatus::Compensating, seq, step.compensation, "COMPENSATE",
                                 step.service);
        }
        publish(job, "COMPENSATION_STARTED", step.compensation, SagaStatus::Compensating);
        const CallResult r = m_simulator.call(rng, m_control, step, true, job.id);
        {
            PgPool::Lease conn = m_pool.acquire();
            SagaStore::finishStep(*conn, job.id, seq, r.outcome, r.error);
        }
        ++seq;
        if (!r.ok) {
            publish(job, "STEP_FAILED", step.compensation, SagaStatus::Compensating);
            {
                PgPool::Lease conn = m_pool.acquire();
                SagaStore::setStatus(*conn, job.id, SagaStatus::Failed,
                                     "compensation " + step.compensation + " failed: " + r.error);
            }
            if (countAsFailure)
                m_metrics.sagaFailed(job.sagaType);
            m_logs.error("saga-orchestrator",
                         "saga=" + job.id + " type=" + job.sagaType + " status=FAILED step=" + step.compensation
                             + " error=\"" + r.error + "\"");
            publish(job, "SAGA_FAILED", step.compensation, SagaStatus::Failed);
            return;
        }
        publish(job, "STEP_SUCCEEDED", step.compensation, SagaStatus::Compensating);
    }
    {
        PgPool::Lease conn = m_pool.acquire();
        SagaStore::setStatus(*conn, job.id, SagaStatus::Compensated, "");
    }
    if (countAsFailure)
        m_metrics.sagaFailed(job.sagaType);
    m_metrics.sagaCompensated(job.sagaType);
    m_logs.warn("saga-orchestrator",
                "saga=" + job.id + " type=" + job.sagaType + " status=COMPENSATED"
                    + (cause.empty() ? std::string() : " cause=\"" + cause + "\""));
    publish(job, "SAGA_COMPENSATED", "", SagaStatus::Compensated);
}

void SagaEngine::publish(const Job &job, const char *type, const std::string &step, const std::string &status)
{
    m_events.publish(job.id, job.sagaType, type, step, status);
}
