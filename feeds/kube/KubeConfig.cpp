#include "KubeConfig.h"

#include "BoundedFile.h"

#include <QDir>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A scalar's text, or empty when absent/null. Throws YAML exceptions for non-scalars.
QString text(const YAML::Node &map, const char *key)
{
    const YAML::Node n = map[key];
    if (!n || n.IsNull())
        return {};
    if (!n.IsScalar())
        throw std::runtime_error(std::string("key '") + key + "' is not a scalar");
    return qs(n.Scalar());
}

bool flag(const YAML::Node &map, const char *key)
{
    const YAML::Node n = map[key];
    if (!n || n.IsNull())
        return false;
    return n.as<bool>();
}

QString resolvePath(const QString &path, const QString &definingFile)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QFileInfo(definingFile).absoluteDir().filePath(path));
}

// base64 -> bytes; an error names the key.
QByteArray decoded(const QString &value, const QString &key, QString *error)
{
    const auto r = QByteArray::fromBase64Encoding(value.toLatin1().trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!r) {
        *error = u"%1 is not valid base64"_s.arg(key);
        return {};
    }
    return *r;
}

KubeConfig::Cluster readCluster(const YAML::Node &c, const QString &file, const QString &name)
{
    KubeConfig::Cluster out;
    out.file = file;
    const QString key = u"clusters[%1].cluster"_s.arg(name);
    try {
        out.server = text(c, "server");
        out.insecure = flag(c, "insecure-skip-tls-verify");
        out.caFile = resolvePath(text(c, "certificate-authority"), file);
        const QString data = text(c, "certificate-authority-data");
        if (!data.isEmpty()) {
            out.caPem = decoded(data, key + u".certificate-authority-data"_s, &out.error);
        } else if (!out.caFile.isEmpty()) {
            const BoundedFile ca = BoundedFile::read(out.caFile);
            out.caPem = ca.data;
            if (!ca.error.isEmpty())
                out.error = key + u".certificate-authority: "_s + ca.error;
        }
        if (out.error.isEmpty() && out.server.isEmpty())
            out.error = key + u".server is missing"_s;
    } catch (const std::exception &e) {
        const QString what = QString::fromUtf8(e.what());
        out.error = what.startsWith(key) ? what : u"%1: %2"_s.arg(key, what);
    }
    return out;
}

KubeExecConfig readExec(const YAML::Node &e, const QString &file, const QString &key)
{
    KubeExecConfig x;
    x.apiVersion = text(e, "apiVersion");
    x.command = text(e, "command");
    if (x.command.contains(u'/'))
        x.command = resolvePath(x.command, file);
    if (const YAML::Node args = e["args"]; args && args.IsSequence())
        for (const auto &a : args)
            x.args << qs(a.as<std::string>());
    if (const YAML::Node env = e["env"]; env && env.IsSequence())
        for (const auto &v : env)
            x.env.append({text(v, "name"), text(v, "value")});
    x.installHint = text(e, "installHint");
    x.interactiveMode = text(e, "interactiveMode");
    x.provideClusterInfo = flag(e, "provideClusterInfo");
    if (x.command.isEmpty())
        throw std::runtime_error(QString(key + u".exec.command is missing"_s).toStdString());
    if (x.apiVersion != u"client.authentication.k8s.io/v1"_s
        && x.apiVersion != u"client.authentication.k8s.io/v1beta1"_s)
        throw std::runtime_error(
            QString(key
                    + u".exec.apiVersion '%1' is not supported (client.authentication.k8s.io/v1 or v1beta1)"_s.arg(
                        x.apiVersion))
                .toStdString());
    return x;
}

