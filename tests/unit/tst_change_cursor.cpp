#include "ChangeCursor.h"

#include <QTest>

using namespace sagadeck;

namespace {
constexpr qint64 kS = 1'000'000;                            // one second in microseconds
const ChangeCursor::Windows kWindows{0, 60 * kS, 900 * kS}; // no slack: exact numbers below

SagaRow row(const QUuid &id, qint64 updatedUs)
{
    SagaRow r;
    r.id = id;
    r.updatedAtUs = updatedUs;
    return r;
}

OpenTransactions at(qint64 nowUs, std::optional<qint64> oldestUs = std::nullopt, int hidden = 0)
{
    OpenTransactions o;
    o.dbNowUs = nowUs;
    o.oldestStartUs = oldestUs;
    o.hidden = hidden;
    return o;
}
} // namespace

// The polling cursor: where each poll reads from, and what it reports.
class TestChangeCursor : public QObject
{
    Q_OBJECT
private slots:
    // What the cursor exists for: a slow transaction (begun at 100 s) commits after a faster one
    // (begun at 101 s) was read and after the slow one's poll; its row is still read, once.
    void lateCommitIsReadOnTheNextPass()
    {
        ChangeCursor c(kWindows);
        c.restart(at(99 * kS));
        const QUuid slow = QUuid::createUuid(), fast = QUuid::createUuid();
        QCOMPARE(c.readFromUs(at(102 * kS, 100 * kS)), 99 * kS); // the slow one is open
        QCOMPARE(c.takeNew({row(fast, 101 * kS)}).size(), 1);
        c.finishPoll(true);
        // It commits before the next poll asks: that poll still starts where it began.
        QCOMPARE(c.readFromUs(at(104 * kS)), 100 * kS);
        const QVector<SagaRow> got = c.takeNew({row(slow, 100 * kS), row(fast, 101 * kS)});
        QCOMPARE(got.size(), 1); // the fast one was reported already
        QCOMPARE(got.first().id, slow);
        c.finishPoll(true);
        QCOMPARE(c.readFromUs(at(106 * kS)), 104 * kS); // nothing open: the last question's time
    }

    // A transaction begun after a poll asked, committed after its read, is read by the next one.
    void transactionBegunBetweenTheQuestionAndTheRead()
    {
        ChangeCursor c(kWindows);
        c.restart(at(10 * kS));
        QCOMPARE(c.readFromUs(at(20 * kS)), 10 * kS);
        c.takeNew({row(QUuid::createUuid(), 21 * kS)}); // a faster one, begun later
        c.finishPoll(true);
        const QUuid late = QUuid::createUuid();
        QCOMPARE(c.readFromUs(at(22 * kS)), 20 * kS); // <= 20.5 s, where the late one began
        QCOMPARE(c.takeNew({row(late, 20 * kS + kS / 2)}).size(), 1);
    }

    void aChangedRowIsReportedAgain()
    {
        ChangeCursor c(kWindows);
        c.restart(at(10 * kS));
        const QUuid id = QUuid::createUuid();
        c.readFromUs(at(12 * kS, 11 * kS));
        QCOMPARE(c.takeNew({row(id, 11 * kS)}).size(), 1);
        c.finishPoll(true);
        QCOMPARE(c.readFromUs(at(13 * kS)), 11 * kS);
        QCOMPARE(c.takeNew({row(id, 11 * kS), row(id, 12 * kS)}).size(), 1); // a new updated_at
    }

    void hiddenTransactionsRereadATrailingWindow()
    {
        ChangeCursor c(kWindows);
        c.restart(at(1000 * kS));
        c.readFromUs(at(1010 * kS, std::nullopt, 2));
        c.finishPoll(true);
        QCOMPARE(c.readFromUs(at(1012 * kS)), 950 * kS);
    }

    void neverRewindsPastTheLimit()
    {
        ChangeCursor c(kWindows);
        c.restart(at(5000 * kS));
        c.readFromUs(at(5000 * kS, 10 * kS)); // open for more than an hour
        c.finishPoll(true);
        QCOMPARE(c.readFromUs(at(5002 * kS)), 4100 * kS);
    }

    // A pass longer than a poll's batches goes on where it stopped, so a busy window cannot hide
    // new rows for ever, and the next pass still starts early enough for every poll of this one.
    void aPassCutAtTheBatchLimitResumes()
    {
        ChangeCursor c(kWindows);
        c.restart(at(10 * kS));
        const QUuid last = QUuid::createUuid();
        QCOMPARE(c.readFromUs(at(20 * kS)), 10 * kS);
        c.takeNew({row(QUuid::createUuid(), 11 * kS), row(last, 12 * kS)});
        c.finishPoll(false);
        QCOMPARE(c.readFromUs(at(22 * kS, 15 * kS)), 12 * kS);
        QCOMPARE(c.keyId(), last);
        c.finishPoll(true);
        QCOMPARE(c.readFromUs(at(24 * kS)), 15 * kS); // the earliest of the last pass's polls
        QCOMPARE(c.keyId(), QUuid());
        QCOMPARE(c.keyUs(), 15 * kS - 1);
    }

    void forgetsWhatCanNoLongerBeReread()
    {
        ChangeCursor c(kWindows);
        c.restart(at(10 * kS));
        c.readFromUs(at(20 * kS));
        c.takeNew({row(QUuid::createUuid(), 11 * kS), row(QUuid::createUuid(), 19 * kS)});
        c.finishPoll(true);
        QCOMPARE(c.remembered(), 2);
        c.readFromUs(at(21 * kS)); // from 20 s: neither can come back
        QCOMPARE(c.remembered(), 0);
    }
};

QTEST_APPLESS_MAIN(TestChangeCursor)
#include "tst_change_cursor.moc"
