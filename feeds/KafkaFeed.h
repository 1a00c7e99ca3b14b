#pragma once

#include "Feed.h"
#include "KafkaSnapshot.h"
#include "Profile.h"
#include "RdKafka.h"

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QHash>
#include <QSet>

#include <map>
#include <vector>

class QTimer;

namespace sagadeck {

// The Kafka feed: consumer groups, their committed offsets, log-end offsets and topic
// metadata, refreshed every refreshMs into one KafkaSnapshot.
//
// Its scope is the profile's, so a console costs a big cluster next to nothing: the profile's
// consumer groups are described and their offsets read, and the snapshot's topics and log ends
// are those of their topics and the saga topic (the metadata answer is the cluster's, filtered). The cluster's other
// groups are listed and read only while the all-groups view is open (showAllGroups), one page of them at a time. A
// refresh has one overall deadline, whatever stage it is in.
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

    static constexpr int allGroupsPageSize = 50;

public slots:
    void refresh() override;
    // The all-groups view: also list the cluster's groups and read page `page` (0-based) of those
    // the profile does not name, sorted by name; a negative page closes the view.
    void showAllGroups(int page);

signals:
    void snapshotReady(const sagadeck::KafkaSnapshot &snapshot);

protected:
    void onStart() override;
    void onStop() override;

private:
    bool ensureClients(QString *error);
    void destroyClients();
    static void onError(rd_kafka_t *rk, int err, const char *reason, void *opaque);

    // What the groups have committed, per group, before the topics' metadata is known.
    struct Committed
    {
        QHash<QString, std::map<std::pair<QString, int>, qint64>> offsets;
        QHash<QString, QString> errors; // group: why its offsets could not be read
    };

    bool fetchMetadata(const QSet<QString> &topics, KafkaSnapshot *out, QString *error);
    bool fetchGroups(QStringList *groups, KafkaSnapshot *out, QString *error);
    bool describeGroups(const QStringList &groups, KafkaSnapshot *out, QString *error);
    bool fetchCommitted(KafkaSnapshot *out, Committed *committed, QString *error);
    // The saga topic and every topic the groups read or have read.
    QSet<QString> topicsInScope(const KafkaSnapshot &snap, const Committed &committed);
    static void fillGroupPartitions(KafkaSnapshot *out, const Committed &committed);
    bool fetchLogEnds(KafkaSnapshot *out, QString *error);
    // What is left of the refresh's overall deadline, at most one request's timeout.
    int requestBudgetMs() const;
    // Waits on m_queue for `count` results of `type`; calls `take` on each. A result that failed
    // as a whole ends the wait with its error, unless `takeFailed` (then `take` judges it).
    bool await(int type, int count, const std::function<bool(rd_kafka_event_t *, QString *)> &take, QString *error,
               bool takeFailed = false);
    // An admin request's options. withinRefresh: sent on m_queue, timing out inside the refresh's
    // deadline and counted as owed; else (the group listing's own queue) the full request timeout.
    rdk::Options adminOptions(rd_kafka_admin_op_t op, bool withinRefresh = true);
    // The refresh is over: its queue goes, or waits in m_retired for the answers it is owed.
    void retireQueue();
    // Takes the late answers of retired queues (waiting up to waitMs for each) and lets go of
    // the queues owed nothing more.
    void drainRetired(int waitMs);

    KafkaSettings m_settings;
    rdk::Handle m_admin;
    rdk::Handle m_consumer;
    rdk::Queue m_queue;
    int m_queuePending = 0; // admin answers m_queue is still owed
    struct RetiredQueue
    {
        rdk::Queue queue;
        int pending = 0;
    };
    std::vector<RetiredQueue> m_retired;
    // The group listing, beside the refreshes (fetchGroups): its queue, whether a request is out,
    // and the last answer.
    rdk::Queue m_groupsQueue;
    bool m_groupsInFlight = false;
    bool m_groupsListed = false;
    QSet<QString> m_listedGroups;
    QTimer *m_timer = nullptr;
    QDeadlineTimer m_deadline;     // the refresh's, set when it starts
    int m_allGroupsPage = -1;      // -1: the all-groups view is closed
    QSet<QString> m_scopeTopics;   // the saga topic and the groups' topics, as last seen
    QSet<QString> m_profileTopics; // every topic the profile's groups were seen to read
    QAtomicInt m_fatal;            // set from librdkafka's callback: rebuild before the next refresh
    int m_rebuilds = 0;
    QString m_lastFatal;
    QString m_lastClientError; // the last error librdkafka reported (all brokers down, ...)
};

} // namespace sagadeck
