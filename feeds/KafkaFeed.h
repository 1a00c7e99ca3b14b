#pragma once

#include "Feed.h"
#include "KafkaSnapshot.h"
#include "Profile.h"
#include "RdKafka.h"

#include <QAtomicInt>
#include <QSet>

class QTimer;

namespace sagadeck {

// The Kafka feed: consumer groups, their committed offsets, log-end offsets and topic
// metadata, refreshed every refreshMs into one KafkaSnapshot.
//
// Threading: construct on the GUI thread, moveToThread() to a thread of its own, then call the
// slots through queued connections. It owns two librdkafka handles: an admin client (a producer
// handle: ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets, metadata) and
// a consumer handle that never joins a group, used only for log-end offsets (one batched
// ListOffsets request per broker via rd_kafka_offsets_for_times). Only values cross threads.
//
// Reconnecting is librdkafka's job; this feed only reports health (Down with the reason when
// a refresh fails, Live after one succeeds) and rebuilds both handles after a fatal error.
class KafkaFeed : public Feed
{
    Q_OBJECT
public:
    explicit KafkaFeed(const KafkaSettings &settings, QObject *parent = nullptr);
    ~KafkaFeed() override;

    static void registerMetaTypes();

    // One refresh, synchronously, on the calling thread (the feed's, or a benchmark's).
    // Returns false with `error` set when the brokers could not answer.
    bool refreshOnce(KafkaSnapshot *out, QString *error);

    // How often a fatal librdkafka error made the feed throw its handles away and build new
    // ones, and the last such error.
    int clientRebuilds() const { return m_rebuilds; }
    QString lastFatalError() const { return m_lastFatal; }
    // For tests: librdkafka's own rd_kafka_test_fatal_error() on the admin handle, the way a
    // real fatal error (e.g. a fenced producer id) would arrive. False when there is no handle.
    bool raiseFatalErrorForTest(const QString &reason);

public slots:
    void refresh() override;

signals:
    void snapshotReady(const sagadeck::KafkaSnapshot &snapshot);

protected:
    void onStart() override;
    void onStop() override;

private:
    bool ensureClients(QString *error);
    void destroyClients();
    static void onError(rd_kafka_t *rk, int err, const char *reason, void *opaque);

    bool fetchMetadata(KafkaSnapshot *out, QString *error);
    bool fetchGroups(QStringList *groups, QString *error);
    bool describeGroups(const QStringList &groups, KafkaSnapshot *out, QString *error);
    bool fetchCommitted(KafkaSnapshot *out, QString *error);
    bool fetchLogEnds(KafkaSnapshot *out, QString *error);
    // Waits on m_queue for `count` results of `type`; calls `take` on each. A result that failed
    // as a whole ends the wait with its error, unless `takeFailed` (then `take` judges it).
    bool await(int type, int count, const std::function<bool(rd_kafka_event_t *, QString *)> &take, QString *error,
               bool takeFailed = false);
    rdk::Options adminOptions(rd_kafka_admin_op_t op);

    KafkaSettings m_settings;
    rdk::Handle m_admin;
    rdk::Handle m_consumer;
    rdk::Queue m_queue;
    // The group listing, beside the refreshes (fetchGroups): its queue, whether a request is out,
    // and the last answer.
    rdk::Queue m_groupsQueue;
    bool m_groupsInFlight = false;
    bool m_groupsListed = false;
    QSet<QString> m_listedGroups;
    QTimer *m_timer = nullptr;
    QAtomicInt m_fatal; // set from librdkafka's callback: rebuild before the next refresh
    int m_rebuilds = 0;
    QString m_lastFatal;
    QString m_lastClientError; // the last error librdkafka reported (all brokers down, ...)
};

} // namespace sagadeck
