#include "ConfigJson.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

void ConfigErrors::add(const QString &where, const QString &why)
{
    out << u"%1: %2: %3"_s.arg(source, where, why);
}

std::optional<QJsonObject> readConfigObject(const QByteArray &json, ConfigErrors &errors)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        errors.add(u"byte %1"_s.arg(pe.offset), pe.errorString());
        return std::nullopt;
    }
    return doc.object();
}

bool isWholeNumber(const QJsonValue &v, double min, double max)
{
    return v.isDouble() && v.toDouble() >= min && v.toDouble() <= max && v.toDouble() == std::floor(v.toDouble());
}

QString notOneOf(const QString &text, const QStringList &accepted)
{
    return u"\"%1\" is not one of %2"_s.arg(text, accepted.join(u", "_s));
}

} // namespace sagadeck
