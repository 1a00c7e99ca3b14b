#include "ChangeCursor.h"

#include <algorithm>

namespace sagadeck {

ChangeCursor::ChangeCursor()
    : ChangeCursor(Windows{})
{}

ChangeCursor::ChangeCursor(Windows windows)
    : m_windows(windows)
{}

qint64 ChangeCursor::earliestUnseen(const OpenTransactions &open) const
{
    qint64 t = open.dbNowUs;
    if (open.oldestStartUs)
        t = std::min(t, *open.oldestStartUs);
    if (open.hidden > 0)
        t = std::min(t, open.dbNowUs - m_windows.hiddenUs);
    // A transaction open longer than the rewind limit is not waited for.
    return std::max(t, open.dbNowUs - m_windows.maxRewindUs) - m_windows.slackUs;
}

void ChangeCursor::restart(const OpenTransactions &open)
{
    m_nextFromUs = earliestUnseen(open);
    m_resume = false;
    m_seen.clear();
}

qint64 ChangeCursor::readFromUs(const OpenTransactions &open)
{
    const qint64 earliest = earliestUnseen(open);
    if (m_resume) {
        m_nextFromUs = std::min(m_nextFromUs, earliest);
        return m_keyUs;
    }
    const qint64 from = m_nextFromUs;
    m_nextFromUs = earliest;
    // What was remembered below this pass's start cannot be read again.
    for (auto it = m_seen.begin(); it != m_seen.end();)
        it = it.value() < from ? m_seen.erase(it) : std::next(it);
    // (updated_at, id) > (from - 1 µs, nil): every row at or after `from`.
    m_keyUs = from - 1;
    m_keyId = QUuid();
    return from;
}

QVector<SagaRow> ChangeCursor::takeNew(const QVector<SagaRow> &rows)
{
    QVector<SagaRow> fresh;
    for (const SagaRow &row : rows) {
        auto it = m_seen.find(row.id);
        if (it != m_seen.end() && it.value() == row.updatedAtUs)
            continue; // re-read, unchanged
        m_seen.insert(row.id, row.updatedAtUs);
        fresh.append(row);
    }
    if (!rows.isEmpty()) {
        m_keyUs = rows.last().updatedAtUs;
        m_keyId = rows.last().id;
    }
    return fresh;
}

void ChangeCursor::finishPoll(bool complete)
{
    m_resume = !complete;
}

} // namespace sagadeck
