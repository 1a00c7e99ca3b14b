#pragma once

#include "Backoff.h"
#include "FeedHealth.h"
#include "Profile.h"
#include "PromTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;
class QSslConfiguration;
class QTimer;

namespace sagadeck {

// The Prometheus feed: the HTTP API's query, query_range and alerts endpoints, nothing else
// (read-only is a transport guarantee: only these GETs and form POSTs ever leave it).
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and submit() through queued connections. The QNetworkAccessManager is created in
// start(), on that thread. Signals carry values only.
//
// Every request has a transfer timeout (no bytes for transferTimeoutMs) and an overall deadline
// (deadlineMs from sending); the answer carries the request's id so the asker can drop late
// ones. When the server cannot be reached the feed is Down and further requests are answered
// at once with the reason until the backoff delay has passed; then one goes through as a probe.
class PrometheusClient : public QObject
{
    Q_OBJECT
public:
    explicit PrometheusClient(const PrometheusSettings &settings, QObject *parent = nullptr);
    ~PrometheusClient() override;

    static void registerMetaTypes();

    // Defaults 10 s / 20 s; tests shorten them.
    void setTimeouts(int transferTimeoutMs, int deadlineMs);
    // Bodies above this are refused (an unbounded matrix must not exhaust memory).
    static constexpr qint64 maxBodyBytes = 256LL * 1024 * 1024;

public slots:
    void start();
    void stop();
    void submit(const sagadeck::PromRequest &request);

signals:
    void healthChanged(const sagadeck::FeedHealth &health);
    void answered(const sagadeck::PromAnswer &answer);

private:
    struct InFlight
    {
        PromRequest request;
        QTimer *deadline = nullptr;
        QElapsedTimer clock;
        bool timedOut = false;
    };

    void finished(QNetworkReply *reply);
    void setHealth(FeedState state, const QString &reason, bool success);
    QByteArray authorization(QString *error) const;
    void configureTls(QString *error);

    PrometheusSettings m_settings;
    QNetworkAccessManager *m_net = nullptr;
    QSslConfiguration *m_tls = nullptr;
    QString m_tlsError;
    QHash<QNetworkReply *, InFlight> m_inFlight;
    Backoff m_backoff;
    qint64 m_retryAtMs = 0;          // while Down: requests before this are answered at once
    QElapsedTimer m_uptime;
    FeedHealth m_health;
    int m_transferTimeoutMs = 10000;
    int m_deadlineMs = 20000;
    bool m_running = false;
};

// The URL and body of a request (exposed for tests): GET with a query string, or a form POST.
struct PromHttpRequest
{
    QByteArray method;
    QString url;
    QByteArray body;
};
PromHttpRequest buildPromHttpRequest(const QString &baseUrl, const PromRequest &request);

} // namespace sagadeck
