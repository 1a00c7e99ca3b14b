#pragma once

#include <atomic>
#include <string>
#include <thread>

struct rd_kafka_s;
struct rd_kafka_message_s;

// Publishes saga events to the saga topic (docs/architecture.md §1): key = saga id, value = JSON
// {"saga_id","saga_type","type","step","status","at"}. Thread-safe (librdkafka's producer is);
// a background thread serves delivery reports.
class EventPublisher
{
public:
    EventPublisher(const std::string &bootstrap, std::string topic);
    ~EventPublisher();
    EventPublisher(const EventPublisher &) = delete;
    EventPublisher &operator=(const EventPublisher &) = delete;

    // `step` empty = null in the JSON. Returns false if the message could not be queued.
    bool publish(const std::string &sagaId, const std::string &sagaType, const std::string &type,
                 const std::string &step, const std::string &status);
    // Asks the broker for metadata: true when it answers (health check).
    bool reachable(int timeoutMs);
    // Waits for outstanding deliveries, then stops the report thread.
    void close(int timeoutMs);

    long long delivered() const { return m_delivered.load(); }
    long long failed() const { return m_failed.load(); }

private:
    static void onDelivery(rd_kafka_s *, const rd_kafka_message_s *msg, void *opaque);

    rd_kafka_s *m_rk = nullptr;
    std::string m_topic;
    std::atomic<bool> m_stop{false};
    std::atomic<long long> m_delivered{0};
    std::atomic<long long> m_failed{0};
    std::thread m_poller;
};
