#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <map>

namespace sagadeck {

// Which lines of the local audit log (the outbox) the team's topic has acknowledged. The log
// stays the source of truth; what is published is tracked as a byte offset ("everything
// before it is on the topic"), which moves only over acknowledged lines, so a line is never
// skipped: after a crash the lines past the offset are sent again (at-least-once; readers
// drop repeats by ActionId and kind).
//
// Pure: unit-tested. AuditPublisher drives it on its thread.
class AuditOutbox
{
public:
    struct Line
    {
        qint64 end = 0;   // the offset just past the line: its acknowledgement handle
        QByteArray key;   // the ActionId
        QByteArray value; // the line as written (JSON, secrets already redacted)
    };

    AuditOutbox(const QString &profile, qint64 committed);

    // The offset to read from next.
    qint64 readOffset() const { return m_readOffset; }
    // Everything before it is acknowledged (what the cursor file keeps).
    qint64 committed() const { return m_committed; }
    // Read but not yet acknowledged lines of this profile.
    int waiting() const { return m_waiting; }

    // `bytes` read from readOffset(): the complete lines of this profile to publish. Lines of
    // other profiles and malformed ones need no acknowledgement (they are passed over); a
    // partial last line is left for the next read.
    QVector<Line> take(const QByteArray &bytes);
    void acknowledged(qint64 end);
    // Publishing failed in a way that loses what was in flight: read again from committed().
    void rewind();
    // The log got shorter than what was read (replaced or truncated): start over from 0.
    void restart();

private:
    void advance();

    QString m_profile;
    qint64 m_committed;
    qint64 m_readOffset;
    int m_waiting = 0;
    std::map<qint64, bool> m_sent; // end offset -> acknowledged, in log order
};

} // namespace sagadeck
