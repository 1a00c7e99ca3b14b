#include "LogBuffer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString timeText(const LogLine &l)
{
    return l.timeNs ? l.time().toString(Qt::ISODateWithMs) : QString();
}

bool earlier(const LogLine &a, const LogLine &b)
{
    return a.timeNs < b.timeNs;
}

} // namespace

LogBuffer::LogBuffer(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{}

int LogBuffer::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int LogBuffer::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogBuffer::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return u"Time (UTC)"_s;
    case Pod: return u"Pod"_s;
    case Line: return u"Line"_s;
    default: return {};
    }
}

QVariant LogBuffer::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const LogLine &l = m_lines.at(size_t(index.row()));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time: return timeText(l);
    case Pod: return l.previous ? l.pod + u" (previous)"_s : l.pod;
    case Line: return l.text;
    default: return {};
    }
}

quint64 LogBuffer::begin(const LogRequest &request)
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
    m_pending.clear();
    m_request = request;
    m_request.session = ++m_nextSession;
    m_active = true;
    m_received = 0;
    m_dropped = 0;
    m_streams.clear();
    emit statusChanged();
    return m_request.session;
}

void LogBuffer::end()
{
    m_active = false;
    emit statusChanged();
}

void LogBuffer::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused && !m_pending.empty()) {
        LogLines waiting(m_pending.begin(), m_pending.end());
        m_pending.clear();
        insert(std::move(waiting));
    }
    emit statusChanged();
}

void LogBuffer::append(quint64 session, const LogLines &lines)
{
    if (session != m_request.session || lines.isEmpty())
        return;
    m_received += lines.size();
    if (m_paused) {
        m_pending.insert(m_pending.end(), lines.begin(), lines.end());
        // Paused is bounded too: the oldest waiting lines go first.
        while (int(m_pending.size()) > m_capacity) {
            m_pending.pop_front();
            ++m_dropped;
        }
    } else {
        insert(lines);
    }
    emit statusChanged();
}

void LogBuffer::insert(LogLines lines)
{
    // Each pod's lines come in order; pods interleave. Sorted (stably), a batch that starts at
    // or after the newest line kept is one append; else each line goes to its place by time.
    std::stable_sort(lines.begin(), lines.end(), earlier);
    if (m_lines.empty() || !earlier(lines.first(), m_lines.back())) {
        const int first = int(m_lines.size());
        beginInsertRows({}, first, first + int(lines.size()) - 1);
        m_lines.insert(m_lines.end(), lines.begin(), lines.end());
        endInsertRows();
    } else {
        for (const LogLine &l : std::as_const(lines)) {
            const auto at = std::upper_bound(m_lines.begin(), m_lines.end(), l, earlier);
            const int row = int(at - m_lines.begin());
            beginInsertRows({}, row, row);
            m_lines.insert(at, l);
            endInsertRows();
        }
    }
    trim();
}

void LogBuffer::trim()
{
    const int over = int(m_lines.size()) - m_capacity;
    if (over <= 0)
        return;
    beginRemoveRows({}, 0, over - 1);
    m_lines.erase(m_lines.begin(), m_lines.begin() + over);
    endRemoveRows();
    m_dropped += over;
}

void LogBuffer::setStreamState(quint64 session, const QString &pod, const QString &state)
{
    if (session != m_request.session)
        return;
    m_streams.insert(pod, state);
    emit statusChanged();
}

QString LogBuffer::textOf(const QList<int> &rows) const
{
    QString out;
    for (int r : rows) {
        if (r < 0 || r >= rowCount())
            continue;
        const LogLine &l = m_lines.at(size_t(r));
        out += timeText(l) + u' ' + l.pod + (l.previous ? u" (previous)"_s : QString()) + u"  "_s + l.text + u'\n';
    }
    return out;
}

QString LogBuffer::statusText() const
{
    QStringList parts;
    parts << u"%1 lines kept (of %2 at most)"_s.arg(m_lines.size()).arg(m_capacity);
    if (m_dropped > 0)
        parts << u"%1 lines dropped"_s.arg(m_dropped);
    if (m_paused)
        parts << u"paused: %1 lines waiting"_s.arg(m_pending.size());
    QStringList following, other;
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it)
        (it.value() == u"following"_s ? following : other) << it.key() + u": "_s + it.value();
    if (!following.isEmpty())
        parts << u"following %1 pod%2"_s.arg(following.size()).arg(following.size() == 1 ? QString() : u"s"_s);
    parts += other;
    return parts.join(u" · "_s);
}

} // namespace sagadeck
