#pragma once

#include "KafkaAdminTypes.h"
#include "Profile.h"
#include "RdKafka.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPair>
#include <QVector>

#include <vector>

namespace sagadeck {

// The Kafka repairs' client: reads a group and a topic for a preview or a read-back (members,
// committed offsets, log start and end, the offsets at a time), resets a group's committed
// offsets (AlterConsumerGroupOffsets) and adds partitions to a topic (CreatePartitions).
//
// Threading: construct on the GUI (or the CLI's main) thread, moveToThread() to a thread of its
// own ("kafka-admin") and call the slots through queued calls; every call is answered by exactly
// one signal, with values only. A call blocks this thread for at most kCallDeadlineMs.
//
// librdkafka 2.0.2: a request a group's coordinator answers (describe, list and alter offsets)
// must never time out inside librdkafka (confluentinc/librdkafka#4605, see KafkaFeed): its
// timeout is librdkafka's maximum and this client stops waiting on its own; a queue still owed
// answers is kept until they arrive, and when answers have been owed for kStrandedAfterMs the
// handle is built anew (which ends those requests). The handle is a consumer with a group it
// never joins (confluentinc/librdkafka#5040, see KafkaFeed), from feeds/KafkaClientConfig.
class KafkaAdminClient : public QObject
{
    Q_OBJECT
public:
    // `readOnly`: alterOffsets and createPartitions are refused before anything is sent.
    KafkaAdminClient(const KafkaSettings &settings, bool readOnly, QObject *parent = nullptr);
    ~KafkaAdminClient() override;

    static void registerMetaTypes();

    static constexpr int kCallDeadlineMs = 10000;
    static constexpr qint64 kStrandedAfterMs = 15000;

public slots:
    // Reads `topic`'s partitions (count, log start and end, and with atTimeMs >= 0 the first
    // offset whose timestamp is at or after it) and, with a group, the group's state, members and
    // committed offsets on the topic. Answered by groupRead().
    void readGroup(const QString &requestId, const QString &group, const QString &topic, qint64 atTimeMs);
    // Commits `offsets` (partition, offset) of `topic` for `group`. Answered by changeDone().
    void alterOffsets(const QString &requestId, const QString &group, const QString &topic,
                      const QVector<QPair<int, qint64>> &offsets);
    // Raises `topic`'s partition count to `total`. Answered by changeDone().
    void createPartitions(const QString &requestId, const QString &topic, int total);
    void stop();

signals:
    void groupRead(const sagadeck::KafkaGroupRead &read);
    void changeDone(const sagadeck::KafkaChangeResult &result);

private:
    bool ensureHandle(QString *error);
    // Whether a change may be sent: not in read-only, and with a client; else why not.
    bool mayChange(RequestOutcome *refusal);
    void destroyHandle();
    // Late answers on kept queues are taken; a queue owed answers for too long ends the handle.
    void drainRetired();
    void retire(rdk::Queue queue, int pending);
    rdk::Options options(rd_kafka_admin_op_t op, int timeoutMs);
    bool readGroupInto(const QString &group, const QString &topic, qint64 atTimeMs, KafkaGroupRead *out);
    QString plainKafkaError(rd_kafka_resp_err_t err, const QString &text) const;

    KafkaSettings m_settings;
    bool m_readOnly = false;
    rdk::Handle m_rk;
    struct Retired
    {
        rdk::Queue queue;
        int pending = 0;
        QElapsedTimer since;
    };
    std::vector<Retired> m_retired;
};

} // namespace sagadeck
