#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace sagadeck {

// The read-only guarantee at the transport: every HTTP client of the console that can mutate
// something (Kubernetes, the orchestrator) sends through one of these. With readOnly set, any
// operation other than GET/HEAD (a custom verb counts as mutating unless it is GET or HEAD) is
// refused here, before a socket is touched: the reply finishes asynchronously with
// ContentOperationNotPermittedError and a message that says so.
//
// Threading: like any QNetworkAccessManager, use it on the thread that created it. The counters
// are process-wide atomics so a test can assert that no POST/PUT/PATCH/DELETE left the process.
class GuardedNetworkAccess : public QNetworkAccessManager
{
    Q_OBJECT
public:
    explicit GuardedNetworkAccess(bool readOnly, QObject *parent = nullptr);

    bool isReadOnly() const { return m_readOnly; }

    // True for everything but exactly GET and HEAD (custom verbs come from CustomVerbAttribute).
    static bool isMutating(Operation op, const QNetworkRequest &request);
    // The verb as it would go on the wire ("PATCH", "DELETE", ...).
    static QByteArray verbOf(Operation op, const QNetworkRequest &request);

    // Mutating requests handed to the network by any instance (read-write ones) in this process.
    static quint64 mutatingSent();
    // Mutating requests refused by read-only instances in this process.
    static quint64 mutatingRefused();

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    bool m_readOnly;
};

// The reply a read-only GuardedNetworkAccess returns for a mutating request: no bytes, an
// error, finished() on the next event loop turn (callers connect after get()/sendCustomRequest()).
class RefusedNetworkReply : public QNetworkReply
{
    Q_OBJECT
public:
    RefusedNetworkReply(QNetworkAccessManager::Operation op, const QNetworkRequest &request,
                        const QString &message, QObject *parent = nullptr);

    void abort() override {}
    qint64 bytesAvailable() const override { return 0; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
};

} // namespace sagadeck
