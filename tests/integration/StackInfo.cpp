#include "StackInfo.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcess>

using namespace Qt::StringLiterals;

bool StackInfo::writeProfile(const QString &path, QString *error)
{
    QProcess env;
    env.start(QStringLiteral(SAGADECK_SOURCE_DIR "/stack/stack"),
              {u"--dir"_s, qEnvironmentVariable("SAGADECK_STACK_DIR"), u"env"_s, u"--out"_s, path});
    if (!env.waitForFinished(30000) || env.exitStatus() != QProcess::NormalExit || env.exitCode() != 0) {
        *error = u"stack/stack env --out %1 failed: %2"_s.arg(path, QString::fromLocal8Bit(env.readAllStandardError()));
        return false;
    }
    return true;
}

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
