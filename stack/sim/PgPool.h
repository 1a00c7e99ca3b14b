#pragma once

#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// A small Postgres connection pool the workload owns, so `database_connections` reports real
// numbers: open = connections established (including leaked ones), idle = open and waiting in
// the pool, max = the pool's cap. Thread-safe; connections are opened lazily, outside the lock.
class PgPool
{
public:
    PgPool(std::string conninfo, int maxConnections);
    ~PgPool();
    PgPool(const PgPool &) = delete;
    PgPool &operator=(const PgPool &) = delete;

    class Lease
    {
    public:
        Lease() = default;
        Lease(PgPool *pool, std::unique_ptr<pqxx::connection> conn)
            : m_pool(pool)
            , m_conn(std::move(conn))
        {}
        Lease(Lease &&other) noexcept = default;
        Lease &operator=(Lease &&other) noexcept;
        ~Lease();
        pqxx::connection &operator*() const { return *m_conn; }
        pqxx::connection *operator->() const { return m_conn.get(); }
        explicit operator bool() const { return bool(m_conn); }
        // The connection broke: close it instead of returning it to the pool.
        void discard();

    private:
        void giveBack();
        PgPool *m_pool = nullptr;
        std::unique_ptr<pqxx::connection> m_conn;
    };

    // Waits up to `timeout` for a free slot; throws std::runtime_error when none came.
    Lease acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // connection-leak: take one more connection and never give it back (until releaseLeaked).
    bool leakOne();
    void releaseLeaked();
    int leaked() const;

    int open() const;
    int idle() const;
    int max() const { return m_max; }

private:
    void giveBack(std::unique_ptr<pqxx::connection> conn, bool broken);

    const std::string m_conninfo;
    const int m_max;
    mutable std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    std::vector<std::unique_ptr<pqxx::connection>> m_leaked;
    int m_open = 0; // established or being established, counted against m_max
};
