#include "EventTailBuffer.h"
#include "EventTailModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
QUuid idFor(int n)
{
    return QUuid(quint32(n), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4a);
}

SagaEvent event(int n, const QString &type = u"STEP_STARTED"_s)
{
    const QByteArray json = u"{\"saga_id\":\"%1\",\"saga_type\":\"order-fulfillment\",\"type\":\"%2\","
                            u"\"step\":\"charge-payment\",\"status\":\"IN_PROGRESS\",\"at\":\"2026-01-01T00:00:00Z\"}"_s
                                .arg(idFor(n).toString(QUuid::WithoutBraces), type)
                                .toUtf8();
    return SagaEvent::parse(n % 6, n, 1'700'000'000'000 + n, idFor(n).toString(QUuid::WithoutBraces).toUtf8(), json);
}

QVector<SagaEvent> events(int from, int count)
{
    QVector<SagaEvent> v;
    for (int i = from; i < from + count; ++i)
        v.append(event(i, i % 3 == 0 ? u"STEP_FAILED"_s : u"STEP_STARTED"_s));
    return v;
}
} // namespace

class TestEventTail : public QObject
{
    Q_OBJECT
private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("problem");
        QTest::newRow("contract event") << QByteArray(
            "{\"saga_id\":\"4a8f3c1e-0000-4000-8000-000000000001\",\"saga_type\":\"order-fulfillment\",\"type\":\"SAGA_STARTED\",\"step\":\"\",\"status\":\"STARTED\",\"at\":\"x\"}")
                                        << QString();
        QTest::newRow("not json") << QByteArray("hello {") << u"not JSON"_s;
        QTest::newRow("json array") << QByteArray("[1,2]") << u"not a JSON object"_s;
        QTest::newRow("no saga id") << QByteArray("{\"type\":\"SAGA_STARTED\"}") << u"no valid saga_id"_s;
        QTest::newRow("bad saga id") << QByteArray("{\"saga_id\":\"nope\",\"type\":\"SAGA_STARTED\"}")
                                     << u"no valid saga_id"_s;
        QTest::newRow("no type") << QByteArray("{\"saga_id\":\"4a8f3c1e-0000-4000-8000-000000000001\"}")
                                 << u"no type"_s;
        QTest::newRow("empty") << QByteArray() << u"not JSON"_s;
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe", 3) << u"not JSON"_s;
    }

    void parse()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, problem);
        const SagaEvent e = SagaEvent::parse(2, 42, 1000, "k", payload);
        QCOMPARE(e.partition, 2);
        QCOMPARE(e.offset, 42);
        QCOMPARE(e.malformed(), !problem.isEmpty());
        QVERIFY2(problem.isEmpty() ? e.problem.isEmpty() : e.problem.startsWith(problem), qPrintable(e.problem));
        if (problem.isEmpty()) {
            QCOMPARE(e.type, u"SAGA_STARTED"_s);
            QCOMPARE(e.sagaId, QUuid::fromString(u"4a8f3c1e-0000-4000-8000-000000000001"_s));
        }
    }

    void bufferIsCappedNewestFirst()
    {
        EventTailBuffer b(10);
        QCOMPARE(b.append(events(0, 4)), 4);
        QCOMPARE(b.events().first().offset, 3);
        QCOMPARE(b.append(events(4, 25)), 10);
        QCOMPARE(b.events().size(), 10);
        QCOMPARE(b.events().first().offset, 28);
        QCOMPARE(b.events().last().offset, 19);
        QCOMPARE(b.dropped(), 19);
    }

    void pauseHoldsEventsAside()
    {
        EventTailBuffer b(10);
        b.append(events(0, 3));
        b.pause();
        QCOMPARE(b.append(events(3, 4)), 0);
        QCOMPARE(b.events().size(), 3);
        QCOMPARE(b.waiting(), 4);
        QCOMPARE(b.resume(), 4);
        QCOMPARE(b.events().size(), 7);
        QCOMPARE(b.events().first().offset, 6);
        QCOMPARE(b.waiting(), 0);
        b.pause();
        b.append(events(10, 30)); // more than the cap while paused
        QCOMPARE(b.waiting(), 10);
        b.resume();
        QCOMPARE(b.events().first().offset, 39);
        QCOMPARE(b.events().size(), 10);
    }

    void filter_data()
    {
        QTest::addColumn<QString>("saga");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("expected");
        QTest::newRow("none") << QString() << QString() << 12;
        QTest::newRow("type") << QString() << u"STEP_FAILED"_s << 4;
        QTest::newRow("saga id fragment, any case")
            << idFor(5).toString(QUuid::WithoutBraces).left(8).toUpper() << QString() << 1;
        QTest::newRow("both") << idFor(6).toString(QUuid::WithoutBraces) << u"STEP_FAILED"_s << 1;
        QTest::newRow("both, no match") << idFor(5).toString(QUuid::WithoutBraces) << u"STEP_FAILED"_s << 0;
    }

    void filter()
    {
        QFETCH(QString, saga);
        QFETCH(QString, type);
        QFETCH(int, expected);
        EventTailBuffer b(100);
        b.append(events(0, 12));
        QCOMPARE(b.matching({saga, type}).size(), expected);
    }

    void modelInsertsAtTopAndTrims()
    {
        EventTailModel m(10);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.append(events(0, 6));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 5);
        QCOMPARE(m.index(0, EventTailModel::Position).data().toString(), u"p5 @5"_s);
        m.append(events(6, 6));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(removed.size(), 1); // 12 > cap 10: the two oldest leave at the bottom
        QCOMPARE(m.rowCount(), 10);
        QCOMPARE(m.index(0, EventTailModel::SagaId).data(EventTailModel::SagaIdRole).toUuid(), idFor(11));
        QCOMPARE(reset.size(), 0);

        m.setFilter({QString(), u"STEP_FAILED"_s});
        QCOMPARE(reset.size(), 1);
        for (int r = 0; r < m.rowCount(); ++r)
            QCOMPARE(m.index(r, EventTailModel::Type).data().toString(), u"STEP_FAILED"_s);
        m.append(events(12, 3)); // 12 is STEP_FAILED, 13/14 are not
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(m.index(0, EventTailModel::Position).data().toString(), u"p0 @12"_s);

        m.setPaused(true);
        m.append(events(15, 3));
        QCOMPARE(inserted.size(), 3); // frozen while paused
        m.setPaused(false);
        QCOMPARE(inserted.size(), 4); // 15 is STEP_FAILED
        QCOMPARE(m.index(0, EventTailModel::Position).data().toString(), u"p3 @15"_s);
    }

    void malformedEventsAreShownAsSuch()
    {
        EventTailModel m(10);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.append({SagaEvent::parse(1, 7, 1000, "k1", "{not json")});
        QCOMPARE(m.rowCount(), 1);
        QVERIFY(m.index(0, EventTailModel::Type).data().toString().startsWith(u"MALFORMED"_s));
        QVERIFY(m.index(0, 0).data(EventTailModel::MalformedRole).toBool());
        QVERIFY(m.index(0, 0).data(EventTailModel::SagaIdRole).toUuid().isNull());
        QCOMPARE(m.index(0, EventTailModel::SagaId).data().toString(), u"k1"_s);
    }

    void problemIsClearedByEvents()
    {
        EventTailModel m(10);
        QSignalSpy spy(&m, &EventTailModel::problemChanged);
        m.setProblem(u"broker down"_s);
        m.setProblem(u"broker down"_s);
        QCOMPARE(spy.size(), 1);
        m.append(events(0, 1));
        QCOMPARE(spy.size(), 2);
        QVERIFY(m.problem().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEventTail)
#include "tst_eventtail.moc"
