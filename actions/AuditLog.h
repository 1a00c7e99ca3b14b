#pragma once

#include "AuditRecord.h"

#include <QString>
#include <QStringList>

namespace sagadeck {

// Appends audit records to one JSON-lines file (StatePaths::auditLogPath()).
//
// Each append opens the file O_APPEND (one write() per line, so concurrent consoles never
// interleave), fsyncs it and closes it again: an intent must be on disk before its request
// leaves, even if the process is killed a moment later. The folder is created 0700 and the file
// 0600; wider permissions found on either are narrowed and reported in warnings(). A file that
// is not a regular file or belongs to another user is refused.
//
// Blocking file I/O: use it from AuditWriter's thread (or a CLI without a GUI), never on the GUI
// thread. Not thread-safe; one instance per thread.
class AuditLog
{
public:
    explicit AuditLog(const QString &path);

    QString path() const { return m_path; }
    // False with `error` set when the record could not be made durable.
    bool append(const AuditRecord &record, QString *error);
    // Permission fixes made so far ("narrowed ... from 0644 to 0600").
    QStringList warnings() const { return m_warnings; }

private:
    bool prepareDirectory(QString *error);

    QString m_path;
    QStringList m_warnings;
};

} // namespace sagadeck
