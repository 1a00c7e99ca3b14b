#include "StackInfo.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

StackInfo StackInfo::load()
{
    StackInfo info;
    const QString dir = qEnvironmentVariable("SAGADECK_STACK_DIR");
    if (dir.isEmpty()) {
        info.error = u"SAGADECK_STACK_DIR is not set"_s;
        return info;
    }
    QFile file(dir + u"/stack.json"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        info.error = file.fileName() + u": "_s + file.errorString();
        return info;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        info.error = file.fileName() + u": "_s + parseError.errorString();
        return info;
    }
    info.root = doc.object();
    return info;
}
