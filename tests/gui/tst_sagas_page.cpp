#include "ActionConfirmDialog.h"
#include "ConsoleApp.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "SagaActionBar.h"
#include "SagaDetailPane.h"
#include "SagaSummaryStore.h"
#include "SagaTableModel.h"
#include "SagasPage.h"
#include "SavedFilters.h"
#include "SimHarness.h"
#include "StackInfo.h"
#include "StatusTile.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QPushButton>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Sagas page, headless, on the real stack through the whole app (profile file, session,
// feed thread, models): filter to FAILED with the tile, select a saga, read its timeline.
class TestSagasPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profilePath;
    const QString m_id = QUuid::createUuid().toString(QUuid::WithoutBraces);

private slots:
    void initTestCase()
    {
        m_sim = std::make_unique<SimHarness>();
        QVERIFY2(m_sim->error().isEmpty(), qPrintable(m_sim->error()));
        // The profile exactly as the stack writes it.
        m_profilePath = m_dir.filePath(u"profiles.yaml"_s);
        QString profileError;
        QVERIFY2(StackInfo::writeProfile(m_profilePath, &profileError), qPrintable(profileError));

        // A FAILED saga whose compensation failed too, with a known step history.
        const QString sql = uR"SQL(
            INSERT INTO saga_instances (id, saga_type, status, current_step, attempt, last_error, payload, created_at, updated_at)
            VALUES ('%1', 'order-fulfillment', 'FAILED', 'release-inventory', 2,
                    'release-inventory: inventory-service timed out', '{"order_id":"gui-test-42","amount":{"value":129.5,"currency":"EUR"}}',
                    now() - interval '3 seconds', now());
            INSERT INTO saga_steps (saga_id, seq, step, action, service, outcome, error, started_at, finished_at) VALUES
              ('%1', 1, 'reserve-inventory', 'EXECUTE', 'inventory-service', 'SUCCEEDED', NULL, now() - interval '3 s', now() - interval '2.9 s'),
              ('%1', 2, 'charge-payment', 'EXECUTE', 'payment-service', 'FAILED', 'card declined (402)', now() - interval '2.9 s', now() - interval '2.5 s'),
              ('%1', 3, 'release-inventory', 'COMPENSATE', 'inventory-service', 'TIMED_OUT', 'inventory-service timed out', now() - interval '2.5 s', now());
        )SQL"_s.arg(m_id);
        QString error;
        QVERIFY2(m_sim->sqlExecAsSim(sql, &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_sim->sqlExecAsSim(
            u"DELETE FROM saga_steps WHERE saga_id = '%1'; DELETE FROM saga_instances WHERE id = '%1'"_s.arg(m_id));
        m_sim.reset();
    }

    void filterToFailedSelectAndReadTheTimeline()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        QVERIFY2(app.problems().isEmpty(), qPrintable(app.problems().join(u'\n')));
        MainWindow *w = app.window();
        w->resize(1400, 900);
        w->showPage(u"sagas"_s);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        SagasPage *page = w->sagasPage();
        QVERIFY(page);
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 15000);

        // Click the Failed tile: the table is filtered in SQL to what the tile counts, FAILED in
        // the summary's window (the last hour).
        QTRY_VERIFY_WITH_TIMEOUT(app.models().sagaSummary->hasSummary(), 15000);
        QTest::mouseClick(page->tile(SagaStatus::Failed), Qt::LeftButton);
        SagaTableModel *model = app.models().sagas;
        QCOMPARE(model->filter().statuses, QVector<SagaStatus>{SagaStatus::Failed});
        const QDateTime from = model->filter().updatedFrom;
        QVERIFY(from.isValid());
        QVERIFY(qAbs(from.secsTo(QDateTime::currentDateTimeUtc()) - 3600) < 30);
        QCOMPARE(page->tile(SagaStatus::Failed)->detail(), u"in the last hour"_s);
        QTRY_VERIFY_WITH_TIMEOUT(model->countKnown() && model->loadedRowCount() > 0, 10000);
        const qint64 failedInDb =
            m_sim
                ->sqlValue(u"SELECT count(*) FROM saga_instances WHERE status = 'FAILED' AND updated_at >= '%1'"_s.arg(
                    from.toUTC().toString(Qt::ISODateWithMs)))
                .toLongLong();
        QCOMPARE(model->totalCount(), failedInDb);
        QVERIFY2(page->countText().startsWith(QLocale(QLocale::English).toString(failedInDb)),
                 qPrintable(page->countText()));
        for (const SagaRow &r : model->loadedRows(0, model->rowCount() - 1))
            QCOMPARE(r.status, SagaStatus::Failed);

        // Our saga is the most recently updated FAILED one: find its row and click it.
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto rows = model->loadedRows(0, model->rowCount() - 1);
                for (int i = 0; i < rows.size(); ++i)
                    if (rows.at(i).id == QUuid::fromString(m_id))
                        row = i;
                return row >= 0;
            }(),
            5000);
        QTableView *view = page->tableView();
        const QRect cell = view->visualRect(model->index(row, int(SagaColumn::Type)));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(page->selectedSagaId(), QUuid::fromString(m_id));

        // The step timeline and the payload arrive from the feed thread.
        QTableWidget *steps = page->detailPane()->stepTable();
        QTRY_VERIFY2_WITH_TIMEOUT(steps->rowCount() == 3, qPrintable(page->detailPane()->findChild<QLabel *>()->text()),
                                  10000);
        QVERIFY2(page->detailPane()->findChild<QLabel *>()->isHidden(),
                 qPrintable(page->detailPane()->findChild<QLabel *>()->text()));
        QCOMPARE(steps->item(0, 2)->text(), u"reserve-inventory"_s);
        QCOMPARE(steps->item(1, 4)->text(), u"FAILED"_s);
        QCOMPARE(steps->item(1, 7)->text(), u"card declined (402)"_s);
        QCOMPARE(steps->item(2, 1)->text(), u"COMPENSATE"_s);
        QCOMPARE(steps->item(2, 4)->text(), u"TIMED_OUT"_s);
        QVERIFY(page->detailPane()->fieldsText().contains(u"release-inventory: inventory-service timed out"_s));
        QVERIFY(page->detailPane()->fieldsText().contains(u"attempt 2"_s));
        const QString payload = page->detailPane()->findChild<QPlainTextEdit *>(u"sagaPayload"_s)->toPlainText();
        QVERIFY2(payload.contains(u"\"order_id\": \"gui-test-42\""_s), qPrintable(payload));
        QVERIFY(payload.contains(u'\n')); // formatted, not one line

        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/sagas-page.png"_s));
    }

    // While another page is shown the Sagas table loads its first page and nothing more (it
    // once fetched the whole table, page by page, behind every other page); shown, it loads
    // what is on screen.
    void aHiddenTableLoadsOnlyItsFirstPage()
    {
        // More than two pages of sagas, so that a storm would show: a young stack may have
        // fewer, so filler rows make up the difference (and go again afterwards).
        const qint64 have = m_sim->sqlValue(u"SELECT count(*) FROM saga_instances"_s).toLongLong();
        const qint64 filler = std::max<qint64>(0, 2 * SagaTableModel::pageSize + 50 - have);
        struct Cleanup
        {
            SimHarness *sim;
            ~Cleanup() { sim->sqlExecAsSim(u"DELETE FROM saga_instances WHERE saga_type = 'gui-test-filler'"_s); }
        } cleanup{m_sim.get()};
        QString error;
        QVERIFY2(
            m_sim->sqlExecAsSim(u"INSERT INTO saga_instances (id, saga_type, status, created_at, updated_at) "
                                u"SELECT gen_random_uuid(), 'gui-test-filler', 'COMPLETED', now() - interval '1 day', "
                                u"now() - interval '1 day' FROM generate_series(1, %1)"_s.arg(filler),
                                &error),
            qPrintable(error));
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1280, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QCOMPARE(w->currentPageId(), u"overview"_s);
        SagaTableModel *model = app.models().sagas;
        QTRY_VERIFY_WITH_TIMEOUT(model->totalCount() > 2 * SagaTableModel::pageSize, 20000);
        QTest::qWait(2000); // time enough for a page storm to show
        QCOMPARE(model->loadedRowCount(), SagaTableModel::pageSize);
        w->showPage(u"sagas"_s);
        QTRY_VERIFY_WITH_TIMEOUT(model->loadedRowCount() > 0, 10000);
        QVERIFY2(model->loadedRowCount() <= 3 * SagaTableModel::pageSize,
                 qPrintable(QString::number(model->loadedRowCount())));
    }

    void showSagaFocusesOneSaga()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 15000);
        QCOMPARE(w->currentPageId(), u"overview"_s);
        w->showSaga(QUuid::fromString(m_id)); // as the Kafka page does for a clicked saga id
        QCOMPARE(w->currentPageId(), u"sagas"_s);
        QTRY_COMPARE_WITH_TIMEOUT(w->sagasPage()->selectedSagaId(), QUuid::fromString(m_id), 10000);
        QCOMPARE(app.models().sagas->totalCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(w->sagasPage()->detailPane()->stepTable()->rowCount(), 3, 10000);
    }

    // The complaint says "order gui-test-42": the profile's business key finds the saga; the line
    // under the box says how Postgres runs the search; the filter is saved by name and comes back.
    void searchByBusinessKeyThenSaveTheFilter()
    {
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1500, 950);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 15000);
        w->showPage(u"sagas"_s);
        SagasPage *page = w->sagasPage();
        auto *search = page->findChild<QLineEdit *>(u"searchFilter"_s);
        QVERIFY(search->placeholderText().contains(u"order_id:…"_s)); // the stack's profile declares it

        search->setText(u"order_id:gui-test-42"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            app.models().sagas->countKnown() && app.models().sagas->filter().search == search->text(), 10000);
        QCOMPARE(app.models().sagas->totalCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().sagas->rowAt(0).has_value(), 10000);
        QCOMPARE(app.models().sagas->rowAt(0)->id, QUuid::fromString(m_id));
        // The stack indexes order_id: the page names the index (or, were the table read whole,
        // says so): as Postgres' plan says, which the worker read before counting.
        QTRY_VERIFY_WITH_TIMEOUT(page->searchNote()->isVisible(), 10000);
        const SagaSearchPlan plan = app.models().sagas->searchPlan();
        QVERIFY(plan.known);
        QVERIFY2(page->searchNote()->text().contains(plan.readsWholeTable ? u"reads the whole table"_s
                                                                          : u"saga_instances_order_id_idx"_s),
                 qPrintable(page->searchNote()->text()));

        // customer_id has no index in the stack: said, with the index that would serve it.
        search->setText(u"customer_id:4242"_s);
        QTRY_VERIFY_WITH_TIMEOUT(page->searchNote()->text().contains(u"No index serves customer_id"_s), 10000);
        QVERIFY(page->searchNote()->text().contains(u"((payload #>> '{customer_id}'))"_s));
        QTRY_VERIFY_WITH_TIMEOUT(app.models().sagas->countKnown(), 10000);
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(w->grab().save(shots + u"/sagas-business-key-search.png"_s));
        // A typo in the key is said, not silently searched as text.
        search->setText(u"ordr_id:1"_s);
        QTRY_VERIFY_WITH_TIMEOUT(page->searchNote()->text().contains(u"is not a business key"_s), 10000);

        // Saved: failed sagas of the last hour with the order search; another filter; applied back.
        search->setText(u"order_id:gui-test-42"_s);
        auto *status = page->findChild<QComboBox *>(u"statusFilter"_s);
        auto *window = page->findChild<QComboBox *>(u"windowFilter"_s);
        status->setCurrentIndex(status->findData(u"FAILED"_s));
        window->setCurrentIndex(window->findData(60));
        const QString name = u"complaint gui-test-42 "_s + m_id.left(8);
        app.models().savedFilters->requestSave(page->currentFilterAs(name));
        QTRY_VERIFY_WITH_TIMEOUT(page->savedFiltersButton()->menu()->findChild<QAction *>(u"savedFilter:"_s + name),
                                 10000);
        status->setCurrentIndex(0);
        window->setCurrentIndex(0);
        search->clear();
        page->savedFiltersButton()->menu()->findChild<QAction *>(u"savedFilter:"_s + name)->trigger();
        QCOMPARE(search->text(), u"order_id:gui-test-42"_s);
        QCOMPARE(status->currentData().toString(), u"FAILED"_s);
        QCOMPARE(window->currentData().toInt(), 60);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().sagas->countKnown(), 10000);
        QCOMPARE(app.models().sagas->totalCount(), 1);
        app.models().savedFilters->requestRemove(name);
        QTRY_VERIFY_WITH_TIMEOUT(!page->savedFiltersButton()->menu()->findChild<QAction *>(u"savedFilter:"_s + name),
                                 10000);
    }

    void switchingProfilesShowsDownThenLiveAgain()
    {
        // Two profiles: the stack's, and the same with a port nothing listens on.
        QFile f(m_profilePath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString yaml = QString::fromUtf8(f.readAll());
        const int at = yaml.indexOf(u"  local:\n"_s);
        QVERIFY(at > 0);
        QString other = yaml.mid(at);
        other.replace(u"  local:\n"_s, u"  unreachable:\n"_s);
        other.replace(QRegularExpression(u"port=\\d+"_s), u"port=1"_s);
        const QString twoPath = m_dir.filePath(u"two.yaml"_s);
        QFile two(twoPath);
        QVERIFY(two.open(QIODevice::WriteOnly));
        two.write((yaml + other).toUtf8());
        two.close();

        CommandLineOptions options;
        options.configPath = twoPath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->showPage(u"sagas"_s);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        FeedHealthModel *health = app.models().health;
        QTRY_COMPARE_WITH_TIMEOUT(health->health(FeedKind::Postgres).state, FeedState::Live, 15000);

        auto *switcher = w->findChild<QComboBox *>(u"profileSwitcher"_s);
        QVERIFY(switcher);
        QCOMPARE(switcher->count(), 2);
        QCOMPARE(switcher->currentText(), u"local"_s);
        switcher->setFocus();
        QTest::keyClick(switcher, Qt::Key_Down); // a real key press on the real widget
        QCOMPARE(app.profileName(), u"unreachable"_s);
        QTRY_COMPARE_WITH_TIMEOUT(health->health(FeedKind::Postgres).state, FeedState::Down, 15000);
        QVERIFY2(w->sagasPage()->bannerText().contains(u"Postgres is Down"_s),
                 qPrintable(w->sagasPage()->bannerText()));
        QVERIFY(w->profileText().contains(u"unreachable"_s));
        // Nothing from the old profile lingers as if it were current.
        QCOMPARE(app.models().sagas->rowCount(), 0);

        QTest::keyClick(switcher, Qt::Key_Up);
        QCOMPARE(app.profileName(), u"local"_s);
        QTRY_COMPARE_WITH_TIMEOUT(health->health(FeedKind::Postgres).state, FeedState::Live, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(app.models().sagas->loadedRowCount() > 0, 10000);
        QVERIFY(w->sagasPage()->bannerText().isEmpty());
    }

    // Last, because it changes the test saga: retry it from the page, through the dialog and
    // the orchestrator (saga-sim), and read the new attempt from Postgres.
    void retryTheFailedSagaThroughTheDialog()
    {
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"state"_s).toUtf8()); // this test's audit log
        CommandLineOptions options;
        options.configPath = m_profilePath;
        ConsoleApp app(options);
        MainWindow *w = app.window();
        w->resize(1400, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        QTRY_COMPARE_WITH_TIMEOUT(app.models().health->health(FeedKind::Postgres).state, FeedState::Live, 15000);
        w->showSaga(QUuid::fromString(m_id));
        SagasPage *page = w->sagasPage();
        QTRY_COMPARE_WITH_TIMEOUT(page->selectedSagaId(), QUuid::fromString(m_id), 10000);
        SagaActionBar *bar = page->actionBar();
        QTRY_VERIFY2(bar->retryButton()->isEnabled(), qPrintable(bar->retryButton()->toolTip()));
        const QString attemptSql = u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(m_id);
        const int before = m_sim->sqlValue(attemptSql).toInt();
        QTest::mouseClick(bar->retryButton(), Qt::LeftButton);
        for (int i = 0; i < 5; ++i) // five more clicks while it runs: still one intent
            QTest::mouseClick(bar->retryButton(), Qt::LeftButton);
        ActionConfirmDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<ActionConfirmDialog *>()) != nullptr, 15000);
        QVERIFY(!dialog->confirmButton()->isEnabled()); // no reason yet
        if (dialog->confirmationEdit())
            QTest::keyClicks(dialog->confirmationEdit(), dialog->confirmationEdit()->placeholderText());
        QTest::keyClicks(dialog->reasonEdit(), u"GUI test: retry"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(bar->resultText().startsWith(u"1 done"_s), qPrintable(bar->resultText()), 60000);
        QCOMPARE(m_sim->sqlValue(attemptSql).toInt(), before + 1);
        // The per-saga report names it.
        QVERIFY(!bar->reportButton()->isHidden());
        QVERIFY2(bar->reportText().contains(m_id + u"  done"_s), qPrintable(bar->reportText()));
        QVERIFY(bar->retryButton()->isEnabled() || bar->retryButton()->toolTip().contains(u"select"_s));
    }
};

QTEST_MAIN(TestSagasPage)
#include "tst_sagas_page.moc"
