#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace sagadeck {

// The console's per-profile state files (alert silences, saved filters): one file per profile,
// `<state dir>/<folder>/<profile, percent-encoded>.json` (folder 0700, file 0600), written whole
// through QSaveFile (a crash leaves the old file or the new one, never half of one) under a
// QLockFile, so two consoles of one user on one profile do not lose each other's changes: a
// change reads the file, applies itself and writes the result back.
//
// Blocking file I/O: used only on the "console-state" thread (SilenceStateFile, SavedFilterFile).
class ProfileStateStore
{
public:
    // `stateDir`: StatePaths::stateDir().
    ProfileStateStore(const QString &stateDir, const QString &folder);

    QString pathFor(const QString &profile) const;
    // The profile's file (a missing one: empty); false with `error` when it cannot be read.
    bool read(const QString &profile, QByteArray *out, QString *error) const;
    // Under the profile's lock: reads the file, lets `apply` make the new contents from the
    // current ones (false with `error` to write nothing) and writes them.
    using Change = std::function<bool(const QByteArray &current, QByteArray *next, QString *error)>;
    bool change(const QString &profile, const Change &apply, QString *error) const;

private:
    QString m_dir;
};

} // namespace sagadeck
