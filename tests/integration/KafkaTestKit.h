#pragma once

#include "StackInfo.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <librdkafka/rdkafka.h>

// What the Kafka page's integration tests arrange on the real broker, with librdkafka (topics,
// messages, commits) and Kafka's own tools from the stack's jars (the independent source).
// Every call is bounded; failures come back as false / empty with error() set.
class KafkaTestKit
{
public:
    explicit KafkaTestKit(const StackInfo &stack);
    QString error() const { return m_error; }
    QString bootstrap() const { return m_bootstrap; }

    bool createTopic(const QString &topic, int partitions);
    bool deleteTopic(const QString &topic);
    bool deleteGroup(const QString &group);
    // Produces `counts[p]` messages to each partition p; waits until all are acknowledged.
    bool produce(const QString &topic, const QMap<int, int> &counts);
    // Commits these offsets for `group` without joining it (the group stays Empty).
    bool commit(const QString &group, const QString &topic, const QMap<int, qint64> &offsets);

    // A member that joins `group` on `topic`, commits `offset` on each assigned partition and
    // then never commits again (while staying a member). Destroy with leave().
    rd_kafka_t *joinAndCommit(const QString &group, const QString &topic, qint64 offset, int partitions);
    static void leave(rd_kafka_t *member);

    // Kafka's own ConsumerGroupCommand (the main class of kafka-consumer-groups.sh).
    struct ToolRow
    {
        qint64 current = -1; // -1: "-" (no commit)
        qint64 logEnd = -1;
        qint64 lag = -1;
    };
    // Which of the broker's listeners the tool talks to: the plaintext one, or the SASL_SSL one
    // (SCRAM user and the stack's CA, from the stack's client properties file).
    enum class Listener
    {
        Plaintext,
        SaslSsl
    };
    // Per topic/partition ("topic:p") as the tool describes the group; empty on failure.
    QMap<QString, ToolRow> describe(const QString &group, Listener listener = Listener::Plaintext);
    bool runTool(const QStringList &args, QByteArray *out = nullptr, int timeoutMs = 60000,
                 Listener listener = Listener::Plaintext);
    // Another of Kafka's tools by its main class (org.apache.kafka.tools.TopicCommand: kafka-topics.sh).
    bool runToolClass(const QString &mainClass, const QStringList &args, QByteArray *out = nullptr,
                      int timeoutMs = 60000, Listener listener = Listener::Plaintext);

private:
    rd_kafka_t *admin();

    StackInfo m_stack;
    QString m_bootstrap;
    QString m_libs;
    QString m_error;
};
