#include "SiteNames.h"

#include "ServiceLevelQueries.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
const QString kMarker = u"__site_"_s; // a mapped name, while a template is checked

const QRegularExpression &placeholder()
{
    static const QRegularExpression re(u"\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"_s);
    return re;
}

QVector<SiteNames::Key> readKeys()
{
    // Compiled in (models' resources): reading it is no I/O.
    QFile file(u":/site-names.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("site-names.json is not among the resources");
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QVector<SiteNames::Key> keys;
    for (const auto &[section, kind] :
         {std::pair{u"metrics"_s, SiteNames::Kind::Metric}, std::pair{u"labels"_s, SiteNames::Kind::Label}}) {
        for (const QJsonValue &v : root.value(section).toArray()) {
            const QJsonObject o = v.toObject();
            keys.append(
                {o.value(u"key"_s).toString(), kind, o.value(u"default"_s).toString(), o.value(u"what"_s).toString()});
        }
    }
    return keys;
}
} // namespace

const QVector<SiteNames::Key> &SiteNames::keys()
{
    static const QVector<Key> keys = readKeys();
    return keys;
}

const SiteNames::Key *SiteNames::find(const QString &key)
{
    for (const Key &k : keys())
        if (k.key == key)
            return &k;
    return nullptr;
}

QString SiteNames::name(const QString &key) const
{
    if (const auto it = m_renamed.constFind(key); it != m_renamed.constEnd())
        return *it;
    const Key *k = find(key);
    return k ? k->defaultName : QString();
}

bool SiteNames::rename(const QString &key, const QString &name)
{
    const Key *k = find(key);
    if (!k)
        return false;
    if (name == k->defaultName)
        m_renamed.remove(key);
    else
        m_renamed.insert(key, name);
    return true;
}

QString SiteNames::expand(const QString &text, QStringList *unknown) const
{
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(from, m.capturedStart() - from);
        const QString key = m.captured(1);
        if (find(key)) {
            out += name(key);
        } else {
            out += m.captured(0);
            if (unknown && !unknown->contains(key))
                *unknown << key;
        }
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

QStringList SiteNames::unmappedNamesIn(const QString &templ)
{
    QString q = templ;
    q.replace(placeholder(), kMarker + u"\\1__"_s);
    QStringList names;
    for (const QString &metric : metricNamesIn(q))
        if (!metric.startsWith(kMarker))
            names << metric;
    auto label = [&names](const QString &l) {
        if (!l.isEmpty() && !l.startsWith(kMarker) && l != u"le"_s && l != u"__name__"_s && !names.contains(l))
            names << l;
    };
    static const QRegularExpression strings(u"\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"_s);
    q.replace(strings, u"\"\""_s);
    static const QRegularExpression lists(u"\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)"_s);
    for (auto it = lists.globalMatch(q); it.hasNext();)
        for (const QString &l : it.next().captured(1).split(u','))
            label(l.trimmed());
    static const QRegularExpression braces(u"\\{([^}]*)\\}"_s);
    static const QRegularExpression matcher(u"([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)"_s);
    for (auto it = braces.globalMatch(q); it.hasNext();) {
        const QString inside = it.next().captured(1);
        for (auto m = matcher.globalMatch(inside); m.hasNext();)
            label(m.next().captured(1));
    }
    return names;
}

QString SiteNames::expandQuery(const QString &templ, bool strict, QStringList *problems) const
{
    QStringList unknown;
    const QString out = expand(templ, &unknown);
    QStringList known;
    for (const Key &k : keys())
        known << k.key;
    for (const QString &key : std::as_const(unknown))
        *problems << u"${%1} is not a site name (known: %2)"_s.arg(key, known.join(u", "_s));
    if (!strict)
        return out;
    for (const QString &name : unmappedNamesIn(templ)) {
        QString use;
        for (const Key &k : keys())
            if (k.defaultName == name || (k.defaultName + u"_bucket"_s) == name)
                use = u"${%1}"_s.arg(k.key) + name.mid(k.defaultName.size());
        *problems << (use.isEmpty()
                          ? u"names `%1` itself; take every name from the site mapping (${key})"_s.arg(name)
                          : u"names `%1` itself; write %2 so the profile's site: mapping applies"_s.arg(name, use));
    }
    return out;
}

} // namespace sagadeck
