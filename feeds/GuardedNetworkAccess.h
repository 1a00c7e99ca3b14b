#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace sagadeck {

// The read-only guarantee at the transport: every HTTP request of the console (Kubernetes, the
// orchestrator, Prometheus: all go through HttpTransport, which owns one of these) is sent
// through one. With readOnly set, any operation other than GET/HEAD (a custom verb counts as
// mutating unless it is GET or HEAD) is refused here, before a socket is touched: the reply
// finishes asynchronously with ContentOperationNotPermittedError and a message that says so.
//
// The one exception is explicit and narrow: an instance may allow form POSTs to exact endpoints
// that are reads (Prometheus' /api/v1/query and /api/v1/query_range take a long query as a
// form body). Such a POST passes even a read-only instance and is counted in readPostsSent(),
// never in mutatingSent(); any other POST, and a POST of any other content type to those
// endpoints, is mutating as always.
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

    // Allows `POST endpoint` with Content-Type application/x-www-form-urlencoded as a read.
    // The endpoint is compared with the request's URL without query, fragment and user info:
    // scheme, host, port and path must be equal. Call before the first request.
    void allowReadByFormPost(const QUrl &endpoint);
    // True for exactly such a POST to an allowed endpoint of this instance.
    bool isAllowedReadPost(Operation op, const QNetworkRequest &request) const;

    // Mutating requests handed to the network by any instance (read-write ones) in this process.
    static quint64 mutatingSent();
    // Mutating requests refused by read-only instances in this process.
    static quint64 mutatingRefused();
    // Form POSTs sent as reads through an allowance (allowReadByFormPost) in this process.
    static quint64 readPostsSent();

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    bool m_readOnly;
    QList<QUrl> m_readPostEndpoints;
};

// The reply a read-only GuardedNetworkAccess returns for a mutating request: no bytes, an
// error, finished() on the next event loop turn (callers connect after get()/sendCustomRequest()).
class RefusedNetworkReply : public QNetworkReply
{
    Q_OBJECT
public:
    RefusedNetworkReply(QNetworkAccessManager::Operation op, const QNetworkRequest &request, const QString &message,
                        QObject *parent = nullptr);

    void abort() override {}
    qint64 bytesAvailable() const override { return 0; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
};

} // namespace sagadeck
