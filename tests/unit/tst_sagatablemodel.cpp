#include "SagaTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

SagaRow makeRow(int n, SagaStatus status = SagaStatus::Completed)
{
    SagaRow r;
    r.id = QUuid(quint32(n), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4a);
    r.type = n % 2 ? u"order-fulfillment"_s : u"account-signup"_s;
    r.status = status;
    r.statusText = sagaStatusName(status);
    r.currentStep = u"notify-customer"_s;
    r.updatedAtUs = 1'795'000'000'000'000 - qint64(n) * 1000;
    r.updatedAt = QDateTime::fromMSecsSinceEpoch(r.updatedAtUs / 1000, Qt::UTC);
    return r;
}

QVector<SagaRow> makePage(int first, int count, SagaStatus status = SagaStatus::Completed)
{
    QVector<SagaRow> rows;
    for (int i = 0; i < count; ++i)
        rows.append(makeRow(first + i, status));
    return rows;
}

} // namespace

class TestSagaTableModel : public QObject
{
    Q_OBJECT
private slots:
    void firstFilterAsksForCountAndFirstPage()
    {
        SagaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);
        QSignalSpy counts(&model, &SagaTableModel::countRequested);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setFilter({});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(pages.count(), 1);
        const auto request = pages.at(0).at(0).value<SagaPageRequest>();
        QCOMPARE(request.offset, 0);
        QCOMPARE(request.limit, SagaTableModel::pageSize);
        QCOMPARE(request.generation, model.generation());
        QVERIFY(!request.after.has_value());
        QCOMPARE(model.rowCount(), 0);
    }

    void rowsShowBeforeTheCountAndGrowWithIt()
    {
        SagaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({});
        const quint64 gen = model.generation();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.applyPage(gen, 0, makePage(0, SagaTableModel::pageSize));
        QCOMPARE(model.rowCount(), SagaTableModel::pageSize);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.index(0, int(SagaColumn::Id)).data().toString(), makeRow(0).id.toString(QUuid::WithoutBraces));
        // (The tester reads every cell after each change; 5,000 rows keep that quick.)
        model.applyCount(gen, 5'000);
        QCOMPARE(model.rowCount(), 5'000);
        QCOMPARE(inserted.count(), 2);
        QVERIFY(model.countKnown());
        // A smaller count later (rows deleted) removes rows at the end.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.applyCount(gen, 150);
        QCOMPARE(model.rowCount(), 150);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.loadedRowCount(), 150);
    }

    void aCountEqualToTheRowsShownIsStillAnnounced()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyPage(gen, 0, makePage(0, 3));
        QSignalSpy counts(&model, &SagaTableModel::countChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.applyCount(gen, 3);
        QCOMPARE(counts.count(), 1); // "3 sagas match" replaces "Counting…"
        QCOMPARE(inserted.count(), 0);
        QVERIFY(model.countKnown());
    }

    void unloadedRowsAskForTheirPageOnce()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyCount(gen, 10'000);
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);
        const QModelIndex far = model.index(5'123, 0);
        QCOMPARE(far.data().toString(), u"loading…"_s);
        QCOMPARE(far.data(SagaTableModel::LoadedRole).toBool(), false);
        QCOMPARE(model.index(5'124, 3).data(), QVariant());
        model.index(5'150, 0).data();
        QCOMPARE(pages.count(), 1); // one page, asked for once
        const auto request = pages.at(0).at(0).value<SagaPageRequest>();
        QCOMPARE(request.offset, 5'000);
        QVERIFY(!request.after.has_value()); // a jump: no loaded neighbour to continue from
    }

    void nextPageContinuesWithAKeyset()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyCount(gen, 1000);
        model.applyPage(gen, 0, makePage(0, SagaTableModel::pageSize));
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);
        model.ensureLoaded(150, 260);
        QCOMPARE(pages.count(), 1);
        const auto request = pages.at(0).at(0).value<SagaPageRequest>();
        QCOMPARE(request.offset, SagaTableModel::pageSize);
        QVERIFY(request.after.has_value());
        QCOMPARE(request.after->id, makeRow(SagaTableModel::pageSize - 1).id);
        QCOMPARE(request.skip, 0);
    }

    void deepTablesAskForAnchorsAndJumpFromThem()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        QSignalSpy anchorsWanted(&model, &SagaTableModel::anchorsRequested);
        model.applyCount(gen, 100'000);
        QCOMPARE(anchorsWanted.count(), 1);
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);

        // Before the anchors arrive, a jump is a plain OFFSET.
        model.ensureLoaded(54'321, 54'330);
        QCOMPARE(pages.count(), 1);
        auto request = pages.takeFirst().at(0).value<SagaPageRequest>();
        QCOMPARE(request.offset, 54'200);
        QCOMPARE(request.skip, 54'200);
        QVERIFY(!request.after);

        // Anchors: rows 999, 1999, ... (every 1000th); a jump starts at the one before it.
        QVector<SagaRow> anchors;
        for (int i = 1; i <= 100; ++i)
            anchors.append(makeRow(i * 1000 - 1));
        model.applyAnchors(gen, 1000, anchors);
        QVERIFY(model.hasAnchors());
        model.ensureLoaded(77'750, 77'760);
        request = pages.takeFirst().at(0).value<SagaPageRequest>();
        QCOMPARE(request.offset, 77'600);
        QVERIFY(request.after);
        QCOMPARE(request.after->id, makeRow(76'999).id); // the anchor at position 76,999
        QCOMPARE(request.skip, 600);                     // rows 77,000 .. 77,599 skipped
        // A page that starts exactly on an anchor boundary skips nothing.
        model.ensureLoaded(3'000, 3'001);
        request = pages.takeFirst().at(0).value<SagaPageRequest>();
        QCOMPARE(request.after->id, makeRow(2'999).id);
        QCOMPARE(request.skip, 0);
        // Near the top, before the first anchor: a short OFFSET.
        model.ensureLoaded(400, 401);
        request = pages.takeFirst().at(0).value<SagaPageRequest>();
        QVERIFY(!request.after);
        QCOMPARE(request.skip, 400);
        // Anchors of another generation are ignored.
        model.reload();
        model.applyAnchors(gen, 1000, anchors);
        QVERIFY(!model.hasAnchors());
    }

    void staleAnswersAreDropped()
    {
        SagaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({});
        const quint64 old = model.generation();
        SagaFilter failed;
        failed.statuses = {SagaStatus::Failed};
        model.setFilter(failed);
        QVERIFY(model.generation() != old);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.applyCount(old, 500);
        model.applyPage(old, 0, makePage(0, 10));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(inserted.count(), 0);
    }

    void sortStartsANewGenerationSortedInSql()
    {
        SagaTableModel model;
        model.setFilter({});
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);
        model.sort(int(SagaColumn::Attempt), Qt::AscendingOrder);
        QCOMPARE(pages.count(), 1);
        const auto request = pages.at(0).at(0).value<SagaPageRequest>();
        QCOMPARE(request.filter.sortColumn, SagaColumn::Attempt);
        QCOMPARE(request.filter.sortOrder, Qt::AscendingOrder);
        QCOMPARE(model.filter().sortColumn, SagaColumn::Attempt);
    }

    void liveChangesUpdateInPlaceOncePerRun()
    {
        SagaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyCount(gen, 50);
        model.applyPage(gen, 0, makePage(0, 50));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // Rows 3, 4, 5 and 9 change: two contiguous runs.
        QVector<SagaRow> changes;
        for (int n : {3, 4, 5, 9}) {
            SagaRow r = makeRow(n, SagaStatus::Completed);
            r.attempt = 2;
            r.updatedAtUs += 5'000'000;
            changes.append(r);
        }
        model.applyChanges(changes);
        model.applyChanges({changes.at(0)}); // the same value again: nothing new
        QCOMPARE(changed.count(), 0);        // coalesced: nothing before the flush
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 1000);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 3);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 5);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 9);
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().row(), 9);
        QCOMPARE(moved.count(), 0);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.index(4, int(SagaColumn::Attempt)).data().toInt(), 2);
        QCOMPARE(model.pendingChanges(), 0);
    }

    void changesOutsideTheWindowArePending()
    {
        SagaTableModel model;
        SagaFilter failed;
        failed.statuses = {SagaStatus::Failed};
        model.setFilter(failed);
        const quint64 gen = model.generation();
        model.applyCount(gen, 10);
        model.applyPage(gen, 0, makePage(0, 10, SagaStatus::Failed));
        QSignalSpy pending(&model, &SagaTableModel::pendingChangesChanged);

        model.applyChanges({makeRow(500, SagaStatus::Failed)}); // new, fits the filter
        QCOMPARE(model.pendingChanges(), 1);
        model.applyChanges({makeRow(501, SagaStatus::Completed)}); // new, does not fit
        QCOMPARE(model.pendingChanges(), 1);
        model.applyChanges({makeRow(2, SagaStatus::InProgress)}); // shown, no longer fits
        QCOMPARE(model.pendingChanges(), 2);
        QCOMPARE(pending.count(), 2);
        // Still shown where it was, with its new status.
        QCOMPARE(model.index(2, int(SagaColumn::Status)).data(SagaTableModel::StatusRole).toInt(),
                 int(SagaStatus::InProgress));

        QSignalSpy counts(&model, &SagaTableModel::countRequested);
        model.reload();
        QCOMPARE(model.pendingChanges(), 0);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    void pageErrorsAreReportedAndRetried()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyCount(gen, 1000);
        QSignalSpy errors(&model, &SagaTableModel::errorChanged);
        model.applyPageError(gen, 0, u"canceling statement due to statement timeout"_s);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(model.lastError(), u"canceling statement due to statement timeout"_s);
        QSignalSpy pages(&model, &SagaTableModel::pageRequested);
        model.index(0, 0).data(); // the failed page may be asked for again
        QCOMPARE(pages.count(), 1);
    }

    void cacheStaysBounded()
    {
        SagaTableModel model;
        model.setFilter({});
        const quint64 gen = model.generation();
        model.applyCount(gen, 1'000'000);
        for (int page = 0; page < SagaTableModel::maxCachedPages + 40; ++page) {
            model.ensureLoaded(page * SagaTableModel::pageSize, page * SagaTableModel::pageSize);
            model.applyPage(gen, page * SagaTableModel::pageSize,
                            makePage(page * SagaTableModel::pageSize, SagaTableModel::pageSize));
        }
        QCOMPARE(model.loadedRowCount(), SagaTableModel::maxCachedPages * SagaTableModel::pageSize);
        // The most recent pages are the ones kept.
        QVERIFY(model.rowAt((SagaTableModel::maxCachedPages + 39) * SagaTableModel::pageSize));
        QVERIFY(!model.rowAt(0));
    }
};

QTEST_MAIN(TestSagaTableModel)
#include "tst_sagatablemodel.moc"
