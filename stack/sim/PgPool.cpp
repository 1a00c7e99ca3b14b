#include "PgPool.h"

#include <stdexcept>

PgPool::PgPool(std::string conninfo, int maxConnections)
    : m_conninfo(std::move(conninfo))
    , m_max(maxConnections)
{}

PgPool::~PgPool()
{
    releaseLeaked();
    std::lock_guard lock(m_mutex);
    m_idle.clear();
}

PgPool::Lease &PgPool::Lease::operator=(Lease &&other) noexcept
{
    if (this != &other) {
        giveBack();
        m_pool = other.m_pool;
        m_conn = std::move(other.m_conn);
    }
    return *this;
}

PgPool::Lease::~Lease()
{
    giveBack();
}

void PgPool::Lease::discard()
{
    if (m_conn && m_pool)
        m_pool->giveBack(std::move(m_conn), true);
}

void PgPool::Lease::giveBack()
{
    if (m_conn && m_pool)
        m_pool->giveBack(std::move(m_conn), false);
}

PgPool::Lease PgPool::acquire(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (!m_freed.wait_for(lock, timeout, [this] { return !m_idle.empty() || m_open < m_max; }))
        throw std::runtime_error("no free database connection within the pool limit");
    if (!m_idle.empty()) {
        auto conn = std::move(m_idle.back());
        m_idle.pop_back();
        return Lease(this, std::move(conn));
    }
    ++m_open; // reserve the slot, connect without holding the lock
    lock.unlock();
    try {
        return Lease(this, std::make_unique<pqxx::connection>(m_conninfo));
    } catch (...) {
        lock.lock();
        --m_open;
        m_freed.notify_one();
        throw;
    }
}

void PgPool::giveBack(std::unique_ptr<pqxx::connection> conn, bool broken)
{
    std::lock_guard lock(m_mutex);
    if (broken || !conn->is_open()) {
        --m_open;
        conn.reset();
    } else {
        m_idle.push_back(std::move(conn));
    }
    m_freed.notify_one();
}

bool PgPool::leakOne()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_open >= m_max)
            return false;
        ++m_open;
    }
    try {
        auto conn = std::make_unique<pqxx::connection>(m_conninfo);
        std::lock_guard lock(m_mutex);
        m_leaked.push_back(std::move(conn));
        return true;
    } catch (const std::exception &) {
        std::lock_guard lock(m_mutex);
        --m_open;
        return false;
    }
}

void PgPool::releaseLeaked()
{
    std::vector<std::unique_ptr<pqxx::connection>> toClose;
    {
        std::lock_guard lock(m_mutex);
        toClose.swap(m_leaked);
        m_open -= int(toClose.size());
        m_freed.notify_all();
    }
    toClose.clear(); // disconnect outside the lock
}

int PgPool::leaked() const
{
    std::lock_guard lock(m_mutex);
    return int(m_leaked.size());
}

int PgPool::open() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

int PgPool::idle() const
{
    std::lock_guard lock(m_mutex);
    return int(m_idle.size());
}
