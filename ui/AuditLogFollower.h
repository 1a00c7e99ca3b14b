#pragma once

#include "AuditLogReader.h"

#include <QFutureWatcher>
#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace sagadeck {

// Follows the audit log for a page that shows its records: reads it on a worker thread (never
// on the GUI thread), again whenever the file or its folder changes (debounced: an intent and
// its outcome come in a burst), and says when a read is done. The Audit page and the timeline both use it.
class AuditLogFollower : public QObject
{
    Q_OBJECT
public:
    explicit AuditLogFollower(const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    bool isReading() const { return m_reading.isRunning(); }

public slots:
    void reload();

signals:
    void loaded(const sagadeck::AuditReadResult &result);

private:
    void watchPaths();
    void finished();

    QString m_path;
    QFileSystemWatcher *m_watcher;
    QTimer *m_debounce;
    QFutureWatcher<AuditReadResult> m_reading;
    bool m_again = false;
};

} // namespace sagadeck
