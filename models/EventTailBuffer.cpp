#include "EventTailBuffer.h"

namespace sagadeck {

bool TailFilter::matches(const SagaEvent &e) const
{
    if (!type.isEmpty() && e.type != type)
        return false;
    if (sagaId.isEmpty())
        return true;
    const QString id = e.sagaId.isNull() ? e.key : e.sagaId.toString(QUuid::WithoutBraces);
    return id.contains(sagaId.trimmed(), Qt::CaseInsensitive);
}

void EventTailBuffer::push(QVector<SagaEvent> &into, const QVector<SagaEvent> &oldestFirst)
{
    const qsizetype take = qMin<qsizetype>(oldestFirst.size(), m_capacity);
    m_dropped += oldestFirst.size() - take;
    QVector<SagaEvent> front;
    front.reserve(take + into.size());
    for (qsizetype i = oldestFirst.size() - 1; i >= oldestFirst.size() - take; --i)
        front.append(oldestFirst.at(i));
    front.append(into);
    if (front.size() > m_capacity) {
        m_dropped += front.size() - m_capacity;
        front.resize(m_capacity);
    }
    into = front;
}

int EventTailBuffer::append(const QVector<SagaEvent> &events)
{
    if (m_paused) {
        m_waiting.append(events);
        if (m_waiting.size() > m_capacity) {
            m_dropped += m_waiting.size() - m_capacity;
            m_waiting.remove(0, m_waiting.size() - m_capacity);
        }
        return 0;
    }
    push(m_events, events);
    return int(qMin<qsizetype>(events.size(), m_capacity));
}

int EventTailBuffer::resume()
{
    m_paused = false;
    const QVector<SagaEvent> waiting = m_waiting;
    m_waiting.clear();
    push(m_events, waiting);
    return int(waiting.size());
}

QVector<SagaEvent> EventTailBuffer::matching(const TailFilter &filter) const
{
    if (filter.isEmpty())
        return m_events;
    QVector<SagaEvent> out;
    for (const SagaEvent &e : m_events)
        if (filter.matches(e))
            out.append(e);
    return out;
}

void EventTailBuffer::clear()
{
    m_events.clear();
    m_waiting.clear();
}

} // namespace sagadeck
