#include "ProxiedStack.h"

#include "StackInfo.h"

#include <QFile>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

ProxiedStack::ProxiedStack()
{
    const StackInfo stack = StackInfo::load();
    if (!stack.error.isEmpty()) {
        m_error = stack.error;
        return;
    }
    QString error;
    if (!StackInfo::writeProfile(profilePath(), &error)) {
        m_error = error;
        return;
    }
    QString profile = QString::fromUtf8(readAll(profilePath()));
    const QString pgPort = QString::number(stack.section(u"postgres"_s).value(u"port"_s).toInt());
    const QUrl prom(stack.string(u"prometheus"_s, u"url"_s));
    const QUrl sim(stack.string(u"sim"_s, u"api_url"_s));
    const QUrl kube(stack.string(u"kube"_s, u"server"_s));
    if (!addProxy(u"postgres"_s, u"127.0.0.1:"_s + pgPort, &profile, u"port="_s + pgPort, u"port=%1"_s)
        || !addProxy(u"prometheus"_s, u"127.0.0.1:%1"_s.arg(prom.port()), &profile, prom.toString(),
                     u"http://127.0.0.1:%1"_s)
        || !addProxy(u"orchestrator"_s, u"127.0.0.1:%1"_s.arg(sim.port()), &profile, sim.toString(),
                     u"http://127.0.0.1:%1"_s))
        return;
    // libpq looks the password up by host and port: the proxy's port needs its own line.
    const QString passfile = stack.string(u"postgres"_s, u"passfile"_s);
    QString pgpass = QString::fromUtf8(readAll(passfile));
    pgpass.replace(u"127.0.0.1:"_s + pgPort + u":"_s, u"127.0.0.1:*:"_s);
    const QString passCopy = m_dir.filePath(u"pgpass"_s);
    if (!writeAll(passCopy, pgpass.toUtf8())
        || !QFile::setPermissions(passCopy, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_error = u"cannot write "_s + passCopy;
        return;
    }
    profile.replace(passfile, passCopy);
    // The Kubernetes address lives in the kubeconfig: a copy points at the proxy (the API
    // server's certificate names 127.0.0.1, whatever the port, so TLS still verifies).
    const QString kubeconfig = stack.string(u"kube"_s, u"kubeconfig"_s);
    QString config = QString::fromUtf8(readAll(kubeconfig));
    const QString copy = m_dir.filePath(u"operator.kubeconfig"_s);
    if (!addProxy(u"kubernetes"_s, u"127.0.0.1:%1"_s.arg(kube.port()), &config, kube.toString(),
                  u"https://127.0.0.1:%1"_s))
        return;
    profile.replace(kubeconfig, copy);
    if (!writeAll(copy, config.toUtf8()) || !writeAll(profilePath(), profile.toUtf8()))
        m_error = u"cannot write the proxied profile in "_s + m_dir.path();
}

bool ProxiedStack::addProxy(const QString &feed, const QString &hostPort, QString *text, const QString &from,
                            const QString &to)
{
    const qsizetype colon = hostPort.lastIndexOf(u':');
    auto proxy = std::make_unique<FaultProxy>(hostPort.left(colon), quint16(hostPort.mid(colon + 1).toUInt()));
    if (!proxy->ok()) {
        m_error = feed + u": "_s + proxy->error();
        return false;
    }
    const QString fromText = from.endsWith(u'/') ? from.chopped(1) : from;
    if (!text->contains(fromText)) {
        m_error = u"%1: '%2' not found in the profile"_s.arg(feed, fromText);
        return false;
    }
    text->replace(fromText, to.arg(proxy->port()));
    m_proxies[feed] = std::move(proxy);
    return true;
}

FaultProxy *ProxiedStack::proxy(const QString &feed) const
{
    const auto it = m_proxies.find(feed);
    return it == m_proxies.end() ? nullptr : it->second.get();
}

QStringList ProxiedStack::proxiedFeeds() const
{
    QStringList feeds;
    for (const auto &[name, proxy] : m_proxies)
        feeds << name;
    return feeds;
}
