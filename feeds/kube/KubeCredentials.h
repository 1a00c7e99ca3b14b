#pragma once

#include "KubeTarget.h"

#include <QDateTime>
#include <QSslCertificate>
#include <QSslKey>

#include <functional>

namespace sagadeck {

// What one request carries to prove who it is.
struct KubeCredential
{
    QByteArray bearerToken;            // "Authorization: Bearer ..." when not empty
    QSslCertificate clientCertificate; // TLS client authentication when not null
    QSslKey clientKey;
    QString error; // plain text; the request must not be sent when set

    bool ok() const { return error.isEmpty(); }
};

// Resolves a kubeconfig user's credential for each request, the way client-go does:
// a static token; a tokenFile re-read when it changes (client-go re-reads it every minute);
// a client certificate and key (data or files); an exec plugin run with QProcess, its
// ExecCredential cached until shortly before status.expirationTimestamp (or until invalidate(),
// which the client calls on a 401).
//
// Threading: not thread-safe; lives on the KubeClient's thread. current() may block for up to
// the exec timeout (10 s) while a plugin runs: that thread is never the GUI thread.
class KubeCredentials
{
public:
    explicit KubeCredentials(const KubeTarget &target);

    KubeCredential current();
    // The server rejected the credential (401): run the plugin / re-read the file next time.
    void invalidate();

    // How many times the exec plugin has been started (for tests).
    int execRuns() const { return m_execRuns; }

    // Tests shift the clock and shorten waits; defaults: the real UTC clock, 10 s, 10 s.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void setExecTimeoutMs(int ms) { m_execTimeoutMs = ms; }
    void setRefreshMarginS(int s) { m_refreshMarginS = s; }

    // The JSON put into $KUBERNETES_EXEC_INFO, as client-go builds it.
    static QByteArray execInfo(const KubeTarget &target);
    // Parses a plugin's stdout; `error` is plain text naming the plugin.
    static KubeCredential parseExecCredential(const QByteArray &json, const QString &apiVersion, const QString &command,
                                              QDateTime *expiry);

private:
    KubeCredential runExec();
    KubeCredential tokenFromFile();
    bool loadClientCertificate(KubeCredential *c) const;

    KubeTarget m_target;
    std::function<QDateTime()> m_clock;
    int m_execTimeoutMs = 10000;
    int m_refreshMarginS = 10;
    int m_execRuns = 0;

    // exec cache
    bool m_execCached = false;
    KubeCredential m_execCredential;
    QDateTime m_execExpiry; // invalid: no expiry, cached until invalidate()

    // tokenFile cache
    QDateTime m_tokenFileModified;
    qint64 m_tokenFileSize = -1;
    QByteArray m_tokenFromFile;
};

// A PEM private key of any algorithm Qt knows (RSA, EC, DSA); null when none fits.
QSslKey readPrivateKeyPem(const QByteArray &pem);

} // namespace sagadeck