KubeConfig::User readUser(const YAML::Node &u, const QString &file, const QString &name)
{
    KubeConfig::User out;
    out.file = file;
    const QString key = u"users[%1].user"_s.arg(name);
    KubeCredentialSpec &c = out.credential;
    try {
        c.token = text(u, "token").toUtf8();
        c.tokenFile = resolvePath(text(u, "tokenFile"), file);
        c.clientCertificateFile = resolvePath(text(u, "client-certificate"), file);
        c.clientKeyFile = resolvePath(text(u, "client-key"), file);
        if (const QString d = text(u, "client-certificate-data"); !d.isEmpty())
            c.clientCertificateData = decoded(d, key + u".client-certificate-data"_s, &out.error);
        if (const QString d = text(u, "client-key-data"); !d.isEmpty() && out.error.isEmpty())
            c.clientKeyData = decoded(d, key + u".client-key-data"_s, &out.error);
        if (const YAML::Node e = u["exec"]; e && !e.IsNull()) {
            c.hasExec = true;
            c.exec = readExec(e, file, key);
        }
        const bool hasKey = !c.clientKeyFile.isEmpty() || !c.clientKeyData.isEmpty();
        if (out.error.isEmpty() && c.hasClientCertificate() != hasKey)
            out.error = u"%1: client-certificate and client-key must be given together"_s.arg(key);
        if (out.error.isEmpty() && (!text(u, "username").isEmpty() || u["auth-provider"]))
            if (c.isEmpty())
                out.error = u"%1: only token, tokenFile, client certificates and exec plugins are supported"_s.arg(key);
    } catch (const std::exception &e) {
        const QString what = QString::fromUtf8(e.what());
        out.error = what.startsWith(key) ? what : u"%1: %2"_s.arg(key, what);
    }
    return out;
}

// Reads one file into `out`, keeping entries already defined (the first file wins).
bool mergeFile(const QString &file, const YAML::Node &root, QMap<QString, KubeConfig::Cluster> &clusters,
               QMap<QString, KubeConfig::User> &users, QMap<QString, KubeConfig::Context> &contexts,
               QString *currentContext, QString *currentContextFile, QString *error)
{
    if (!root || root.IsNull())
        return true; // an empty file is an empty config, as for kubectl
    if (!root.IsMap()) {
        *error = u"kubeconfig %1: the document is not a mapping"_s.arg(file);
        return false;
    }
    auto list = [&](const char *key, auto &&each) {
        const YAML::Node seq = root[key];
        if (!seq || seq.IsNull())
            return true;
        if (!seq.IsSequence()) {
            *error = u"kubeconfig %1: %2 is not a list"_s.arg(file, QString::fromLatin1(key));
            return false;
        }
        for (std::size_t i = 0; i < seq.size(); ++i) {
            const YAML::Node item = seq[i];
            const QString name = item.IsMap() ? text(item, "name") : QString();
            if (name.isEmpty()) {
                *error = u"kubeconfig %1: %2[%3] has no name"_s.arg(file, QString::fromLatin1(key)).arg(i);
                return false;
            }
            each(name, item);
        }
        return true;
    };
    const bool ok = list("clusters",
                         [&](const QString &name, const YAML::Node &item) {
                             if (!clusters.contains(name))
                                 clusters.insert(name, readCluster(item["cluster"], file, name));
                         })
        && list("users",
                [&](const QString &name, const YAML::Node &item) {
                    if (!users.contains(name))
                        users.insert(name, readUser(item["user"], file, name));
                })
        && list("contexts", [&](const QString &name, const YAML::Node &item) {
                        if (contexts.contains(name))
                            return;
                        const YAML::Node c = item["context"];
                        KubeConfig::Context ctx;
                        ctx.file = file;
                        if (c && c.IsMap()) {
                            ctx.cluster = text(c, "cluster");
                            ctx.user = text(c, "user");
                            ctx.ns = text(c, "namespace");
                        }
                        contexts.insert(name, ctx);
                    });
    if (!ok)
        return false;
    if (currentContext->isEmpty()) {
        *currentContext = text(root, "current-context");
        if (!currentContext->isEmpty())
            *currentContextFile = file;
    }
    return true;
}

} // namespace

