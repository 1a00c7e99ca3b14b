#include "PostgresConninfo.h"

#include <libpq-fe.h>

#include <QSet>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString conninfoQuoted(const QString &value)
{
    QString out = value;
    out.replace(u"\\"_s, u"\\\\"_s).replace(u"'"_s, u"\\'"_s);
    return u"'"_s + out + u"'"_s;
}

QString withoutSecret(QString text, const QString &secret)
{
    if (!secret.isEmpty())
        text.replace(secret, u"•••"_s);
    return text;
}

ConninfoBuild buildConninfo(const QString &profileConninfo, const QList<QPair<QString, QString>> &defaults,
                            const QString &password)
{
    ConninfoBuild out;
    char *error = nullptr;
    const QByteArray raw = profileConninfo.trimmed().toUtf8();
    PQconninfoOption *options = PQconninfoParse(raw.constData(), &error);
    if (!options) {
        // libpq's message names the offending part of the conninfo, which never holds a
        // password (the profile check refuses one), but the guard costs nothing.
        out.error = withoutSecret(error ? QString::fromUtf8(error).trimmed() : u"out of memory"_s, password);
        PQfreemem(error);
        return out;
    }
    QStringList parts;
    QSet<QString> given;
    for (const PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString keyword = QString::fromUtf8(o->keyword);
        given.insert(keyword);
        if (keyword == u"sslmode"_s)
            out.sslmode = QString::fromUtf8(o->val);
        parts << keyword + u'=' + conninfoQuoted(QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    for (const auto &[keyword, value] : defaults)
        if (!given.contains(keyword))
            parts << keyword + u'=' + conninfoQuoted(value);
    if (!password.isEmpty())
        parts << u"password="_s + conninfoQuoted(password);
    out.conninfo = parts.join(u' ');
    if (out.sslmode.isEmpty())
        out.sslmode = qEnvironmentVariable("PGSSLMODE", u"prefer"_s);
    return out;
}

} // namespace sagadeck
