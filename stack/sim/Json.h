#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <string>

// Small bridges between the sim's std::string world and Qt's JSON.
namespace Json {

inline QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

inline std::string compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

// ISO-8601 UTC with milliseconds, e.g. 2026-11-28T10:15:03.123Z
inline QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace Json
