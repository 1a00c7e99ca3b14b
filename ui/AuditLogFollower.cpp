#include "AuditLogFollower.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace sagadeck {

AuditLogFollower::AuditLogFollower(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_watcher(new QFileSystemWatcher(this))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(200);
    connect(m_debounce, &QTimer::timeout, this, &AuditLogFollower::reload);
    auto changed = [this] {
        watchPaths(); // the file (or its folder) may have been created since
        m_debounce->start();
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    connect(&m_reading, &QFutureWatcher<AuditReadResult>::finished, this, &AuditLogFollower::finished);
    watchPaths();
}

void AuditLogFollower::watchPaths()
{
    // The log, its folder, or the nearest folder that exists before the first action.
    QString dir = QFileInfo(m_path).absolutePath();
    while (!QFileInfo::exists(dir) && QFileInfo(dir).absolutePath() != dir)
        dir = QFileInfo(dir).absolutePath();
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    for (const QString &p : {dir, QFileInfo(m_path).absolutePath(), m_path})
        if (QFileInfo::exists(p) && !watched.contains(p))
            m_watcher->addPath(p);
}

void AuditLogFollower::reload()
{
    if (m_reading.isRunning()) {
        m_again = true; // once more when this read is done: it may have missed a line
        return;
    }
    const QString path = m_path;
    m_reading.setFuture(QtConcurrent::run([path] { return AuditLogReader::read(path); }));
}

void AuditLogFollower::finished()
{
    emit loaded(m_reading.result());
    if (m_again) {
        m_again = false;
        reload();
    }
}

} // namespace sagadeck
