#include "KubeCredentials.h"

#include "BoundedFile.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace sagadeck {

QSslKey readPrivateKeyPem(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm alg : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, alg, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

KubeCredentials::KubeCredentials(const KubeTarget &target)
    : m_target(target)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

void KubeCredentials::invalidate()
{
    m_execCached = false;
    m_tokenFileSize = -1;
}

KubeCredential KubeCredentials::current()
{
    const KubeCredentialSpec &spec = m_target.credential;
    KubeCredential c;
    if (spec.hasExec) {
        const QDateTime now = m_clock();
        const bool fresh = m_execCached && (!m_execExpiry.isValid() || now.addSecs(m_refreshMarginS) < m_execExpiry);
        if (!fresh) {
            m_execCredential = runExec();
            m_execCached = m_execCredential.ok();
        }
        // An exec credential replaces the static ones only for what it provides (client-go).
        c = m_execCredential;
        if (!c.ok())
            return c;
    }
    if (c.bearerToken.isEmpty() && c.clientCertificate.isNull()) {
        if (!spec.tokenFile.isEmpty()) {
            c = tokenFromFile();
            if (!c.ok() && !spec.token.isEmpty()) {
                c = KubeCredential();
                c.bearerToken = spec.token; // the file is the refresh source; the token still works
            }
        } else if (!spec.token.isEmpty()) {
            c.bearerToken = spec.token;
        }
    }
    if (c.ok() && c.clientCertificate.isNull() && spec.hasClientCertificate() && !loadClientCertificate(&c))
        return c;
    return c;
}

KubeCredential KubeCredentials::tokenFromFile()
{
    KubeCredential c;
    const QString path = m_target.credential.tokenFile;
    const QFileInfo info(path);
    if (!info.exists()) {
        c.error = u"kubeconfig user '%1': tokenFile %2 does not exist"_s.arg(m_target.userName, path);
        return c;
    }
    if (info.lastModified() != m_tokenFileModified || info.size() != m_tokenFileSize) {
        const BoundedFile token = BoundedFile::read(path);
        if (!token.error.isEmpty()) {
            c.error = u"kubeconfig user '%1': tokenFile: %2"_s.arg(m_target.userName, token.error);
            return c;
        }
        m_tokenFromFile = token.data.trimmed();
        m_tokenFileModified = info.lastModified();
        m_tokenFileSize = info.size();
    }
    if (m_tokenFromFile.isEmpty())
        c.error = u"kubeconfig user '%1': tokenFile %2 is empty"_s.arg(m_target.userName, path);
    else
        c.bearerToken = m_tokenFromFile;
    return c;
}

bool KubeCredentials::loadClientCertificate(KubeCredential *c) const
{
    const KubeCredentialSpec &spec = m_target.credential;
    auto read = [&](const QString &file, const QByteArray &data, const QString &key, QByteArray *out) {
        if (!data.isEmpty()) {
            *out = data;
            return true;
        }
        const BoundedFile read = BoundedFile::read(file);
        if (!read.error.isEmpty()) {
            c->error = u"kubeconfig user '%1': %2: %3"_s.arg(m_target.userName, key, read.error);
            return false;
        }
        *out = read.data;
        return true;
    };
    QByteArray certPem, keyPem;
    if (!read(spec.clientCertificateFile, spec.clientCertificateData, u"client-certificate"_s, &certPem)
        || !read(spec.clientKeyFile, spec.clientKeyData, u"client-key"_s, &keyPem))
        return false;
    const auto certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.isEmpty()) {
        c->error = u"kubeconfig user '%1': client-certificate holds no PEM certificate"_s.arg(m_target.userName);
        return false;
    }
    const QSslKey key = readPrivateKeyPem(keyPem);
    if (key.isNull()) {
        c->error = u"kubeconfig user '%1': client-key holds no PEM private key Qt can read"_s.arg(m_target.userName);
        return false;
    }
    c->clientCertificate = certs.first();
    c->clientKey = key;
    return true;
}

