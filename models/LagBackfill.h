#pragma once

#include "FeedHealth.h"
#include "Profile.h"
#include "PromTypes.h"

#include <QObject>

class QTimer;

namespace sagadeck {

class KafkaLagStore;

// Fills the lag chart with what happened before the console started: one range query for the
// configured lag metric (kafka_exporter's kafka_consumergroup_lag), summed per group, merged
// into the store's history behind the console's own samples. Asked once, when Prometheus first
// answers; a failure is said and asked again later. No I/O: it emits requests the Prometheus
// client answers.
class LagBackfill : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Off,
        Waiting,
        Asked,
        Done,
        Failed
    };

    LagBackfill(KafkaLagStore *store, QObject *parent = nullptr);

    // A new profile: off when it names no lag metric or has no Prometheus.
    void configure(const KafkaSettings &kafka, const PrometheusSettings &prometheus, const SiteNames &names = {});
    void reset();

    State state() const { return m_state; }
    // For the page: where the chart's older part comes from, or why it does not.
    QString statusText() const { return m_status; }
    QString query() const;
    // The range request for the `spanS` seconds before `nowS`, `widthPx` columns wide.
    PromRequest request(double nowS, double spanS, int widthPx) const;

    static constexpr double kSpanS = 15 * 60; // what the lag chart shows
    // After a failed answer it asks again this much later (default 30 s).
    void setRetryIntervalMs(int ms);

public slots:
    void onPrometheusHealth(const sagadeck::FeedHealth &health);
    void applyAnswer(const sagadeck::PromAnswer &answer);

signals:
    void requested(const sagadeck::PromRequest &request);
    void statusChanged();

private:
    void ask();
    void setState(State state, const QString &status);

    KafkaLagStore *m_store;
    KafkaSettings m_kafka;
    SiteNames m_names;
    double m_scrapeIntervalS = 15;
    State m_state = State::Off;
    QString m_status;
    quint64 m_pendingId = 0;
    quint64 m_nextId = quint64(1) << 48; // apart from the dashboard's ids on the same client
    QTimer *m_retry;
};

} // namespace sagadeck
