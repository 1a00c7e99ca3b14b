#pragma once

#include "Feed.h"
#include "HttpTransport.h"
#include "Profile.h"
#include "PromTypes.h"

#include <QElapsedTimer>

namespace sagadeck {

// The Prometheus feed: the HTTP API's query, query_range and alerts endpoints, nothing else.
// Read-only is a transport guarantee, whatever the profile: its HttpTransport is always
// read-only, and lets through only GETs and the form POSTs of exactly /api/v1/query and
// /api/v1/query_range (reads: PromRequest::usePost, for long queries), so no admin API
// (delete_series, snapshot, ...) can ever be called.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// start() and submit() through queued connections. The transport makes its network access on
// that thread. Signals carry values only.
//
// Every request has the transport's transfer timeout (no bytes for transferTimeoutMs), overall
// deadline (deadlineMs from sending) and body cap; it is sent once (no retries). The answer
// carries the request's id so the asker can drop late ones. When the server cannot be reached
// the feed is Down and further requests are answered at once with the reason until the backoff
// delay has passed; then one goes through as a probe.
class PrometheusClient : public Feed
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
    void submit(const sagadeck::PromRequest &request);
    // Nothing to do: what is asked, and when, is the models' business (they submit()).
    void refresh() override {}

signals:
    void answered(const sagadeck::PromAnswer &answer);

protected:
    void onStart() override;
    void onStop() override;

private:
    void finished(const PromRequest &request, const HttpResult &r);
    QByteArray authorization(QString *error) const;

    PrometheusSettings m_settings;
    HttpTransport *m_http;
    QString m_tlsError;
    qint64 m_retryAtMs = 0; // while Down: requests before this are answered at once
    QElapsedTimer m_uptime;
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
