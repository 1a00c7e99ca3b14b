#pragma once

#include "Profile.h"
#include "TopicTail.h"

#include <QByteArrayList>
#include <QObject>
#include <QSet>

class QTimer;

namespace sagadeck {

// Reads the team's audit topic (kafka.audit_topic): every console's published audit records.
// Like the live tail it joins no group and commits nothing; it starts each partition at its
// last kBacklog records (the recent trail; the topic's retention keeps the rest) and then
// follows. It says it reads (problem("")) only once every partition's backlog is in, so a
// trail that says it is live is complete. It checks every few seconds that the topic still answers, so a reader cut off
// from Kafka says so rather than look like a quiet team.
//
// Threading: moveToThread() to a thread of its own; call the slots queued. It polls every 200 ms
// without blocking and emits what arrived in one batch.
class TeamTrailReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBacklog = 1000;

    explicit TeamTrailReader(const KafkaSettings &settings, QObject *parent = nullptr);
    ~TeamTrailReader() override;

public slots:
    void start();
    void stop();

signals:
    void recordsRead(const QByteArrayList &values);
    // Empty once it reads; else why it cannot (emitted when it changes).
    void problem(const QString &why);

private:
    bool open();
    void poll();
    void checkAlive();
    void say(const QString &why);

    KafkaSettings m_settings;
    TopicTail m_tail;
    QTimer *m_timer = nullptr;
    qint64 m_lastCheck = 0;
    QString m_problem = QStringLiteral("not started");
    bool m_said = false;
    QSet<int> m_atEnd;       // partitions whose backlog has been read
    bool m_caughtUp = false; // all of them: only then is the trail said to be live
};

} // namespace sagadeck
