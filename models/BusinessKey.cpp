#include "BusinessKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString BusinessKey::pathText() const
{
    return u"$."_s + path.join(u'.');
}

std::optional<QStringList> parseBusinessKeyPath(const QString &text)
{
    static const QRegularExpression step(u"^[A-Za-z0-9_][A-Za-z0-9_-]*$"_s);
    QString rest = text.trimmed();
    if (rest.startsWith(u"$."_s))
        rest = rest.mid(2);
    if (rest.isEmpty())
        return std::nullopt;
    const QStringList parts = rest.split(u'.');
    for (const QString &p : parts) {
        if (!step.match(p).hasMatch())
            return std::nullopt;
    }
    return parts;
}

bool isBusinessKeyName(const QString &text)
{
    static const QRegularExpression name(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return name.match(text).hasMatch();
}

SagaSearch parseSagaSearch(const QString &text, const QVector<BusinessKey> &keys)
{
    SagaSearch s;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return s;
    // "name:value" or "name=value"; a UUID has neither, and error text rarely starts with a
    // bare identifier and a colon (when it does, the page says the key is unknown).
    static const QRegularExpression keyed(u"^([A-Za-z_][A-Za-z0-9_]*)\\s*[:=]\\s*(.+)$"_s);
    const QRegularExpressionMatch m = keyed.match(t);
    if (m.hasMatch()) {
        const QString name = m.captured(1);
        for (const BusinessKey &k : keys) {
            if (k.name.compare(name, Qt::CaseInsensitive) == 0)
                return {SagaSearch::Kind::Key, k.name, m.captured(2).trimmed()};
        }
        s.kind = SagaSearch::Kind::UnknownKey;
        s.key = name;
        s.value = t;
        return s;
    }
    s.kind = SagaSearch::Kind::Text;
    s.value = t;
    return s;
}

QString SagaSearch::problem(const QVector<BusinessKey> &keys) const
{
    if (kind != Kind::UnknownKey)
        return {};
    if (keys.isEmpty())
        return u"“%1” is not a business key: the profile declares none (postgres.business_keys); "
               u"searching the text instead"_s.arg(key);
    QStringList names;
    for (const BusinessKey &k : keys)
        names << k.name;
    return u"“%1” is not a business key (the profile declares %2); searching the text instead"_s.arg(
        key, names.join(u", "_s));
}

namespace {
// `parentOnTable`: a bitmap index scan names only its index; its parent heap scan the table.
void walkPlan(const QJsonObject &node, const QString &relation, SagaSearchPlan &plan, bool parentOnTable)
{
    const bool onTable = node.value(u"Relation Name"_s).toString() == relation;
    const QString type = node.value(u"Node Type"_s).toString();
    if (onTable && type == u"Seq Scan"_s)
        plan.readsWholeTable = true;
    const QString index = node.value(u"Index Name"_s).toString();
    const bool bitmapOfTable = parentOnTable && type == u"Bitmap Index Scan"_s;
    if (!index.isEmpty() && (onTable || bitmapOfTable) && !plan.indexes.contains(index))
        plan.indexes << index;
    for (const QJsonValue child : node.value(u"Plans"_s).toArray())
        walkPlan(child.toObject(), relation, plan, onTable || (parentOnTable && type == u"BitmapOr"_s));
}
} // namespace

SagaSearchPlan readSearchPlan(const QByteArray &explainJson, const QString &table)
{
    SagaSearchPlan plan;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(explainJson, &error);
    const QJsonObject root = doc.array().at(0).toObject().value(u"Plan"_s).toObject();
    if (error.error != QJsonParseError::NoError || root.isEmpty()) {
        plan.error = u"the plan could not be read"_s;
        return plan;
    }
    plan.known = true;
    // A bitmap heap scan names the relation, its bitmap index scan child the index.
    walkPlan(root, table.section(u'.', -1), plan, false);
    return plan;
}

SearchNote searchNote(const SagaSearch &search, const SagaSearchPlan &plan, const QVector<BusinessKey> &keys,
                      const QString &table, const QString &tableSize)
{
    if (search.kind == SagaSearch::Kind::UnknownKey)
        return {search.problem(keys), true};
    if (search.kind == SagaSearch::Kind::Empty)
        return {};
    if (!plan.error.isEmpty())
        return {u"Could not tell whether this search can use an index: "_s + plan.error, true};
    if (!plan.known)
        return {};
    const QString size = tableSize.isEmpty() ? QString() : u" (%1 sagas)"_s.arg(tableSize);
    if (search.kind == SagaSearch::Kind::Key) {
        if (!plan.readsWholeTable)
            return {u"%1 is searched through the index %2"_s.arg(search.key, plan.indexes.join(u", "_s)), false};
        QString expression;
        for (const BusinessKey &k : keys) {
            if (k.name == search.key)
                expression = u"(payload #>> '{%1}')"_s.arg(k.path.join(u','));
        }
        return {u"No index serves %1: this search reads the whole table%2. An index makes it fast: "
                u"CREATE INDEX CONCURRENTLY ON %3 (%4);"_s.arg(search.key, size, table, expression),
                true};
    }
    if (!plan.readsWholeTable)
        return {};
    if (keys.isEmpty())
        return {u"A text search reads the whole table%1; with business keys in the profile "
                u"(postgres.business_keys), a key search can use an index."_s.arg(size),
                true};
    return {
        u"A text search reads the whole table%1; search a key (%2:…) to use its index."_s.arg(size, keys.first().name),
        true};
}

} // namespace sagadeck
