#pragma once

#include "Profile.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace sagadeck {

// What reading a profiles file gave. Errors are whole sentences that name the
// file, the line (1-based) and the key path, e.g.
//   "/home/me/.config/sagadeck/profiles.yaml:12: profiles.prod.kafka.refresh_ms: expected a
//    whole number"
// They never contain a secret. A bad section does not lose its profile: the section is left
// at its defaults with `disabledReason` set and the same text is in `errors`. A profile whose
// own keys (production, read_only, ...) are bad, or that holds an unknown key anywhere (a typo
// is never ignored: `read_onyl: true` must not leave a console writable), is left out and
// listed in `rejected`. An unknown key beside `current:` and `profiles:` refuses the file.
struct ProfileLoadResult
{
    QString path;
    QVector<Profile> profiles;       // in file order
    QString current;                 // the file's `current:`, may be empty
    QMap<QString, QString> rejected; // profile name -> why it could not be loaded
    QStringList errors;
    QStringList fileErrors; // errors of the file as a whole (also in `errors`): no profile is used

    bool ok() const { return errors.isEmpty(); }
    QStringList profileNames() const; // loaded and rejected, sorted
};

// Reads the connection profiles file (YAML, the format `stack/stack env` writes). Reading is
// blocking file I/O of a small file: done once at start-up, before any feed runs.
class ProfileStore
{
public:
    // $XDG_CONFIG_HOME/sagadeck/profiles.yaml, else $HOME/.config/sagadeck/profiles.yaml.
    static QString defaultPath(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    static ProfileLoadResult load(const QString &path,
                                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // Pure: parses YAML text; `pathForMessages` only prefixes the messages. `env` serves
    // $VAR interpolation and the default kubeconfig.
    static ProfileLoadResult parse(const QByteArray &yaml, const QString &pathForMessages,
                                   const QProcessEnvironment &env);

    // The profile called `name`; with an empty name the file's `current`, else the only
    // profile. Otherwise nullopt and `error` says why (listing the known names).
    static std::optional<Profile> select(const ProfileLoadResult &result, const QString &name, QString *error);
};

} // namespace sagadeck
