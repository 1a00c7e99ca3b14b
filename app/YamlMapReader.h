#pragma once

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <vector>

// Reading typed settings out of yaml-cpp maps with messages that say file:line: key.path.
// Internal to the profile loader (app/ProfileParser.cpp); yaml-cpp stays out of other headers.

namespace sagadeck {

QString fromYaml(const std::string &s);
// "a list" / "a map" / "a single value", for messages.
QString describeNode(const YAML::Node &node);

struct YamlContext
{
    QString file;            // only for messages
    QProcessEnvironment env; // for $VAR expansion
    // Key paths already reported as refused (an inline secret, wherever it sits): not reported
    // again as unknown by the reader of their map.
    mutable QSet<QString> refusedKeys;
    // Every key path asked for, as the profile reference writes it: without `profiles.<name>.`,
    // list indices as [] ("kafka.consumer_groups", "contacts[].role").
    mutable QSet<QString> askedKeys;

    // "file:line: key: text"; lines 1-based (yaml-cpp marks are 0-based, -1 when unknown).
    QString message(const YAML::Node &at, const QString &key, const QString &text) const;
};

// One YAML map being read. Remembers which keys were asked for, so that the rest can be
// reported as unknown (with the nearest asked-for key: a typo in `read_only` must never pass
// silently), and collects this map's errors. Every scalar value read has $VAR,
// ${VAR} and $$ expanded; no message ever quotes a value.
class YamlMapReader
{
public:
    struct Entry
    {
        QString key;
        YAML::Node keyNode;
        YAML::Node value;
        bool known = false;
    };

    // `path` is the key path of `map` ("profiles.local.kafka"), empty for the document;
    // `anchor` the key naming it, where messages about the map as a whole point.
    YamlMapReader(const YamlContext &ctx, const YAML::Node &map, const QString &path, const YAML::Node &anchor = {});

    const YamlContext &context() const { return m_ctx; }
    const YAML::Node &node() const { return m_map; }
    const YAML::Node &anchor() const { return m_anchor; }
    const QString &path() const { return m_path; }
    QString keyPath(const QString &key) const;
    const QStringList &errors() const { return m_errors; }
    // Unknown keys (of this map and of absorbed nested ones), as error messages that name the
    // nearest known key: "file:12: profiles.local.read_onyl: unknown key; did you mean `read_only`?".
    // Complete only once every key of the map has been asked for.
    QStringList unknownKeys() const;

    // The entry of `key`, from now on known; nullptr when absent.
    const Entry *take(const QString &key);
    void fail(const YAML::Node &at, const QString &key, const QString &text);
    // Takes over the errors and unknown keys of a reader of a map nested in this one.
    void absorb(const YamlMapReader &child);

    // The typed readers leave `out` untouched when the key is absent or null, and on error.
    // scalar() returns whether it stored a value; `at` receives the value's node.
    bool scalar(const QString &key, QString *out, YAML::Node *at = nullptr);
    bool expand(const YAML::Node &node, const QString &path, QString *out);
    void text(const QString &key, QString *out);
    void matching(const QString &key, QString *out, const QRegularExpression &pattern, const QString &what);
    void whole(const QString &key, int *out, int min, int max);
    void fraction(const QString &key, double *out); // strictly between 0 and 1
    void flag(const QString &key, bool *out);
    void list(const QString &key, QStringList *out, const QRegularExpression &item, const QString &what);

private:
    Entry *find(const QString &key);

    const YamlContext &m_ctx;
    YAML::Node m_map;
    YAML::Node m_anchor;
    QString m_path;
    std::vector<Entry> m_entries;
    QStringList m_asked; // every key asked for, present or not: the known keys of this map
    QStringList m_errors;
    QStringList m_childUnknown;
};

} // namespace sagadeck
