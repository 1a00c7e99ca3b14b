#include "SagaSql.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
QString q(const SqlStatement &s)
{
    return QString::fromStdString(s.text);
}
QStringList params(const SqlStatement &s)
{
    QStringList out;
    for (const auto &p : s.params)
        out << QString::fromStdString(p);
    return out;
}
// Every $n in the text has a parameter and every parameter is used.
bool placeholdersMatch(const SqlStatement &s)
{
    const QString text = q(s);
    for (size_t n = 1; n <= s.params.size(); ++n)
        if (!text.contains(u"$%1"_s.arg(n)))
            return false;
    return !text.contains(u"$%1"_s.arg(s.params.size() + 1));
}
} // namespace

class TestSagaSql : public QObject
{
    Q_OBJECT
private slots:
    void quotesIdentifiers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << u"saga_instances"_s << u"\"saga_instances\""_s;
        QTest::newRow("schema") << u"ops.sagas"_s << u"\"ops\".\"sagas\""_s;
        QTest::newRow("quote inside") << u"we\"ird"_s << u"\"we\"\"ird\""_s;
        QTest::newRow("injection stays a name") << u"x; DROP TABLE y"_s << u"\"x; DROP TABLE y\""_s;
    }
    void quotesIdentifiers()
    {
        QFETCH(QString, name);
        QFETCH(QString, quoted);
        QCOMPARE(QString::fromStdString(SagaSql::quoteIdentifier(name)), quoted);
    }

    void filterBecomesParameters_data()
    {
        QTest::addColumn<SagaFilter>("filter");
        QTest::addColumn<QStringList>("textContains");
        QTest::addColumn<QStringList>("expectedParams");
        SagaFilter none;
        QTest::newRow("no filter") << none << QStringList{} << QStringList{};
        SagaFilter failed;
        failed.statuses = {SagaStatus::Failed, SagaStatus::Compensated};
        QTest::newRow("statuses") << failed << QStringList{u"status = ANY($1::text[])"_s}
                                  << QStringList{u"{FAILED,COMPENSATED}"_s};
        SagaFilter typed;
        typed.type = u"order-fulfillment"_s;
        typed.step = u"charge-payment"_s;
        QTest::newRow("type and step") << typed << QStringList{u"saga_type = $1"_s, u"current_step = $2"_s}
                                       << QStringList{u"order-fulfillment"_s, u"charge-payment"_s};
        SagaFilter window;
        window.updatedFrom = QDateTime::fromMSecsSinceEpoch(1'000, Qt::UTC);
        window.updatedTo = QDateTime::fromMSecsSinceEpoch(2'500, Qt::UTC);
        QTest::newRow("time window") << window
                                     << QStringList{u"updated_at >= $1::timestamptz"_s,
                                                    u"updated_at < $2::timestamptz"_s}
                                     << QStringList{u"1970-01-01T00:00:01.000Z"_s, u"1970-01-01T00:00:02.500Z"_s};
        SagaFilter fullId;
        fullId.search = u"  0F8FAD5B-D9CB-469F-A165-70867728950E "_s;
        QTest::newRow("full id") << fullId << QStringList{u"id = $1::uuid"_s}
                                 << QStringList{u"0f8fad5b-d9cb-469f-a165-70867728950e"_s};
        SagaFilter prefix;
        prefix.search = u"0f8fad"_s;
        QTest::newRow("id prefix") << prefix << QStringList{u"id::text LIKE $1"_s} << QStringList{u"0f8fad%"_s};
        SagaFilter text;
        text.search = u"card_declined 100%_"_s;
        QTest::newRow("error text, wildcards escaped")
            << text << QStringList{u"last_error ILIKE $1"_s} << QStringList{u"%card\\_declined 100\\%\\_%"_s};
    }
    void filterBecomesParameters()
    {
        QFETCH(SagaFilter, filter);
        QFETCH(QStringList, textContains);
        QFETCH(QStringList, expectedParams);
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        const SqlStatement count = sql.count(filter);
        for (const QString &part : textContains)
            QVERIFY2(q(count).contains(part), qPrintable(q(count)));
        QCOMPARE(params(count), expectedParams);
        QVERIFY(placeholdersMatch(count));
        QCOMPARE(q(count).contains(u" WHERE "_s), !expectedParams.isEmpty());
        // Values never appear in the SQL text itself.
        for (const QString &p : expectedParams)
            QVERIFY2(!q(count).contains(p), qPrintable(q(count)));
    }

    void pageUsesOffsetOrKeyset()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        SagaFilter f;
        f.statuses = {SagaStatus::Failed};
        const SqlStatement byOffset = sql.page(f, 200, 400);
        QVERIFY(q(byOffset).endsWith(u"ORDER BY updated_at DESC, id DESC LIMIT $2::int OFFSET $3::int"_s));
        QCOMPARE(params(byOffset), (QStringList{u"{FAILED}"_s, u"200"_s, u"400"_s}));

        SagaRow last;
        last.id = QUuid::fromString(u"0f8fad5b-d9cb-469f-a165-70867728950e"_s);
        last.updatedAtUs = 1'795'000'000'123'456;
        const SqlStatement byKey = sql.page(f, 200, 0, last);
        QVERIFY2(q(byKey).contains(u"AND (updated_at, id) < (('epoch'::timestamptz + $2::bigint"_s),
                 qPrintable(q(byKey)));
        QVERIFY(!q(byKey).contains(u"OFFSET"_s));
        QCOMPARE(
            params(byKey),
            (QStringList{u"{FAILED}"_s, u"1795000000123456"_s, u"0f8fad5b-d9cb-469f-a165-70867728950e"_s, u"200"_s}));
        QVERIFY(placeholdersMatch(byKey));
        // From an anchor: keyset, then a short OFFSET.
        const SqlStatement fromAnchor = sql.page(f, 200, 600, last);
        QVERIFY(q(fromAnchor).endsWith(u"LIMIT $4::int OFFSET $5::int"_s));
        QCOMPARE(params(fromAnchor).last(), u"600"_s);
        QVERIFY(placeholdersMatch(fromAnchor));

        SagaFilter asc;
        asc.sortColumn = SagaColumn::Attempt;
        asc.sortOrder = Qt::AscendingOrder;
        last.attempt = 3;
        const SqlStatement ascKey = sql.page(asc, 50, 0, last);
        QVERIFY2(q(ascKey).contains(u" WHERE (attempt, id) > ($1::int, $2::uuid)"_s), qPrintable(q(ascKey)));
        QVERIFY(q(ascKey).endsWith(u"ORDER BY attempt ASC, id ASC LIMIT $3::int"_s));
        QVERIFY(placeholdersMatch(ascKey));
    }

    void anchorsNumberTheFilteredRowsInTheSortOrder()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        SagaFilter f;
        f.type = u"order-fulfillment"_s;
        f.sortColumn = SagaColumn::CreatedAt;
        f.sortOrder = Qt::AscendingOrder;
        const SqlStatement a = sql.anchors(f, 1000);
        QVERIFY2(q(a).contains(u"row_number() OVER (ORDER BY created_at ASC, id ASC)"_s), qPrintable(q(a)));
        QVERIFY(q(a).contains(u"WHERE saga_type = $1"_s));
        QVERIFY(q(a).contains(u"rn % $2::int = 0"_s));
        QVERIFY(q(a).endsWith(u"ORDER BY a.rn"_s));
        QCOMPARE(params(a), (QStringList{u"order-fulfillment"_s, u"1000"_s}));
        QVERIFY(placeholdersMatch(a));
    }

    void everyStatementIsWellFormed()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        const QUuid id = QUuid::createUuid();
        const std::vector<SqlStatement> all{sql.byIds({id, QUuid::createUuid()}),
                                            sql.changedSince(5, id, 100),
                                            sql.detail(id),
                                            sql.steps(id),
                                            sql.liveCounts(),
                                            sql.finishedCounts(60),
                                            sql.totalEstimate(),
                                            sql.openTransactions(),
                                            sql.throughput(5),
                                            sql.stuck(300, 200)};
        for (const SqlStatement &s : all)
            QVERIFY2(placeholdersMatch(s), s.text.c_str());
        QVERIFY(q(sql.steps(id)).contains(u"FROM \"saga_steps\" WHERE saga_id = $1::uuid ORDER BY seq"_s));
    }

    // Issue 17: large text is cut in the database, with its full size beside it; only "Load
    // all" (whole) reads it uncut.
    void largeTextIsCutAtFetch()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        const QUuid id = QUuid::createUuid();
        QVERIFY(QString::fromLatin1(SagaSql::rowColumns()).contains(u"left(last_error, 1000)"_s));
        QVERIFY(q(sql.detail(id)).contains(u"left(payload::text, 262144), coalesce(octet_length(payload::text), 0)"_s));
        QVERIFY(
            q(sql.detail(id)).contains(u"left(coalesce(last_error, ''), 262144), coalesce(length(last_error), 0)"_s));
        QVERIFY(q(sql.steps(id)).contains(u"left(coalesce(error, ''), 262144)"_s));
        QVERIFY(!q(sql.detail(id, true)).contains(u"left(payload"_s));
        QVERIFY(q(sql.detail(id, true)).contains(u", payload::text, coalesce(octet_length(payload::text), 0)"_s));
        QVERIFY(!q(sql.steps(id, true)).contains(u"left("_s));
        QVERIFY(placeholdersMatch(sql.detail(id, true)));
    }

    // What runs on every refresh is bounded by the indexes (status, updated_at) and
    // (updated_at): no statement reads the whole table (EXPLAINs in docs/benchmarks.md).
    void refreshStatementsAreBoundedByAnIndex()
    {
        const SagaSql sql(u"saga_instances"_s, u"saga_steps"_s);
        QVERIFY(q(sql.liveCounts()).contains(u"WHERE status = ANY('{STARTED,IN_PROGRESS,COMPENSATING}'::text[])"_s));
        const SqlStatement finished = sql.finishedCounts(60);
        QVERIFY(q(finished).contains(
            u"WHERE status = ANY('{COMPLETED,FAILED,COMPENSATED}'::text[]) AND updated_at >= w.t"_s));
        QCOMPARE(params(finished), QStringList{u"60"_s});
        QVERIFY(q(sql.changedSince(5, QUuid(), 10)).contains(u"WHERE updated_at >= "_s));
        QVERIFY(q(sql.throughput(5)).contains(u"WHERE updated_at >= w.t"_s));
        QVERIFY(q(sql.stuck(300, 200)).contains(u"WHERE status IN ('IN_PROGRESS', 'COMPENSATING')"_s));
        const SqlStatement estimate = SagaSql(u"ops.saga_instances"_s, u"s"_s).totalEstimate();
        QVERIFY(!q(estimate).contains(u"FROM \"ops\""_s)); // pg_class only
        QCOMPARE(params(estimate), QStringList{u"\"ops\".\"saga_instances\""_s});
    }
};

QTEST_APPLESS_MAIN(TestSagaSql)
#include "tst_sagasql.moc"
