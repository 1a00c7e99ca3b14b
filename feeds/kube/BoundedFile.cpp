#include "BoundedFile.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace sagadeck {

BoundedFile BoundedFile::read(const QString &path, qint64 maxBytes)
{
    BoundedFile out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = u"cannot read %1: %2"_s.arg(path, f.errorString());
        return out;
    }
    out.data = f.read(maxBytes + 1); // one byte more tells "exactly the limit" from "too big"
    if (out.data.size() > maxBytes) {
        out.data.clear();
        out.error = u"%1 is larger than %2 MiB"_s.arg(path).arg(double(maxBytes) / (1024 * 1024));
    }
    return out;
}

} // namespace sagadeck
