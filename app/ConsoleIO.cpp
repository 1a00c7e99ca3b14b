#include "ConsoleIO.h"

#include <QByteArray>

namespace sagadeck {

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fprintf(stream, "%s%s", bytes.constData(), bytes.endsWith('\n') ? "" : "\n");
    std::fflush(stream);
}

QString readLineFrom(FILE *in)
{
    QByteArray line;
    char buf[512];
    while (std::fgets(buf, sizeof buf, in)) {
        line += buf;
        if (line.endsWith('\n'))
            break;
    }
    return QString::fromLocal8Bit(line).trimmed();
}

} // namespace sagadeck
