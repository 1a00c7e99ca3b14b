#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// The four consumer groups of the contract (docs/architecture.md §1), each a librdkafka KafkaConsumer
// on its own thread, subscribed to the saga topic and committing offsets (auto-commit every
// second), so `kafka-consumer-groups --describe` shows real lag. The orchestrator group's
// consumer sleeps `orchestratorDelayMs()` per message: in slow-consumer its lag grows; a
// negative delay pauses it (the orchestrator is scaled to zero).
class ConsumerGroups
{
public:
    static const std::vector<std::string> &groupNames();

    ConsumerGroups(std::string bootstrap, std::string topic, std::function<int()> orchestratorDelayMs);
    ~ConsumerGroups();
    ConsumerGroups(const ConsumerGroups &) = delete;
    ConsumerGroups &operator=(const ConsumerGroups &) = delete;

    void start();
    // Closes every consumer: final commit, and the group is left at once (no session timeout).
    void stop();
    long long consumed(const std::string &group) const;
    // A restarted orchestrator: its consumer is closed and made anew, so what it had fetched
    // but not committed is dropped and read again from the committed offsets.
    void restartOrchestrator();

private:
    struct Worker
    {
        std::string group;
        std::atomic<long long> consumed{0};
        std::thread thread;
    };
    void run(Worker &w);
    // One consumer's life: subscribe, consume until `done()`, close (final commit, leave group).
    void consume(Worker &w, const std::function<bool()> &done);

    const std::string m_bootstrap;
    const std::string m_topic;
    const std::function<int()> m_orchestratorDelayMs;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_orchestratorRestarts{0};
    std::vector<std::unique_ptr<Worker>> m_workers;
};
