#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonValue;

namespace sagadeck {

// Reading the console's own JSON files (alert rules, playbooks): what their strict parsers
// share. Every error names the file and the place, "file: playbooks[2].op: why", so that a
// person can find what to fix.
struct ConfigErrors
{
    QStringList &out;
    QString source; // the file's name, as the person knows it

    void add(const QString &where, const QString &why); // "file: where: why"
    void addForFile(const QString &why);                // "file: why"
};

// The list under `key` of the document's top-level object: {"rules": [...]}. Not JSON ("file:
// byte N: why"), no such list, or an empty one where `atLeastOne` names what it must hold,
// is an error.
std::optional<QJsonArray> readConfigList(const QByteArray &json, const QString &key, const QString &atLeastOne,
                                         ConfigErrors &errors);

// Whether `v` is a whole number from `min` to `max` (counts and seconds in these files).
bool isWholeNumber(const QJsonValue &v, double min, double max);

// `"text" is not one of a, b, c`: for a word that must be one of a closed set.
QString notOneOf(const QString &text, const QStringList &accepted);

} // namespace sagadeck
