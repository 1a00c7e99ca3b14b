#include "SagaFilter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestSagaFilter : public QObject
{
    Q_OBJECT
private:
    static SagaRow row()
    {
        SagaRow r;
        r.id = QUuid::fromString(u"0f8fad5b-d9cb-469f-a165-70867728950e"_s);
        r.type = u"order-fulfillment"_s;
        r.status = SagaStatus::Failed;
        r.statusText = u"FAILED"_s;
        r.currentStep = u"charge-payment"_s;
        r.attempt = 2;
        r.lastError = u"payment-service: card declined (402)"_s;
        r.updatedAt = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
        return r;
    }

private slots:
    void matches_data()
    {
        QTest::addColumn<SagaFilter>("filter");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty filter") << SagaFilter{} << true;
        SagaFilter f;
        f.statuses = {SagaStatus::Failed};
        QTest::newRow("status in") << f << true;
        f.statuses = {SagaStatus::Completed, SagaStatus::InProgress};
        QTest::newRow("status not in") << f << false;
        f = {};
        f.type = u"order-fulfillment"_s;
        QTest::newRow("type equal") << f << true;
        f.type = u"account-signup"_s;
        QTest::newRow("type differs") << f << false;
        f = {};
        f.step = u"charge-payment"_s;
        QTest::newRow("step equal") << f << true;
        f.step = u"charge"_s;
        QTest::newRow("step is exact, not a prefix") << f << false;
        f = {};
        f.updatedFrom = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
        QTest::newRow("from is inclusive") << f << true;
        f.updatedFrom = {};
        f.updatedTo = QDateTime::fromSecsSinceEpoch(1'000'000, Qt::UTC);
        QTest::newRow("to is exclusive") << f << false;
        f = {};
        f.search = u"0F8FAD5B"_s;
        QTest::newRow("id prefix, any case") << f << true;
        f.search = u"card DECLINED"_s;
        QTest::newRow("error text, any case") << f << true;
        f.search = u"timeout"_s;
        QTest::newRow("text nowhere") << f << false;
        f = {};
        f.statuses = {SagaStatus::Failed};
        f.type = u"order-fulfillment"_s;
        f.search = u"declined"_s;
        QTest::newRow("all conditions hold") << f << true;
        f.step = u"notify-customer"_s;
        QTest::newRow("one condition fails") << f << false;
    }
    void matches()
    {
        QFETCH(SagaFilter, filter);
        QFETCH(bool, expected);
        QCOMPARE(filter.matches(row()), expected);
    }

    void describeSaysWhatIsShown()
    {
        SagaFilter f;
        QVERIFY(f.isEmpty());
        QCOMPARE(f.describe(), u"sorted by updated (utc) ↓"_s);
        f.statuses = {SagaStatus::Failed, SagaStatus::Compensated};
        f.type = u"order-fulfillment"_s;
        QVERIFY(!f.isEmpty());
        QCOMPARE(f.describe(), u"status FAILED|COMPENSATED, type order-fulfillment, sorted by updated (utc) ↓"_s);
    }

    void statusNamesRoundTrip()
    {
        for (SagaStatus s : knownSagaStatuses)
            QCOMPARE(parseSagaStatus(sagaStatusName(s)), s);
        QCOMPARE(parseSagaStatus(u"PAUSED"_s), SagaStatus::Unknown);
        QVERIFY(isTerminal(SagaStatus::Compensated));
        QVERIFY(!isTerminal(SagaStatus::Compensating));
    }
};

QTEST_APPLESS_MAIN(TestSagaFilter)
#include "tst_sagafilter.moc"
