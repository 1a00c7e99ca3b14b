#include "AuditOutbox.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sagadeck {

AuditOutbox::AuditOutbox(const QString &profile, qint64 committed)
    : m_profile(profile)
    , m_committed(committed)
    , m_readOffset(committed)
{}

QVector<AuditOutbox::Line> AuditOutbox::take(const QByteArray &bytes)
{
    QVector<Line> out;
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = bytes.indexOf('\n', start);
        if (newline < 0)
            break;
        const QByteArray line = bytes.mid(start, newline - start);
        const qint64 end = m_readOffset + newline + 1;
        start = newline + 1;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString actionId = o.value(u"action_id"_s).toString();
        const bool ours = o.value(u"profile"_s).toString() == m_profile && !actionId.isEmpty();
        m_sent.emplace(end, !ours);
        if (ours) {
            out.append({end, actionId.toUtf8(), line});
            ++m_waiting;
        }
    }
    m_readOffset += start;
    advance();
    return out;
}

void AuditOutbox::acknowledged(qint64 end)
{
    auto it = m_sent.find(end);
    if (it == m_sent.end() || it->second)
        return;
    it->second = true;
    --m_waiting;
    advance();
}

void AuditOutbox::advance()
{
    while (!m_sent.empty() && m_sent.begin()->second) {
        m_committed = m_sent.begin()->first;
        m_sent.erase(m_sent.begin());
    }
}

void AuditOutbox::rewind()
{
    m_sent.clear();
    m_waiting = 0;
    m_readOffset = m_committed;
}

void AuditOutbox::restart()
{
    m_committed = 0;
    rewind();
}

} // namespace sagadeck
