#pragma once

#include "FaultHarness.h"

#include <QTemporaryDir>

#include <memory>

// The local stack seen through fault proxies: a profile whose Postgres, Prometheus,
// orchestrator and Kubernetes API addresses are faultproxy processes in front of the real
// servers (Kafka is not proxied: its brokers hand out their own addresses, so its faults are
// SIGSTOP and kill).
class ProxiedStack
{
public:
    ProxiedStack();

    QString error() const { return m_error; }
    QString profilePath() const { return m_dir.filePath(QStringLiteral("profiles.yaml")); }
    // "postgres", "prometheus", "orchestrator", "kubernetes".
    FaultProxy *proxy(const QString &feed) const;
    QStringList proxiedFeeds() const;

private:
    bool addProxy(const QString &feed, const QString &hostPort, QString *profile, const QString &from,
                  const QString &to);

    QTemporaryDir m_dir;
    QString m_error;
    std::map<QString, std::unique_ptr<FaultProxy>> m_proxies;
};
