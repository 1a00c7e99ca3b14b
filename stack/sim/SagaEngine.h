#pragma once

#include "SagaFlow.h"
#include "Scenario.h"
#include "StepSimulator.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

class EventPublisher;
class PgPool;
class ServiceLogs;
class SimMetrics;

// Runs saga flows: a creator thread starts new sagas at SimControl::rate, worker threads run
// each saga's steps (and its compensations on failure), writing every transition to Postgres
// and publishing it to Kafka. The REST API hands it retries and compensations. A saga queued
// or running here is "active": the API never touches it, and only inactive non-terminal
// sagas count as stuck. Thread-safe.
class SagaEngine
{
public:
    SagaEngine(PgPool &pool, EventPublisher &events, SimMetrics &metrics, ServiceLogs &logs, SimControl &control,
               uint64_t seed, int workers);
    ~SagaEngine();
    SagaEngine(const SagaEngine &) = delete;
    SagaEngine &operator=(const SagaEngine &) = delete;

    void start();
    // Stops creating, lets each worker finish the step it is in, abandons the rest (they stay
    // non-terminal in Postgres: stuck sagas an operator can compensate).
    void stop();

    // Marks a saga active; false if it already is.
    bool reserve(const std::string &id);
    void release(const std::string &id);
    bool isActive(const std::string &id) const;
    // Hand a reserved saga (already moved to IN_PROGRESS / COMPENSATING) to the workers.
    void submitRetry(const std::string &id, const std::string &sagaType);
    void submitCompensation(const std::string &id, const std::string &sagaType, bool countAsFailure);

    int inFlight() const;

private:
    enum class JobKind
    {
        New,
        Retry,
        Compensate
    };
    struct Job
    {
        JobKind kind = JobKind::New;
        std::string id;
        std::string sagaType;
        uint64_t rngSeed = 0;
        bool countAsFailure = true;
    };

    void createLoop();
    void workerLoop();
    void createOne(std::mt19937_64 &master);
    void enqueue(Job job);
    void runJob(const Job &job);
    void runForward(const Job &job, const SagaTypeDef &def, std::mt19937_64 &rng);
    // Returns false if abandoned because the engine is stopping.
    void compensate(const Job &job, const SagaTypeDef &def, const std::vector<StepDef> &plan, int seq,
                    const std::string &cause, std::mt19937_64 &rng, bool countAsFailure);
    void publish(const Job &job, const char *type, const std::string &step, const std::string &status);

    PgPool &m_pool;
    EventPublisher &m_events;
    SimMetrics &m_metrics;
    ServiceLogs &m_logs;
    SimControl &m_control;
    StepSimulator m_simulator;
    const uint64_t m_seed;
    const int m_workerCount;

    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    std::set<std::string> m_active;
    std::vector<std::thread> m_threads;
};
