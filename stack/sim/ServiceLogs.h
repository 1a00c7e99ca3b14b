#pragma once

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

// The services' container logs, as a kubelet keeps them (--log-dir, passed by stack/stack when
// Kubernetes is on; kwok serves them through the API server's pods/log, see
// stack/kube/kwok-stages.yaml): one file per Deployment, DIR/<service>.log, in the CRI log
// format kwok reads ("<RFC3339Nano> stdout|stderr F <message>"). Every message starts with its
// own RFC3339Nano timestamp and level, as the service would print it:
//   2026-12-05T21:00:00.123456789Z stdout F 2026-12-05T21:00:00.123456789Z INFO payment-service ...
// INFO goes to stdout, WARN and ERROR to stderr. A file over `maxBytes` is renamed to
// <service>.log.1 and started again (kwok, following with -f, reopens the new file on its
// creation). restart() is a container restart: the current file becomes <service>.previous.log
// (what `kubectl logs --previous` shows) and a new one begins. Thread-safe; without a folder
// every call does nothing.
class ServiceLogs
{
public:
    static constexpr size_t kDefaultMaxBytes = 4 * 1024 * 1024;

    explicit ServiceLogs(std::string dir = {}, size_t maxBytes = kDefaultMaxBytes);
    ~ServiceLogs();
    ServiceLogs(const ServiceLogs &) = delete;
    ServiceLogs &operator=(const ServiceLogs &) = delete;

    bool enabled() const { return !m_dir.empty(); }
    // Creates the folder; false (with `error`) if it cannot.
    bool start(std::string &error);

    void info(const std::string &service, const std::string &text) { write(service, "INFO", text); }
    void warn(const std::string &service, const std::string &text) { write(service, "WARN", text); }
    void error(const std::string &service, const std::string &text) { write(service, "ERROR", text); }
    void write(const std::string &service, const char *level, const std::string &text);
    void restart(const std::string &service);

    std::string path(const std::string &service) const;
    static std::string timestamp(std::chrono::system_clock::time_point t); // RFC3339Nano, UTC

private:
    FILE *file(const std::string &service); // with m_mutex held
    void reopen(const std::string &service, const std::string &moveTo);

    const std::string m_dir;
    const size_t m_maxBytes;
    std::mutex m_mutex;
    std::map<std::string, FILE *> m_files;
};
