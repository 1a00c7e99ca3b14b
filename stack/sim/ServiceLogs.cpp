#include "ServiceLogs.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>

ServiceLogs::ServiceLogs(std::string dir, size_t maxBytes)
    : m_dir(std::move(dir))
    , m_maxBytes(maxBytes)
{}

ServiceLogs::~ServiceLogs()
{
    for (auto &[name, f] : m_files)
        std::fclose(f);
}

bool ServiceLogs::start(std::string &error)
{
    if (!enabled())
        return true;
    if (::mkdir(m_dir.c_str(), 0755) != 0 && errno != EEXIST) {
        error = "--log-dir: cannot create '" + m_dir + "': " + std::strerror(errno);
        return false;
    }
    return true;
}

std::string ServiceLogs::path(const std::string &service) const
{
    return m_dir + "/" + service + ".log";
}

std::string ServiceLogs::timestamp(std::chrono::system_clock::time_point t)
{
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    const std::time_t secs = std::time_t(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[48];
    const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof buf - n, ".%09lldZ", static_cast<long long>(ns % 1000000000));
    return buf;
}

FILE *ServiceLogs::file(const std::string &service)
{
    auto it = m_files.find(service);
    if (it != m_files.end())
        return it->second;
    FILE *f = std::fopen(path(service).c_str(), "a");
    if (f)
        m_files.emplace(service, f);
    return f;
}

void ServiceLogs::reopen(const std::string &service, const std::string &moveTo)
{
    auto it = m_files.find(service);
    if (it != m_files.end()) {
        std::fclose(it->second);
        m_files.erase(it);
    }
    // Rename, then create anew: a follower sees the new file's creation and reopens it (an
    // in-place truncation would leave it reading past the end).
    std::rename(path(service).c_str(), moveTo.c_str());
    file(service);
}

void ServiceLogs::write(const std::string &service, const char *level, const std::string &text)
{
    if (!enabled())
        return;
    const std::string ts = timestamp(std::chrono::system_clock::now());
    const char *stream = std::strcmp(level, "INFO") == 0 ? "stdout" : "stderr";
    std::lock_guard lock(m_mutex);
    FILE *f = file(service);
    if (!f)
        return;
    std::fprintf(f, "%s %s F %s %s %s %s\n", ts.c_str(), stream, ts.c_str(), level, service.c_str(), text.c_str());
    std::fflush(f);
    if (std::ftell(f) > long(m_maxBytes))
        reopen(service, path(service) + ".1");
}

void ServiceLogs::restart(const std::string &service)
{
    if (!enabled())
        return;
    std::lock_guard lock(m_mutex);
    reopen(service, m_dir + "/" + service + ".previous.log");
}
