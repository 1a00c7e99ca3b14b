#pragma once

// What the Kubernetes tests share: a KubeClient on a thread of its own, as the console runs it,
// and kubectl — the independent witness — with a given identity.
#include "KubeClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

namespace kubetest {

struct RunningClient
{
    sagadeck::KubeClient *client;
    QThread thread;
    RunningClient(const sagadeck::KubernetesSettings &s, bool readOnly, int refreshMs)
        : client(new sagadeck::KubeClient(s, readOnly))
    {
        client->setRefreshMs(refreshMs);
        client->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, client, &QObject::deleteLater);
        thread.start();
    }
    void start() { QMetaObject::invokeMethod(client, &sagadeck::KubeClient::start, Qt::QueuedConnection); }
    ~RunningClient()
    {
        QMetaObject::invokeMethod(client, &sagadeck::KubeClient::stop, Qt::QueuedConnection);
        thread.quit();
        thread.wait();
    }
};

// kubectl's output (stdout and stderr) in `ns` as the kubeconfig's identity; empty when it did
// not finish in two minutes.
inline QString kubectlText(const QString &kubeconfig, const QString &ns, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("kubectl"),
            QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("-n"), ns} + args);
    if (!p.waitForFinished(120000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

// `kubectl ... -o json`; an empty object (and a warning with kubectl's words) when it failed.
inline QJsonObject kubectlJson(const QString &kubeconfig, const QString &ns, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("kubectl"),
            QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("-n"), ns} + args
                + QStringList{QStringLiteral("-o"), QStringLiteral("json")});
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning("kubectl %s: %s", qPrintable(args.join(QLatin1Char(' '))), p.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace kubetest
