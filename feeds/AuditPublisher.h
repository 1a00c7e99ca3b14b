#pragma once

#include "AuditOutbox.h"
#include "Profile.h"
#include "RdKafka.h"

#include <QLockFile>
#include <QObject>

#include <memory>

class QTimer;

namespace sagadeck {

// Publishes this user's audit records of one profile to the team's audit topic
// (kafka.audit_topic), from the local audit log: the outbox. The log stays the source of truth
// (an intent is fsynced there before its request leaves); this follows it and sends every new
// line, keyed by its ActionId, with an idempotent producer that never gives up on a message,
// so records written while Kafka is away are published when it is back, and a retry inside
// one run writes nothing twice. What the topic acknowledged is kept as a byte offset in
// `cursorPath`; lines past it are sent again after a crash (at-least-once).
//
// One publisher per user and profile: the first console (or `sagadeck act`) to take the lock
// `cursorPath`.lock publishes for all of them; the others say who does.
//
// Threading: moveToThread() to a thread of its own; call the slots queued. Emits status()
// whenever the number of waiting records or the reason changes.
class AuditPublisher : public QObject
{
    Q_OBJECT
public:
    AuditPublisher(const KafkaSettings &settings, const QString &auditLogPath, const QString &cursorPath,
                   const QString &profile, QObject *parent = nullptr);
    ~AuditPublisher() override;

public slots:
    void start();
    void stop();
    // The audit log grew (the writer appended): publish now rather than at the next tick.
    void publishNow();

signals:
    // `waiting`: records in the log not yet acknowledged by the topic (-1: not known, another
    // process publishes); `problem`: why they wait, empty when nothing is wrong.
    void status(int waiting, const QString &problem);

private:
    void tick();
    bool holdLock();
    bool ensureProducer();
    void checkTopic();
    void readAndSend();
    void saveCursor();
    void report();
    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque);
    static void onError(rd_kafka_t *, int err, const char *reason, void *opaque);

    KafkaSettings m_settings;
    QString m_logPath;
    QString m_cursorPath;
    QLockFile m_lock;
    std::unique_ptr<AuditOutbox> m_outbox;
    rdk::Handle m_producer;
    QByteArray m_topic;
    bool m_topicChecked = false;
    qint64 m_lastTopicCheck = 0;
    bool m_rewind = false;
    qint64 m_savedCursor = -1;
    QString m_problem; // the last reason Kafka gave
    QString m_holder;  // who publishes instead of us
    int m_reportedWaiting = -2;
    QString m_reportedProblem;
    QTimer *m_timer = nullptr;
    QString m_profile;
};

} // namespace sagadeck
