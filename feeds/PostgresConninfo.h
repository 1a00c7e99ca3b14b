#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace sagadeck {

// The conninfo the console connects with. The profile's conninfo may be libpq's keyword/value
// form or a postgresql:// URI; libpq parses it (PQconninfoParse), and the result is written
// out again as keyword/value with the console's own settings and the password as keywords of
// their own. Appending " key=value" to a URI, as before, made libpq read our settings and the
// password as part of the host or database name: it never connected, and the password came
// back in the error text.
struct ConninfoBuild
{
    QString conninfo; // keyword/value, ready for libpq
    QString error;    // set when the profile's conninfo cannot be parsed (never holds a password)
    // The sslmode libpq will use: the conninfo's own, else $PGSSLMODE, else libpq's "prefer".
    // (One set inside a pg_service.conf entry is not seen here.)
    QString sslmode;
};

// `defaults` are added only where the profile does not set the keyword itself (a site's own
// connect_timeout wins); `password` (from the environment or the keychain), when not empty,
// is set last.
ConninfoBuild buildConninfo(const QString &profileConninfo, const QList<QPair<QString, QString>> &defaults,
                            const QString &password);

// `text` with every occurrence of `secret` replaced: a last guard for error texts that reach
// the status bar, snapshots and stderr.
QString withoutSecret(QString text, const QString &secret);

// A keyword/value value, single-quoted with libpq's escapes.
QString conninfoQuoted(const QString &value);

} // namespace sagadeck
