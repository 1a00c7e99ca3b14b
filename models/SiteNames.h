#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace sagadeck {

// What one site calls the watched system's metrics and labels (the profile's `site:` mapping).
// Every query the console sends is written with `${key}` where a name goes (`rate(${saga_failed}[5m])`,
// `sum by (${service})`) and expanded with the site's names, so charts, tiles, alert rules,
// playbooks, the timeline and the lag history all follow one mapping. The keys and their
// defaults are resources/site-names.json (stack/stack reads that file too).
class SiteNames
{
public:
    enum class Kind
    {
        Metric,
        Label
    };
    struct Key
    {
        QString key; // saga_failed, service
        Kind kind = Kind::Metric;
        QString defaultName; // saga_failed_total, service
        QString what;        // one line for the README and errors
    };
    // Every key, metrics first, in the file's order.
    static const QVector<Key> &keys();
    static const Key *find(const QString &key);

    // The site's name for `key` (its default unless renamed); empty for an unknown key.
    QString name(const QString &key) const;
    // Renames one key; false (and nothing changes) for an unknown key.
    bool rename(const QString &key, const QString &name);
    // Only the keys renamed from their default, for messages and the snapshot.
    QHash<QString, QString> renamed() const { return m_renamed; }

    // `text` with every ${key} replaced by the site's name. An unknown key is left as written
    // and named in `unknown` (so a file's error can say which).
    QString expand(const QString &text, QStringList *unknown = nullptr) const;
    // The names a query template writes itself instead of taking them from the mapping: metric
    // names outside `${...}`, and label names in by/without/on/ignoring lists and label matchers
    // (except `le` and `__name__`, which are Prometheus' own). Empty: every name is mapped.
    static QStringList unmappedNamesIn(const QString &templ);
    // expand() for a query read from a file: `problems` gets, in words, each unknown ${key} and,
    // when `strict`, each name the template writes itself (with the key to use when it is a
    // default name).
    QString expandQuery(const QString &templ, bool strict, QStringList *problems) const;

    bool operator==(const SiteNames &other) const { return m_renamed == other.m_renamed; }

private:
    QHash<QString, QString> m_renamed;
};

} // namespace sagadeck
