#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace sagadeck {

// Where the console keeps state that must survive restarts (the audit log). Qt 6.4 has no
// QStandardPaths::GenericStateLocation, so the XDG rule is applied here:
// $XDG_STATE_HOME if it is an absolute path, else $HOME/.local/state; then "/sagadeck".
class StatePaths
{
public:
    explicit StatePaths(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    QString stateDir() const { return m_stateDir; }
    QString auditLogPath() const;

private:
    QString m_stateDir;
};

} // namespace sagadeck
