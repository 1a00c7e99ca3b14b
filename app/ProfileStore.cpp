#include "ProfileStore.h"

#include "ProfileParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace sagadeck {

QStringList ProfileLoadResult::profileNames() const
{
    QStringList names = rejected.keys();
    for (const Profile &p : profiles)
        names << p.name;
    names.sort();
    return names;
}

QString ProfileStore::defaultPath(const QProcessEnvironment &env)
{
    // XDG: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
    QString base = env.value(u"XDG_CONFIG_HOME"_s);
    if (base.isEmpty() || QDir::isRelativePath(base)) {
        QString home = env.value(u"HOME"_s);
        if (home.isEmpty())
            home = QDir::homePath();
        base = home + u"/.config"_s;
    }
    return QDir::cleanPath(base + u"/sagadeck/profiles.yaml"_s);
}

ProfileLoadResult ProfileStore::load(const QString &path, const QProcessEnvironment &env)
{
    QFile file(path);
    if (!file.exists()) {
        ProfileLoadResult result;
        result.path = path;
        result.errors << u"%1: no such file; write one (`stack/stack env --out %1` does for "
                         u"the local stack) or pass another with --config"_s.arg(path);
        return result;
    }
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) {
        ProfileLoadResult result;
        result.path = path;
        result.errors << u"%1: cannot read: %2"_s.arg(
            path, QFileInfo(path).isDir() ? u"is a directory"_s : file.errorString());
        return result;
    }
    return parse(file.readAll(), path, env);
}

ProfileLoadResult ProfileStore::parse(const QByteArray &yaml, const QString &pathForMessages,
                                      const QProcessEnvironment &env)
{
    return ProfileParser::parse(yaml, pathForMessages, env);
}

std::optional<Profile> ProfileStore::select(const ProfileLoadResult &result, const QString &name, QString *error)
{
    auto known = [&result] {
        const QStringList names = result.profileNames();
        return names.isEmpty() ? u"it defines none"_s : u"known: "_s + names.join(u", "_s);
    };
    auto byName = [&](const QString &wanted, const QString &what) -> std::optional<Profile> {
        for (const Profile &p : result.profiles) {
            if (p.name == wanted)
                return p;
        }
        if (result.rejected.contains(wanted))
            *error = u"%1 '%2' could not be loaded: %3"_s.arg(what, wanted, result.rejected.value(wanted));
        else
            *error = u"%1: no profile named '%2' (%3)"_s.arg(result.path, wanted, known());
        return std::nullopt;
    };

    if (!result.fileErrors.isEmpty()) {
        *error = result.fileErrors.join(u'\n');
        return std::nullopt;
    }
    if (!name.isEmpty())
        return byName(name, u"profile"_s);
    if (!result.current.isEmpty())
        return byName(result.current, u"current profile"_s);
    if (result.profiles.size() == 1 && result.rejected.isEmpty())
        return result.profiles.front();
    if (result.profiles.isEmpty() && result.rejected.size() == 1) // the only one, and it is refused
        return byName(result.rejected.firstKey(), u"profile"_s);
    if (result.profiles.isEmpty() && result.rejected.isEmpty()) {
        *error = result.errors.isEmpty() ? u"%1: defines no profiles"_s.arg(result.path) : result.errors.join(u'\n');
        return std::nullopt;
    }
    *error = u"%1: no `current:` profile and more than one to choose from (%2); name one"_s.arg(result.path, known());
    return std::nullopt;
}

} // namespace sagadeck
