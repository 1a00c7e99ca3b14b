#pragma once

#include <QJsonObject>
#include <QString>

// Connection facts of the local stack, from the stack.json that `stack/stack up` writes in
// $SAGADECK_STACK_DIR. Tests use it instead of hard-coding ports.
struct StackInfo
{
    QJsonObject root;
    QString error; // set when stack.json could not be read

    static StackInfo load();
    // The console profile for this stack, as `stack/stack env --out PATH` writes it; false with
    // `error` set when the command failed.
    static bool writeProfile(const QString &path, QString *error);
    QJsonObject section(const QString &name) const { return root.value(name).toObject(); }
    QString string(const QString &section, const QString &key) const
    {
        return this->section(section).value(key).toString();
    }
};