QByteArray KubeCredentials::execInfo(const KubeTarget &target)
{
    QJsonObject spec{{u"interactive"_s, false}};
    if (target.credential.exec.provideClusterInfo) {
        QJsonObject cluster{{u"server"_s, target.server}};
        if (!target.caPem.isEmpty())
            cluster.insert(u"certificate-authority-data"_s, QString::fromLatin1(target.caPem.toBase64()));
        if (target.insecureSkipTlsVerify)
            cluster.insert(u"insecure-skip-tls-verify"_s, true);
        spec.insert(u"cluster"_s, cluster);
    }
    const QJsonObject info{
        {u"kind"_s, u"ExecCredential"_s}, {u"apiVersion"_s, target.credential.exec.apiVersion}, {u"spec"_s, spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

KubeCredential KubeCredentials::parseExecCredential(const QByteArray &json, const QString &apiVersion,
                                                    const QString &command, QDateTime *expiry)
{
    KubeCredential c;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    const QString who = u"exec plugin %1"_s.arg(command);
    if (!doc.isObject()) {
        c.error = u"%1 printed no ExecCredential JSON (%2)"_s.arg(
            who, pe.error != QJsonParseError::NoError ? pe.errorString() : u"not an object"_s);
        return c;
    }
    const QJsonObject o = doc.object();
    if (o.value(u"kind"_s).toString() != u"ExecCredential"_s) {
        c.error = u"%1 printed kind '%2', not ExecCredential"_s.arg(who, o.value(u"kind"_s).toString());
        return c;
    }
    if (o.value(u"apiVersion"_s).toString() != apiVersion) {
        c.error = u"%1 answered with apiVersion '%2', but the kubeconfig asks for '%3'"_s.arg(
            who, o.value(u"apiVersion"_s).toString(), apiVersion);
        return c;
    }
    const QJsonObject status = o.value(u"status"_s).toObject();
    if (status.isEmpty()) {
        c.error = who + u" printed an ExecCredential without status"_s;
        return c;
    }
    const QString exp = status.value(u"expirationTimestamp"_s).toString();
    *expiry = QDateTime();
    if (!exp.isEmpty()) {
        *expiry = QDateTime::fromString(exp, Qt::ISODateWithMs);
        if (!expiry->isValid()) {
            c.error = u"%1: status.expirationTimestamp '%2' is not an RFC 3339 time"_s.arg(who, exp);
            return c;
        }
    }
    const QString token = status.value(u"token"_s).toString();
    const QString certPem = status.value(u"clientCertificateData"_s).toString();
    const QString keyPem = status.value(u"clientKeyData"_s).toString();
    if (!certPem.isEmpty() || !keyPem.isEmpty()) {
        const auto certs = QSslCertificate::fromData(certPem.toUtf8(), QSsl::Pem);
        const QSslKey key = readPrivateKeyPem(keyPem.toUtf8());
        if (certs.isEmpty() || key.isNull()) {
            c.error = who + u": status.clientCertificateData and clientKeyData must both hold PEM"_s;
            return c;
        }
        c.clientCertificate = certs.first();
        c.clientKey = key;
    }
    c.bearerToken = token.toUtf8();
    if (c.bearerToken.isEmpty() && c.clientCertificate.isNull())
        c.error = who + u": status has neither token nor clientCertificateData/clientKeyData"_s;
    return c;
}

KubeCredential KubeCredentials::runExec()
{
    const KubeExecConfig &x = m_target.credential.exec;
    KubeCredential c;
    if (x.interactiveMode == u"Always"_s) {
        c.error =
            u"exec plugin %1 needs an interactive terminal (interactiveMode: Always), which the console does not have"_s
                .arg(x.command);
        return c;
    }
    if (x.apiVersion == u"client.authentication.k8s.io/v1"_s && x.interactiveMode.isEmpty()) {
        c.error = u"kubeconfig user '%1': exec.interactiveMode must be set for client.authentication.k8s.io/v1"_s.arg(
            m_target.userName);
        return c;
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &kv : x.env)
        env.insert(kv.first, kv.second);
    env.insert(u"KUBERNETES_EXEC_INFO"_s, QString::fromUtf8(execInfo(m_target)));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setInputChannelMode(QProcess::ManagedInputChannel);
    ++m_execRuns;
    p.start(x.command, x.args, QIODevice::ReadWrite);
    p.closeWriteChannel(); // not interactive: the plugin reads EOF on stdin
    const QString hint = x.installHint.isEmpty() ? QString() : u" — "_s + x.installHint.trimmed();
    if (!p.waitForStarted(m_execTimeoutMs)) {
        c.error = u"exec plugin %1 could not be started: %2%3"_s.arg(x.command, p.errorString(), hint);
        return c;
    }
    if (!p.waitForFinished(m_execTimeoutMs)) {
        p.kill();
        p.waitForFinished(1000);
        c.error = u"exec plugin %1 did not finish within %2 s"_s.arg(x.command).arg(m_execTimeoutMs / 1000.0);
        return c;
    }
    const QByteArray out = p.readAllStandardOutput();
    const QString err = QString::fromLocal8Bit(p.readAllStandardError()).trimmed().left(500);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        c.error = u"exec plugin %1 failed (exit code %2)%3"_s.arg(x.command)
                      .arg(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1)
                      .arg(err.isEmpty() ? QString() : u": "_s + err);
        return c;
    }
    return parseExecCredential(out, x.apiVersion, x.command, &m_execExpiry);
}

} // namespace sagadeck
