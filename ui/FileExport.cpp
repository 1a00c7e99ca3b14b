#include "FileExport.h"

#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace sagadeck {

QString writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        return f.errorString();
    return {};
}

void saveInBackground(QObject *context, const QString &path, const QByteArray &bytes,
                      std::function<void(const QString &error)> done)
{
    auto *watcher = new QFutureWatcher<QString>(context);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, context, [watcher, done = std::move(done)] {
        const QString error = watcher->result();
        watcher->deleteLater();
        done(error);
    });
    watcher->setFuture(QtConcurrent::run(writeFileAtomically, path, bytes));
}

} // namespace sagadeck
