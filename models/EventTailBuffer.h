#pragma once

#include "SagaEvent.h"

#include <QVector>

namespace sagadeck {

// What the live tail filters on: a saga id fragment and/or an event type (both optional).
struct TailFilter
{
    QString sagaId; // case-insensitive substring of the saga id (or key)
    QString type;   // exact event type; empty: any

    bool isEmpty() const { return sagaId.isEmpty() && type.isEmpty(); }
    bool matches(const SagaEvent &e) const;
    friend bool operator==(const TailFilter &a, const TailFilter &b)
    {
        return a.sagaId == b.sagaId && a.type == b.type;
    }
};

// The newest `capacity` events of the tail, newest first. While paused, arriving events wait
// aside (capped the same way) so that the rows an operator reads do not move; resume() puts
// them in front.
class EventTailBuffer
{
public:
    explicit EventTailBuffer(int capacity = 500)
        : m_capacity(qMax(1, capacity))
    {}

    // `events` as consumed (oldest first). Returns how many were added in front (0 if paused).
    int append(const QVector<SagaEvent> &events);
    bool isPaused() const { return m_paused; }
    void pause() { m_paused = true; }
    // Returns how many waiting events were added in front.
    int resume();
    int waiting() const { return int(m_waiting.size()); }
    qint64 dropped() const { return m_dropped; }

    int capacity() const { return m_capacity; }
    const QVector<SagaEvent> &events() const { return m_events; } // newest first
    QVector<SagaEvent> matching(const TailFilter &filter) const;
    void clear();

private:
    void push(QVector<SagaEvent> &into, const QVector<SagaEvent> &oldestFirst);

    int m_capacity;
    bool m_paused = false;
    QVector<SagaEvent> m_events;
    QVector<SagaEvent> m_waiting; // oldest first
    qint64 m_dropped = 0;
};

} // namespace sagadeck
