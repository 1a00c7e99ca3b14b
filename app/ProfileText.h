#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Text rules for profile values, kept apart from YAML walking so they can be tested alone.
// No function here ever puts a value it was given into an error text: values may be secrets.

namespace sagadeck {

// Expands $NAME and ${NAME} from `env` ($$ is a literal $). On failure returns false and sets
// `error` (it names the variable, never a value).
bool expandVariables(const QString &text, const QProcessEnvironment &env, QString *out, QString *error);

enum class ConninfoCheck
{
    Clean,
    InlinePassword,
    Malformed
};

// Looks for a password inside a libpq connection string: `password=` in keyword/value form
// (any spacing, quoted or not), `user:secret@` or `?password=` in a postgresql:// URI, also
// inside a dbname that is itself a connection string. Malformed: unterminated quote or a
// keyword without '='.
ConninfoCheck checkConninfo(const QString &conninfo);

// True when an http(s) URL carries `user:password@`.
bool urlHasPassword(const QString &url);

// The entry of `known` closest to `typo` by edit distance (case-insensitive), when close enough
// to be a typo of it (at most a third of its length, at most 3 edits); empty otherwise.
QString nearestKey(const QString &typo, const QStringList &known);

} // namespace sagadeck
