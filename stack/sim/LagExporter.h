#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class SimMetrics;

// What kafka_exporter does in the real system (the runbook reads its :9308/metrics): every
// couple of seconds it asks the broker for each consumer group's committed offsets and each
// partition's log-end offset and exports the difference as `kafka_consumergroup_lag`. It uses
// its own client handles that never join a group, so it sees a group the way the broker does,
// also while that group's consumer is stopped.
class LagExporter
{
public:
    LagExporter(std::string bootstrap, std::string topic, std::vector<std::string> groups, SimMetrics &metrics,
                int intervalMs = 2000);
    ~LagExporter();
    LagExporter(const LagExporter &) = delete;
    LagExporter &operator=(const LagExporter &) = delete;

    void start();
    void stop();

private:
    void run();

    const std::string m_bootstrap;
    const std::string m_topic;
    const std::vector<std::string> m_groups;
    SimMetrics &m_metrics;
    const int m_intervalMs;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};
