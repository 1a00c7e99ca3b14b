#pragma once

#include "Feed.h"
#include "KafkaSnapshot.h"
#include "Profile.h"
#include "RdKafka.h"

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QElapsedTimer>
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
// slots through queued connections. It owns two librdkafka handles: an admin client (a consumer
// handle that never joins its group: ListConsumerGroups, DescribeConsumerGroups,
// ListConsumerGroupOffsets, metadata) and
// a consumer handle that never joins a group, used only for log-end offsets (one batched
// ListOffsets request per broker via rd_kafka_offsets_for_times). Only values cross threads.
//
// Reconnecting is librdkafka's job; this feed only reports health (Down with the reason when
// a refresh fails, Live after one succeeds) and rebuilds both handles after a fatal error, or
// when a group's coordinator is gone or has moved (rebuildForCoordinators).
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
    // How often a group coordinator that was gone or had moved made the feed build its handles anew.
    int coordinatorRebuilds() const { return m_coordinatorRebuilds; }
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
    // Describes `groups` and reads their committed offsets into out->groups and `committed`. A
    // group whose coordinator does not answer in time keeps the reason; the refresh fails only
    // when no group could be described.
    bool fetchGroupDetails(const QStringList &groups, KafkaSnapshot *out, Committed *committed, QString *error);
    ConsumerGroupSnapshot describedGroup(rd_kafka_event_t *ev);
    void takeCommitted(rd_kafka_event_t *ev, Committed *committed);
    // A group's answer said its coordinator moved: the next refresh builds the handles anew.
    void noteCoordinatorError(rd_kafka_resp_err_t err);
    // The saga topic and every topic the groups read or have read.
    QSet<QString> topicsInScope(const KafkaSnapshot &snap, const Committed &committed);
    static void fillGroupPartitions(KafkaSnapshot *out, const Committed &committed);
    bool fetchLogEnds(KafkaSnapshot *out, QString *error);
    // What is left of the refresh's overall deadline, at most one request's timeout.
    int requestBudgetMs() const;
    // An admin request's options. withinRefresh: sent on m_queue and counted as owed.
    rdk::Options adminOptions(rd_kafka_admin_op_t op, bool withinRefresh = true);
    // The refresh is over: its queue goes, or waits in m_retired for the answers it is owed.
    void retireQueue();
    // Takes the late answers waiting on retired queues and lets go of those owed nothing more.
    void drainRetired();
    // Builds the handles anew when answers have been owed for kStrandedAfterMs (requests
    // stranded on a coordinator that is gone, see adminOptions) or a coordinator moved.
    void rebuildForCoordinators();

    KafkaSettings m_settings;
    rdk::Handle m_admin;
    rdk::Handle m_consumer;
    rdk::Queue m_queue;
    int m_queuePending = 0; // admin answers m_queue is still owed
    struct RetiredQueue
    {
        rdk::Queue queue;
        int pending = 0;
        QElapsedTimer since; // retired when
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
    int m_coordinatorRebuilds = 0;
    bool m_coordinatorMoved = false;
    QString m_lastFatal;
    QString m_lastClientError; // the last error librdkafka reported (all brokers down, ...)
};

} // namespace sagadeck
