#pragma once

#include "Feed.h"
#include "Profile.h"
#include "SagaEvent.h"
#include "TopicTail.h"

#include <QVector>

class QTimer;

namespace sagadeck {

// The live tail of the saga topic: its last `backlog` events spread over the partitions, then
// following, through a TopicTail (no group, nothing committed), so the groups it watches
// never see it.
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
    void poll();

    KafkaSettings m_settings;
    int m_backlog;
    TopicTail m_tail;
    QTimer *m_timer = nullptr;
    QString m_problem;
};

} // namespace sagadeck