KubeConfig KubeConfig::load(const QString &pathList, QString *error)
{
    KubeConfig cfg;
    const QStringList paths = pathList.split(u':', Qt::SkipEmptyParts);
    QStringList missing;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path)) {
            missing << path;
            continue; // kubectl skips a missing file in a list
        }
        // Embedded certificates make a kubeconfig hundreds of kilobytes, never 16 MiB.
        const BoundedFile file = BoundedFile::read(path, 16 * 1024 * 1024);
        if (!file.error.isEmpty()) {
            *error = u"kubeconfig: "_s + file.error;
            return {};
        }
        if (!cfg.merge(path, file.data, error))
            return {};
    }
    if (cfg.m_files.isEmpty()) {
        *error = paths.isEmpty() ? u"kubeconfig: no file given"_s
                                 : u"kubeconfig %1: no such file"_s.arg(missing.join(u", "_s));
        return {};
    }
    error->clear();
    return cfg;
}

KubeConfig KubeConfig::parse(const QByteArray &yaml, const QString &file, QString *error)
{
    KubeConfig cfg;
    if (!cfg.merge(file, yaml, error))
        return {};
    error->clear();
    return cfg;
}

bool KubeConfig::merge(const QString &file, const QByteArray &yaml, QString *error)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!mergeFile(file, root, m_clusters, m_users, m_contexts, &m_currentContext, &m_currentContextFile, error))
            return false;
    } catch (const YAML::Exception &e) {
        *error = u"kubeconfig %1: line %2, column %3: %4"_s.arg(file)
                     .arg(e.mark.line + 1)
                     .arg(e.mark.column + 1)
                     .arg(qs(e.msg));
        return false;
    } catch (const std::exception &e) {
        *error = u"kubeconfig %1: %2"_s.arg(file, QString::fromUtf8(e.what()));
        return false;
    }
    m_files << file;
    return true;
}

QString KubeConfig::where() const
{
    return m_files.join(u':');
}

KubeTarget KubeConfig::select(const QString &context, const QString &fallbackNamespace, QString *error) const
{
    const QString name = context.isEmpty() ? m_currentContext : context;
    if (name.isEmpty()) {
        *error = u"kubeconfig %1: no context given and current-context is not set; contexts: %2"_s.arg(
            where(), contextNames().join(u", "_s));
        return {};
    }
    const auto ctx = m_contexts.constFind(name);
    if (ctx == m_contexts.cend()) {
        const QString file = context.isEmpty() ? m_currentContextFile : where();
        *error = u"kubeconfig %1: context '%2' not found; contexts: %3"_s.arg(
            file, name, contextNames().isEmpty() ? u"(none)"_s : contextNames().join(u", "_s));
        return {};
    }
    const auto cluster = m_clusters.constFind(ctx->cluster);
    if (ctx->cluster.isEmpty() || cluster == m_clusters.cend()) {
        *error = u"kubeconfig %1: context '%2' names cluster '%3', which is not defined; clusters: %4"_s.arg(
            ctx->file, name, ctx->cluster, QStringList(m_clusters.keys()).join(u", "_s));
        return {};
    }
    if (!cluster->error.isEmpty()) {
        *error = u"kubeconfig %1: %2"_s.arg(cluster->file, cluster->error);
        return {};
    }
    KubeTarget t;
    if (!ctx->user.isEmpty()) {
        const auto user = m_users.constFind(ctx->user);
        if (user == m_users.cend()) {
            *error = u"kubeconfig %1: context '%2' names user '%3', which is not defined; users: %4"_s.arg(
                ctx->file, name, ctx->user, QStringList(m_users.keys()).join(u", "_s));
            return {};
        }
        if (!user->error.isEmpty()) {
            *error = u"kubeconfig %1: %2"_s.arg(user->file, user->error);
            return {};
        }
        t.credential = user->credential;
    }
    t.server = cluster->server;
    t.ns = ctx->ns.isEmpty() ? fallbackNamespace : ctx->ns;
    t.contextName = name;
    t.clusterName = ctx->cluster;
    t.userName = ctx->user;
    t.caPem = cluster->caPem;
    t.insecureSkipTlsVerify = cluster->insecure;
    t.sourceFiles = where();
    error->clear();
    return t;
}

} // namespace sagadeck
