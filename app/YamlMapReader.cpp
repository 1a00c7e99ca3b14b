#include "YamlMapReader.h"

#include "ProfileText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString fromYaml(const std::string &s)
{
    return QString::fromStdString(s);
}

QString describeNode(const YAML::Node &node)
{
    if (node.IsSequence())
        return u"a list"_s;
    return node.IsMap() ? u"a map"_s : u"a single value"_s;
}

QString YamlContext::message(const YAML::Node &at, const QString &key, const QString &text) const
{
    const int line = at.Mark().line;
    QString out = file;
    if (line >= 0)
        out += u':' + QString::number(line + 1);
    out += u": "_s;
    if (!key.isEmpty())
        out += key + u": "_s;
    return out + text;
}

YamlMapReader::YamlMapReader(const YamlContext &ctx, const YAML::Node &map, const QString &path,
                             const YAML::Node &anchor)
    : m_ctx(ctx)
    , m_map(map)
    , m_anchor(anchor.IsNull() ? map : anchor)
    , m_path(path)
{
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            fail(key, m_path, u"keys must be plain names, not "_s + describeNode(key));
            continue;
        }
        const QString name = fromYaml(key.Scalar());
        if (find(name)) { // yaml-cpp keeps both; which one wins would be a guess
            fail(key, keyPath(name), u"duplicate key"_s);
            continue;
        }
        m_entries.push_back({name, key, it->second});
    }
}

QString YamlMapReader::keyPath(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

QStringList YamlMapReader::unknownKeys() const
{
    QStringList out = m_childUnknown;
    for (const Entry &e : m_entries) {
        if (e.known || m_ctx.refusedKeys.contains(keyPath(e.key)))
            continue;
        const QString near = nearestKey(e.key, m_asked);
        QStringList known = m_asked;
        known.sort();
        const QString hint = !near.isEmpty() ? u"did you mean `%1`?"_s.arg(near)
            : known.isEmpty()                ? u"this map takes no keys"_s
                                             : u"known keys here: "_s + known.join(u", "_s);
        out << m_ctx.message(e.keyNode, keyPath(e.key), u"unknown key; "_s + hint);
    }
    return out;
}

YamlMapReader::Entry *YamlMapReader::find(const QString &key)
{
    for (Entry &e : m_entries) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

const YamlMapReader::Entry *YamlMapReader::take(const QString &key)
{
    if (!m_asked.contains(key)) {
        m_asked << key;
        static const QRegularExpression profilePrefix(u"^profiles\\.[^.]+\\."_s), index(u"\\[\\d+\\]"_s);
        m_ctx.askedKeys.insert(keyPath(key).remove(profilePrefix).replace(index, u"[]"_s));
    }
    Entry *e = find(key);
    if (e)
        e->known = true;
    return e;
}

void YamlMapReader::fail(const YAML::Node &at, const QString &key, const QString &text)
{
    m_errors << m_ctx.message(at, key, text);
}

void YamlMapReader::absorb(const YamlMapReader &child)
{
    m_errors << child.errors();
    m_childUnknown << child.unknownKeys();
}

bool YamlMapReader::scalar(const QString &key, QString *out, YAML::Node *at)
{
    const Entry *e = take(key);
    if (!e || e->value.IsNull())
        return false;
    if (at)
        *at = e->value;
    return expand(e->value, keyPath(key), out);
}

bool YamlMapReader::expand(const YAML::Node &node, const QString &path, QString *out)
{
    if (!node.IsScalar()) {
        fail(node, path, u"expected a single value, not "_s + describeNode(node));
        return false;
    }
    QString error;
    if (!expandVariables(fromYaml(node.Scalar()), m_ctx.env, out, &error)) {
        fail(node, path, error);
        return false;
    }
    return true;
}

void YamlMapReader::text(const QString &key, QString *out)
{
    QString value;
    if (scalar(key, &value))
        *out = value;
}

void YamlMapReader::matching(const QString &key, QString *out, const QRegularExpression &pattern, const QString &what)
{
    QString value;
    YAML::Node at;
    if (!scalar(key, &value, &at))
        return;
    if (!pattern.match(value).hasMatch())
        return fail(at, keyPath(key), u"expected "_s + what);
    *out = value;
}

void YamlMapReader::whole(const QString &key, int *out, int min, int max)
{
    QString value;
    YAML::Node at;
    if (!scalar(key, &value, &at))
        return;
    bool ok = false;
    const qlonglong n = value.trimmed().toLongLong(&ok);
    if (!ok)
        return fail(at, keyPath(key), u"expected a whole number"_s);
    if (n < min || n > max)
        return fail(at, keyPath(key), u"must be between %1 and %2"_s.arg(min).arg(max));
    *out = int(n);
}

void YamlMapReader::fraction(const QString &key, double *out)
{
    QString value;
    YAML::Node at;
    if (!scalar(key, &value, &at))
        return;
    bool ok = false;
    const double v = value.trimmed().toDouble(&ok);
    if (!ok || !(v > 0 && v < 1))
        return fail(at, keyPath(key), u"expected a number between 0 and 1, like 0.995"_s);
    *out = v;
}

void YamlMapReader::flag(const QString &key, bool *out)
{
    QString value;
    YAML::Node at;
    if (!scalar(key, &value, &at))
        return;
    const QString v = value.trimmed().toLower();
    if (v == u"true"_s || v == u"yes"_s || v == u"on"_s)
        *out = true;
    else if (v == u"false"_s || v == u"no"_s || v == u"off"_s)
        *out = false;
    else
        fail(at, keyPath(key), u"expected true or false"_s);
}

void YamlMapReader::list(const QString &key, QStringList *out, const QRegularExpression &item, const QString &what)
{
    const Entry *e = take(key);
    if (!e || e->value.IsNull())
        return;
    if (!e->value.IsSequence())
        return fail(e->value, keyPath(key), u"expected a list, like [a, b]"_s);
    QStringList items;
    for (std::size_t i = 0; i < e->value.size(); ++i) {
        const YAML::Node node = e->value[i];
        const QString path = keyPath(key) + u'[' + QString::number(i) + u']';
        QString value;
        if (node.IsNull())
            return fail(node, path, u"empty list item"_s);
        if (!expand(node, path, &value))
            return;
        if (!item.match(value).hasMatch())
            return fail(node, path, u"expected "_s + what);
        items << value;
    }
    *out = items;
}

} // namespace sagadeck
