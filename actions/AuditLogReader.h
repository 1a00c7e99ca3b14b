#pragma once

#include "AuditRecord.h"

#include <QStringList>
#include <QVector>

namespace sagadeck {

// The audit log read back, for the Audit page and tests. A malformed line is skipped and
// reported ("audit.jsonl:12: ..."); the lines around it are kept.
struct AuditReadResult
{
    QVector<AuditRecord> records; // in file order
    QStringList problems;         // one per skipped line, with its line number
    QString error;                // the file itself could not be read (a missing file is no error)
    int lines = 0;                // non-empty lines seen

    bool ok() const { return error.isEmpty(); }
};

class AuditLogReader
{
public:
    // Blocking file I/O: not on the GUI thread for a big log.
    static AuditReadResult read(const QString &path);
    // Pure: parses the text; `name` prefixes the problems.
    static AuditReadResult parse(const QByteArray &text, const QString &name);
};

} // namespace sagadeck
