#pragma once

#include "AuditLog.h"

#include <QObject>

namespace sagadeck {

// AuditLog on a thread of its own, so the fsync never stalls the GUI.
//
// Threading: construct, moveToThread() to a thread of its own, call append() queued. Every
// append is answered by appended() carrying the record and an error text (empty = on disk).
// The pipeline sends an action's request only after its intent was answered without error.
class AuditWriter : public QObject
{
    Q_OBJECT
public:
    explicit AuditWriter(const QString &path, QObject *parent = nullptr);

    static void registerMetaTypes();

public slots:
    void append(const sagadeck::AuditRecord &record);

signals:
    void appended(const sagadeck::AuditRecord &record, const QString &error);
    // A permission fix or similar worth telling the operator about.
    void warning(const QString &text);

private:
    AuditLog m_log;
    int m_warningsSeen = 0;
};

} // namespace sagadeck
