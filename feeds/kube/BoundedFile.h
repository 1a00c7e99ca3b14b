#pragma once

#include <QByteArray>
#include <QString>

namespace sagadeck {

// Reads a small file (a CA bundle, a token, a client certificate or key) whole, refusing one
// larger than maxBytes: such files are kilobytes, and a path that names a device (/dev/zero)
// or a log would otherwise be read until memory runs out. `error` is empty on success and
// names the file otherwise ("cannot read F: why", "F is larger than N MiB").
struct BoundedFile
{
    QByteArray data;
    QString error;

    static BoundedFile read(const QString &path, qint64 maxBytes = 4 * 1024 * 1024);
};

} // namespace sagadeck
