#pragma once

#include "Backoff.h"
#include "FeedHealth.h"

#include <QObject>

namespace sagadeck {

// What every feed and client on a thread of its own is to the session that runs it
// (app/ConsoleSession): started, stopped and refreshed through these slots, its health
// reported through healthChanged(). Subclasses: PostgresFeed, SagaQueryWorker and
// InvestigationQueryWorker (PostgresQueryWorker), KafkaFeed, KafkaTail, PrometheusClient,
// OrchestratorClient, KubeClient.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call
// the slots through queued connections (QMetaObject::invokeMethod(feed, &Feed::stop, ...)).
//
// start() runs onStart() once (again only after a stop()); stop() always runs onStop(), so an
// on-demand worker that was never started still closes what it opened. Health: a feed reports
// through setHealth(), which emits only when something changed (every success moves
// lastSuccess, so progress is always seen). The query workers and the Kafka tail never report:
// their health is that of the feed they serve.
class Feed : public QObject
{
    Q_OBJECT
public:
    ~Feed() override;

    FeedKind kind() const { return m_health.feed; }
    // As last reported; read it on the feed's thread.
    const FeedHealth &health() const { return m_health; }

public slots:
    void start();
    void stop();
    // Asks now for what the feed otherwise fetches on its schedule (no-op where there is none).
    virtual void refresh() = 0;

signals:
    void healthChanged(const sagadeck::FeedHealth &health);

protected:
    explicit Feed(FeedKind kind, QObject *parent = nullptr);

    virtual void onStart() = 0;
    virtual void onStop() = 0;
    bool isRunning() const { return m_running; }

    void setHealth(FeedState state, const QString &reason, bool success);
    // How safely this feed's bytes travel, once it knows (reported with its health).
    void setTransport(const Transport &transport);
    // A success: Live, and the next failure backs off from the first step again.
    void reportLive();
    // A failure the feed will retry on its own: Down with the reason and " — retrying in …";
    // returns the delay (ms, jittered exponential backoff) after which to try again.
    int reportDownAndBackOff(const QString &reason);

private:
    FeedHealth m_health;
    Backoff m_backoff;
    bool m_running = false;
};

} // namespace sagadeck
