#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace sagadeck {

// All or nothing (QSaveFile): no half-written export. The error text, empty on success.
QString writeFileAtomically(const QString &path, const QByteArray &bytes);

// Writes on a pool thread, never the GUI's; `done` runs on `context`'s thread with the error
// text (empty: written). Nothing is called when `context` is gone first.
void saveInBackground(QObject *context, const QString &path, const QByteArray &bytes,
                      std::function<void(const QString &error)> done);

} // namespace sagadeck
