#pragma once

#include "Feed.h"
#include "Profile.h"
#include "RdKafka.h"
#include "SagaEvent.h"

#include <QVector>

class QTimer;

namespace sagadeck {

// The live tail of the saga topic: a consumer that joins no group and commits nothing. It has
// no group.id at all and reads with librdkafka's legacy per-partition consume API, starting
// every partition at "high watermark minus N" (RD_KAFKA_OFFSET_TAIL), so the groups it
// watches never see it.
//
// Threading: like KafkaFeed — moveToThread() to its own thread and call the slots queued.
// It polls without blocking every 100 ms and emits at most one batch of parsed events per
// poll (coalesced), by value. It reports no health (the KafkaFeed does): failed() tells the page.
class KafkaTail : public Feed
{
    Q_OBJECT
public:
    explicit KafkaTail(const KafkaSettings &settings, int backlog = 200, QObject *parent = nullptr);
    ~KafkaTail() override;

public slots:
    // Polls now rather than at the next tick.
    void refresh() override;

signals:
    void eventsReady(const QVector<sagadeck::SagaEvent> &events);
    void failed(const QString &reason); // the tail cannot read; the page says so

protected:
    void onStart() override;
    void onStop() override;

private:
    bool open();
    void close();
    void poll();

    KafkaSettings m_settings;
    int m_backlog;
    rdk::Handle m_consumer;
    rd_kafka_topic_t *m_topic = nullptr;
    rd_kafka_queue_t *m_queue = nullptr;
    int m_partitions = 0;
    QTimer *m_timer = nullptr;
    QString m_problem;
};

} // namespace sagadeck
