#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

// Business keys: what a customer complaint names (an order number, a customer number), declared
// in the profile as paths into the saga's JSON payload, so the Sagas page can find the saga by
// it. Pure values and parsing; the SQL is feeds/SagaSql's.

namespace sagadeck {

struct BusinessKey
{
    QString name;     // what the operator types before the colon: order_id
    QStringList path; // the payload's keys from the root: {"order", "id"}

    // "$.order.id", as the profile writes it.
    QString pathText() const;
    friend bool operator==(const BusinessKey &a, const BusinessKey &b) { return a.name == b.name && a.path == b.path; }
};

// "$.order.id" or "order.id": object keys of letters, digits, '_' and '-' (no array steps, no
// quoting). Nothing on anything else, so a path is always safe to write into SQL as a literal.
std::optional<QStringList> parseBusinessKeyPath(const QString &text);
// A name the search box accepts before its colon: order_id, customerId.
bool isBusinessKeyName(const QString &text);

// What the Sagas page's search box holds. "order_id:ORD-1" (or "order_id=ORD-1") with a declared
// key searches that key's value exactly; anything else is text (a saga id or its prefix, error
// text, or any key's exact value). A key-like prefix that names no declared key is said, so a
// typo does not silently become a text search.
struct SagaSearch
{
    enum class Kind
    {
        Empty,
        Text,
        Key,
        UnknownKey, // "ordr_id:5": looks like a key search, names no declared key
    };
    Kind kind = Kind::Empty;
    QString key;   // Key, UnknownKey
    QString value; // Key: the value; Text: the whole text

    // The line the page shows under the box when the search is not what it seems.
    QString problem(const QVector<BusinessKey> &keys) const;
};

SagaSearch parseSagaSearch(const QString &text, const QVector<BusinessKey> &keys);

// How Postgres would run a search: read off `EXPLAIN (FORMAT JSON)` of its count, so the page
// can say when a search reads the whole table (no index serves it) before the count times out.
struct SagaSearchPlan
{
    bool known = false;           // the plan was read
    bool readsWholeTable = false; // a sequential scan of the instances table
    QStringList indexes;          // indexes of the table it uses
    QString error;                // why it is not known

    friend bool operator==(const SagaSearchPlan &a, const SagaSearchPlan &b)
    {
        return a.known == b.known && a.readsWholeTable == b.readsWholeTable && a.indexes == b.indexes
            && a.error == b.error;
    }
};

// `table` as the profile names it (schema.table or table): matched against each plan node's
// "Relation Name". Malformed JSON gives a plan that is not known, with the reason.
SagaSearchPlan readSearchPlan(const QByteArray &explainJson, const QString &table);

// The line under the Sagas page's search box: a key that is not declared, a search that reads
// the whole table (with the index that would serve it), or the index that serves it. Empty when
// there is nothing to say yet. `tableSize` is how the page writes the table's size ("≈ 10.0 M").
struct SearchNote
{
    QString text;
    bool problem = false; // shown as a problem (amber), else as a plain fact
};
SearchNote searchNote(const SagaSearch &search, const SagaSearchPlan &plan, const QVector<BusinessKey> &keys,
                      const QString &table, const QString &tableSize);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SagaSearchPlan)
