#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

// Value types of the Prometheus HTTP API as the console uses them. Pure values: they cross
// from the PrometheusClient's thread to the GUI thread by copy.

namespace sagadeck {

struct PromPoint
{
    double t = 0; // seconds since the epoch
    double v = 0;

    friend bool operator==(const PromPoint &a, const PromPoint &b) { return a.t == b.t && a.v == b.v; }
};

struct PromSeries
{
    QMap<QString, QString> labels;
    QVector<PromPoint> points; // one for an instant vector, many for a matrix

    // "service=payment-service" style name from the labels (empty labels: "value").
    QString displayName() const;
};

// What one request asks: an instant query, a range query, or Prometheus' own alerts.
struct PromRequest
{
    enum class Kind
    {
        Instant,
        Range,
        Alerts
    };
    quint64 id = 0; // unique per client; answers carry it so late ones can be dropped
    Kind kind = Kind::Instant;
    QString tag; // who asked (chart id, rule name): routing only
    QString query;
    double start = 0; // range: aligned to step
    double end = 0;   // range: end; instant: evaluation time (0 = now)
    double step = 0;
    bool usePost = false; // long queries: form body instead of URL
};

// One Prometheus alert as /api/v1/alerts reports it.
struct PromAlert
{
    QString name;
    QString state;    // inactive | pending | firing
    QString activeAt; // RFC 3339 as sent
    double value = 0;
    QMap<QString, QString> labels;
};

// The parsed answer of one request. `error` empty means success.
struct PromAnswer
{
    PromRequest request;
    QString resultType; // matrix | vector | scalar | string | alerts
    QVector<PromSeries> series;
    QVector<PromAlert> alerts;
    QStringList warnings;
    QString errorType;     // Prometheus' errorType, or "transport"/"timeout"/"malformed"
    QString error;         // readable message: why there is no data
    bool reachable = true; // false: the server itself did not answer (feed is Down)
    qint64 elapsedMs = 0;

    bool ok() const { return error.isEmpty(); }
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::PromRequest)
Q_DECLARE_METATYPE(sagadeck::PromAnswer)
