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

void ConfigErrors::addForFile(const QString &why)
{
    out << u"%1: %2"_s.arg(source, why);
}

std::optional<QJsonArray> readConfigList(const QByteArray &json, const QString &key, const QString &atLeastOne,
                                         ConfigErrors &errors)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError) {
        errors.add(u"byte %1"_s.arg(pe.offset), pe.errorString());
        return std::nullopt;
    }
    const QJsonValue list = doc.object().value(key);
    if (!list.isArray() || (!atLeastOne.isEmpty() && list.toArray().isEmpty())) {
        errors.addForFile(u"expected {\"%1\": [...]}"_s.arg(key)
                          + (atLeastOne.isEmpty() ? QString() : u" with at least one "_s + atLeastOne));
        return std::nullopt;
    }
    return list.toArray();
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
