#include "ProfileText.h"

#include <QUrl>
#include <QVector>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

bool isNameStart(QChar c)
{
    return c == u'_' || (c.isLetter() && c.unicode() < 128);
}
bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.isDigit() && c.unicode() < 128);
}

bool isUri(const QString &s)
{
    return s.startsWith(u"postgresql://"_s) || s.startsWith(u"postgres://"_s);
}

ConninfoCheck checkUri(const QString &uri)
{
    const QString rest = uri.mid(uri.indexOf(u"://"_s) + 3);
    // libpq: user info ends at the first '@', unless a '/' comes first.
    for (QChar c : rest) {
        if (c == u'/' || c == u'?')
            break;
        if (c == u'@') {
            if (rest.left(rest.indexOf(u'@')).contains(u':'))
                return ConninfoCheck::InlinePassword;
            break;
        }
    }
    const qsizetype q = rest.indexOf(u'?');
    if (q < 0)
        return ConninfoCheck::Clean;
    const QStringList params = rest.mid(q + 1).split(u'&');
    for (const QString &param : params) {
        const QString key = QUrl::fromPercentEncoding(param.section(u'=', 0, 0).toUtf8());
        if (key.trimmed().compare(u"password"_s, Qt::CaseInsensitive) == 0)
            return ConninfoCheck::InlinePassword;
        if (key.trimmed() == u"dbname"_s) {
            const QString value = QUrl::fromPercentEncoding(param.section(u'=', 1).toUtf8());
            if (checkConninfo(value) == ConninfoCheck::InlinePassword)
                return ConninfoCheck::InlinePassword;
        }
    }
    return ConninfoCheck::Clean;
}

// Keyword/value form, scanned the way libpq's conninfo_parse does.
ConninfoCheck checkKeywordValue(const QString &s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    auto skipSpace = [&] {
        while (i < n && s.at(i).isSpace())
            ++i;
    };
    for (;;) {
        skipSpace();
        if (i >= n)
            return ConninfoCheck::Clean;
        QString keyword;
        while (i < n && !s.at(i).isSpace() && s.at(i) != u'=')
            keyword += s.at(i++);
        skipSpace();
        if (i >= n || s.at(i) != u'=')
            return keyword.compare(u"password"_s, Qt::CaseInsensitive) == 0 ? ConninfoCheck::InlinePassword
                                                                            : ConninfoCheck::Malformed;
        ++i;
        skipSpace();
        QString value;
        if (i < n && s.at(i) == u'\'') {
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar c = s.at(i++);
                if (c == u'\\' && i < n) {
                    value += s.at(i++);
                } else if (c == u'\'') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed)
                return keyword.compare(u"password"_s, Qt::CaseInsensitive) == 0 ? ConninfoCheck::InlinePassword
                                                                                : ConninfoCheck::Malformed;
        } else {
            while (i < n && !s.at(i).isSpace()) {
                const QChar c = s.at(i++);
                if (c == u'\\' && i < n)
                    value += s.at(i++);
                else
                    value += c;
            }
        }
        if (keyword.compare(u"password"_s, Qt::CaseInsensitive) == 0)
            return ConninfoCheck::InlinePassword;
        // libpq expands a dbname that is itself a connection string.
        if (keyword == u"dbname"_s && (isUri(value) || value.contains(u'='))
            && checkConninfo(value) == ConninfoCheck::InlinePassword)
            return ConninfoCheck::InlinePassword;
    }
}

} // namespace

bool expandVariables(const QString &text, const QProcessEnvironment &env, QString *out, QString *error)
{
    QString result;
    result.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c != u'$') {
            result += c;
            continue;
        }
        if (i + 1 < n && text.at(i + 1) == u'$') {
            result += u'$';
            ++i;
            continue;
        }
        QString name;
        qsizetype j = i + 1;
        if (j < n && text.at(j) == u'{') {
            const qsizetype close = text.indexOf(u'}', j + 1);
            if (close < 0) {
                *error = u"unterminated ${ (use $$ for a literal $)"_s;
                return false;
            }
            name = text.mid(j + 1, close - j - 1);
            j = close + 1;
            bool valid = !name.isEmpty() && isNameStart(name.front());
            for (QChar nc : std::as_const(name))
                valid = valid && isNameChar(nc);
            if (!valid) {
                *error = u"${...} must hold a variable name (use $$ for a literal $)"_s;
                return false;
            }
        } else {
            if (j >= n || !isNameStart(text.at(j))) {
                *error = u"a lone $ must be written $$"_s;
                return false;
            }
            while (j < n && isNameChar(text.at(j)))
                name += text.at(j++);
        }
        if (!env.contains(name)) {
            *error = u"environment variable %1 is not set"_s.arg(name);
            return false;
        }
        result += env.value(name);
        i = j - 1;
    }
    *out = result;
    return true;
}

ConninfoCheck checkConninfo(const QString &conninfo)
{
    const QString s = conninfo.trimmed();
    return isUri(s) ? checkUri(s) : checkKeywordValue(s);
}

bool urlHasPassword(const QString &url)
{
    return !QUrl(url).password().isEmpty();
}

namespace {
int editDistance(const QString &a, const QString &b) // optimal string alignment, case-insensitive
{
    // A swap of two neighbours (read_onyl) is one edit, as people mistype.
    const auto n = a.size(), m = b.size();
    QVector<QVector<int>> d(n + 1, QVector<int>(m + 1));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    auto same = [](QChar x, QChar y) { return x.toLower() == y.toLower(); };
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            d[i][j] = std::min(
                {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}
} // namespace

QString nearestKey(const QString &typo, const QStringList &known)
{
    QString best;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &k : known) {
        const int d = editDistance(typo, k);
        if (d < bestDistance && d <= std::min<qsizetype>(3, std::max<qsizetype>(1, k.size() / 3))) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

} // namespace sagadeck
