// Finding the saga behind a complaint (issue 20): business keys in the profile, the search box's
// syntax, the SQL it becomes, what EXPLAIN says about it, saved filters and saga links.
#include "BusinessKey.h"
#include "DeepLink.h"
#include "ProfileStore.h"
#include "SagaSql.h"
#include "SavedFilterFile.h"
#include "SavedFilters.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
const QVector<BusinessKey> keys{{u"order_id"_s, {u"order_id"_s}}, {u"customer_id"_s, {u"customer"_s, u"id"_s}}};

// An EXPLAIN (FORMAT JSON) answer as Postgres 15 writes it, with `inner` under the count.
QByteArray explainOf(const QByteArray &inner)
{
    return R"([{"Plan": {"Node Type": "Aggregate", "Strategy": "Plain", "Plans": [)" + inner + "]}}]";
}
} // namespace

class TestSagaSearch : public QObject
{
    Q_OBJECT
private slots:
    void pathsAreParsedStrictly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("path"); // empty: refused
        QTest::newRow("root") << u"$.order_id"_s << QStringList{u"order_id"_s};
        QTest::newRow("bare") << u"order_id"_s << QStringList{u"order_id"_s};
        QTest::newRow("nested") << u"$.customer.id"_s << QStringList{u"customer"_s, u"id"_s};
        QTest::newRow("dash") << u"$.order-no"_s << QStringList{u"order-no"_s};
        QTest::newRow("quote") << u"$.a'b"_s << QStringList{};
        QTest::newRow("brace") << u"$.a}"_s << QStringList{};
        QTest::newRow("array") << u"$.items[0]"_s << QStringList{};
        QTest::newRow("empty step") << u"$.a..b"_s << QStringList{};
        QTest::newRow("only root") << u"$."_s << QStringList{};
    }
    void pathsAreParsedStrictly()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, path);
        const std::optional<QStringList> got = parseBusinessKeyPath(text);
        QCOMPARE(got.has_value(), !path.isEmpty());
        if (got)
            QCOMPARE(*got, path);
    }

    void searchTextIsAKeyOnlyWhenDeclared()
    {
        SagaSearch s = parseSagaSearch(u"order_id:ORD-1A2B"_s, keys);
        QCOMPARE(s.kind, SagaSearch::Kind::Key);
        QCOMPARE(s.key, u"order_id"_s);
        QCOMPARE(s.value, u"ORD-1A2B"_s);
        s = parseSagaSearch(u"  Customer_ID = 4242 "_s, keys);
        QCOMPARE(s.kind, SagaSearch::Kind::Key);
        QCOMPARE(s.key, u"customer_id"_s); // the profile's spelling
        QCOMPARE(s.value, u"4242"_s);
        s = parseSagaSearch(u"ordr_id:5"_s, keys);
        QCOMPARE(s.kind, SagaSearch::Kind::UnknownKey);
        QVERIFY(s.problem(keys).contains(u"order_id, customer_id"_s));
        QVERIFY(s.problem({}).contains(u"declares none"_s));
        s = parseSagaSearch(u"0d3f9a1c-1111-2222-3333-444455556666"_s, keys);
        QCOMPARE(s.kind, SagaSearch::Kind::Text);
        QCOMPARE(parseSagaSearch(u"  "_s, keys).kind, SagaSearch::Kind::Empty);
    }

    void keySearchIsTheIndexedExpression()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s, keys);
        SagaFilter f;
        f.search = u"customer_id:4242"_s;
        const SqlStatement c = sql.count(f);
        QVERIFY2(QString::fromStdString(c.text).contains(u"(payload #>> '{customer,id}') = $1"_s), c.text.c_str());
        QCOMPARE(c.params, std::vector<std::string>{"4242"});
        QVERIFY(!QString::fromStdString(c.text).contains(u"last_error"_s));

        // A bare value: id prefix or error text, or any key's exact value.
        f.search = u"ORD-77"_s;
        const QString text = QString::fromStdString(sql.count(f).text);
        QVERIFY2(text.contains(u"last_error ILIKE"_s) && text.contains(u"(payload #>> '{order_id}') = $"_s)
                     && text.contains(u"(payload #>> '{customer,id}') = $"_s),
                 qPrintable(text));
        // Without keys, the text search is what it was.
        f.search = u"timeout"_s;
        QVERIFY(!QString::fromStdString(SagaSql(u"saga_instances"_s, u"s"_s).count(f).text).contains(u"payload"_s));
    }

    void planSaysWhetherTheTableIsRead()
    {
        const QByteArray seq = explainOf(R"({"Node Type": "Seq Scan", "Relation Name": "saga_instances"})");
        SagaSearchPlan p = readSearchPlan(seq, u"saga_instances"_s);
        QVERIFY(p.known);
        QVERIFY(p.readsWholeTable);
        // Parallel: a Gather over a parallel Seq Scan is still the whole table.
        p = readSearchPlan(
            explainOf(R"({"Node Type": "Gather", "Plans": [{"Node Type": "Seq Scan", "Parallel Aware": true,
                          "Relation Name": "saga_instances"}]})"),
            u"ops.saga_instances"_s);
        QVERIFY(p.readsWholeTable);
        p = readSearchPlan(explainOf(R"({"Node Type": "Bitmap Heap Scan", "Relation Name": "saga_instances",
                          "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "saga_instances_order_id_idx"}]})"),
                           u"saga_instances"_s);
        QVERIFY(p.known);
        QVERIFY(!p.readsWholeTable);
        QCOMPARE(p.indexes, QStringList{u"saga_instances_order_id_idx"_s});
        p = readSearchPlan(explainOf(R"({"Node Type": "Index Only Scan", "Relation Name": "saga_instances",
                                        "Index Name": "saga_instances_pkey"})"),
                           u"saga_instances"_s);
        QCOMPARE(p.indexes, QStringList{u"saga_instances_pkey"_s});
        p = readSearchPlan("not json", u"saga_instances"_s);
        QVERIFY(!p.known);
        QVERIFY(!p.error.isEmpty());
    }

    void noteSaysWhatTheOperatorCanDo()
    {
        SagaSearchPlan whole;
        whole.known = true;
        whole.readsWholeTable = true;
        const SagaSearch customer = parseSagaSearch(u"customer_id:1"_s, keys);
        SearchNote n = searchNote(customer, whole, keys, u"saga_instances"_s, u"≈ 10.0 M"_s);
        QVERIFY(n.problem);
        QVERIFY2(n.text.contains(u"reads the whole table (≈ 10.0 M sagas)"_s), qPrintable(n.text));
        QVERIFY2(n.text.contains(u"CREATE INDEX CONCURRENTLY ON saga_instances ((payload #>> '{customer,id}'));"_s),
                 qPrintable(n.text));
        SagaSearchPlan indexed;
        indexed.known = true;
        indexed.indexes = {u"saga_instances_order_id_idx"_s};
        n = searchNote(parseSagaSearch(u"order_id:ORD-1"_s, keys), indexed, keys, u"saga_instances"_s, {});
        QVERIFY(!n.problem);
        QVERIFY(n.text.contains(u"saga_instances_order_id_idx"_s));
        n = searchNote(parseSagaSearch(u"timeout"_s, keys), whole, keys, u"saga_instances"_s, {});
        QVERIFY(n.problem);
        QVERIFY(n.text.contains(u"order_id:"_s));
        // Not known yet: nothing said (the count is still running).
        QVERIFY(searchNote(customer, {}, keys, u"saga_instances"_s, {}).text.isEmpty());
    }

    void profileDeclaresKeysWithClearErrors()
    {
        const QByteArray good = R"(profiles:
  p:
    postgres:
      conninfo: host=db
      business_keys:
        order_id: $.order_id
        customer_id: $.customer.id
)";
        ProfileLoadResult r = ProfileStore::parse(good, u"profiles.yaml"_s, {});
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.profiles.at(0).postgres.businessKeys, keys);

        const QByteArray bad = R"(profiles:
  p:
    postgres:
      conninfo: host=db
      business_keys:
        order_id: $.items[0]
)";
        r = ProfileStore::parse(bad, u"profiles.yaml"_s, {});
        QVERIFY(!r.ok());
        QVERIFY2(r.errors.join(u'\n').contains(u"profiles.yaml:6: profiles.p.postgres.business_keys.order_id"_s),
                 qPrintable(r.errors.join(u'\n')));
    }

    void savedFiltersRoundTrip()
    {
        SavedSagaFilter a{u"failed payment sagas, last hour"_s, u"FAILED"_s, u"payment"_s, {}, 60, {}, 7, false};
        SavedSagaFilter b{u"Stuck"_s, u"IN_PROGRESS,COMPENSATING"_s, {}, {}, -1, u"order_id:ORD-1"_s, -1, true};
        QVector<SavedSagaFilter> list = withSavedFilter(withSavedFilter({}, b), a);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).name, a.name); // by name, without case
        QStringList errors;
        QCOMPARE(savedFiltersFromJson(savedFiltersToJson(list), &errors), list);
        QVERIFY(errors.isEmpty());
        // Same name, other case: replaced, not doubled.
        b.windowMinutes = 15;
        b.name = u"STUCK"_s;
        list = withSavedFilter(list, b);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(1).windowMinutes, 15);
        QCOMPARE(withoutSavedFilter(list, u"stuck"_s).size(), 1);
        // A damaged entry is left out and said; the good ones stay.
        const QByteArray damaged = R"({"saga_filters": [{"name": 5}, {"name": "ok", "window_minutes": 0}]})";
        const QVector<SavedSagaFilter> kept = savedFiltersFromJson(damaged, &errors);
        QCOMPARE(kept.size(), 1);
        QCOMPARE(errors.size(), 1);
    }

    // Two consoles of one user on one profile keep each other's saves (one file, under a lock).
    void twoConsolesShareTheFile()
    {
        QTemporaryDir state;
        SavedFilterFile first(state.path());
        SavedFilterFile second(state.path());
        QSignalSpy firstStored(&first, &SavedFilterFile::stored);
        QSignalSpy secondStored(&second, &SavedFilterFile::stored);
        first.save(u"local"_s, {u"one"_s, u"FAILED"_s, {}, {}, 60, {}, -1, false});
        second.save(u"local"_s, {u"two"_s, {}, {}, {}, 0, u"customer_id:7"_s, -1, false});
        QCOMPARE(secondStored.last().at(2).toString(), QString());
        const auto names = [](const QVector<SavedSagaFilter> &l) {
            QStringList out;
            for (const SavedSagaFilter &f : l)
                out << f.name;
            return out;
        };
        QCOMPARE(names(secondStored.last().at(1).value<QVector<SavedSagaFilter>>()), (QStringList{u"one"_s, u"two"_s}));
        first.load(u"local"_s);
        QCOMPARE(names(firstStored.last().at(1).value<QVector<SavedSagaFilter>>()), (QStringList{u"one"_s, u"two"_s}));
        first.load(u"other profile"_s);
        QVERIFY(firstStored.last().at(1).value<QVector<SavedSagaFilter>>().isEmpty());
        QCOMPARE(QFile::permissions(first.pathFor(u"local"_s)) & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        second.remove(u"local"_s, u"ONE"_s);
        QCOMPARE(names(secondStored.last().at(1).value<QVector<SavedSagaFilter>>()), QStringList{u"two"_s});
    }

    void sagaLinks_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<bool>("ok");
        QTest::newRow("url") << u"sagadeck://saga/0d3f9a1c-1111-2222-3333-444455556666"_s << true;
        QTest::newRow("url slash") << u"sagadeck://saga/0d3f9a1c-1111-2222-3333-444455556666/"_s << true;
        QTest::newRow("bare id") << u"0d3f9a1c-1111-2222-3333-444455556666"_s << true;
        QTest::newRow("other host") << u"sagadeck://deployment/0d3f9a1c-1111-2222-3333-444455556666"_s << false;
        QTest::newRow("not an id") << u"sagadeck://saga/ORD-1"_s << false;
        QTest::newRow("prefix") << u"0d3f9a1c"_s << false;
    }
    void sagaLinks()
    {
        QFETCH(QString, link);
        QFETCH(bool, ok);
        QString error;
        const std::optional<QUuid> id = sagaFromLink(link, &error);
        QCOMPARE(id.has_value(), ok);
        if (ok)
            QCOMPARE(*id, QUuid(u"0d3f9a1c-1111-2222-3333-444455556666"_s));
        else
            QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSagaSearch)
#include "tst_saga_search.moc"
