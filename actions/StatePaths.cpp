#include "StatePaths.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace sagadeck {

StatePaths::StatePaths(const QProcessEnvironment &env)
{
    // The spec says a relative XDG_* value is invalid and must be ignored.
    QString base = env.value(u"XDG_STATE_HOME"_s);
    if (base.isEmpty() || QDir::isRelativePath(base)) {
        const QString home = env.value(u"HOME"_s, QDir::homePath());
        base = home + u"/.local/state"_s;
    }
    m_stateDir = QDir::cleanPath(base + u"/sagadeck"_s);
}

QString StatePaths::auditLogPath() const
{
    return m_stateDir + u"/audit.jsonl"_s;
}

} // namespace sagadeck
