#include "AuditLogReader.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace sagadeck {

AuditReadResult AuditLogReader::read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        AuditReadResult r;
        r.error = u"cannot read the audit log %1: %2"_s.arg(path, file.errorString());
        return r;
    }
    return parse(file.readAll(), QFileInfo(path).fileName());
}

AuditReadResult AuditLogReader::parse(const QByteArray &text, const QString &name)
{
    AuditReadResult r;
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        ++r.lines;
        const int number = i + 1;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            // A line cut short by a crash mid-write ends the file without a newline.
            const bool cut = i == lines.size() - 1;
            r.problems << u"%1:%2: skipped: %3%4"_s.arg(name).arg(number).arg(
                parseError.error != QJsonParseError::NoError ? parseError.errorString() : u"not a JSON object"_s,
                cut ? u" (the last line is incomplete)"_s : QString());
            continue;
        }
        QString why;
        const std::optional<AuditRecord> record = AuditRecord::fromJson(doc.object(), &why);
        if (!record) {
            r.problems << u"%1:%2: skipped: %3"_s.arg(name).arg(number).arg(why);
            continue;
        }
        r.records.append(*record);
    }
    return r;
}

} // namespace sagadeck
