// The Database page's logic without the stack (issue 20): the page built on a hand-filled
// DatabaseActivityStore, long-running queries marked (shape and colour), the age of its data and
// the banner for each state of the Postgres feed, the slow statements or why they cannot be read,
// untrusted query text as plain text, and what the Cancel / Terminate buttons allow and say.
// tst_database_remedies checks the same against the stack.
#include "HandFilledModels.h"

#include "BackendActionController.h"
#include "BackendActionPlan.h"
#include "DatabaseActivityStore.h"
#include "DatabasePage.h"
#include "FeedHealthModel.h"
#include "StatusGlyph.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;

namespace {

RunningQuery query(int pid, double runningS, const QString &text, const QString &state = u"active"_s)
{
    RunningQuery q;
    q.pid = pid;
    q.user = u"saga_sim"_s;
    q.application = u"orchestrator"_s;
    q.clientAddr = u"10.0.0.7"_s;
    q.state = state;
    q.backendType = u"client backend"_s;
    q.query = text;
    q.queryChars = text.size();
    q.runningS = runningS;
    q.backendStartUs = 1000 + pid;
    return q;
}

SlowStatement statement(qint64 id, double meanMs, qint64 calls)
{
    SlowStatement s;
    s.queryId = id;
    s.user = u"saga_sim"_s;
    s.calls = calls;
    s.rows = calls * 2;
    s.meanMs = meanMs;
    s.totalMs = meanMs * double(calls);
    s.query = u"SELECT * FROM saga_instances WHERE id = $1"_s;
    s.queryChars = s.query.size();
    return s;
}

DatabaseActivity activity(qint64 ageMs)
{
    DatabaseActivity a;
    a.database = u"microservices"_s;
    a.at = QDateTime::currentDateTimeUtc().addMSecs(-ageMs);
    a.running = {query(11, 720, u"SELECT pg_sleep(900)"_s), query(12, 3, u"UPDATE saga_instances SET x = 1"_s),
                 query(13, 40, u"<b>COMMIT</b>"_s, u"idle in transaction"_s)};
    a.statementsAvailable = true;
    a.byMean = {statement(1, 950.4, 3), statement(2, 12.25, 4000)};
    a.byTotal = {statement(2, 12.25, 4000), statement(1, 950.4, 3)};
    return a;
}

struct Database
{
    FeedHealthModel health;
    DatabaseActivityStore store;
    std::unique_ptr<DatabasePage> page;
    QAbstractItemModelTester running{store.running(), QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester byMean{store.byMean(), QAbstractItemModelTester::FailureReportingMode::QtTest};

    Database()
    {
        store.setThresholdS(300);
        page = std::make_unique<DatabasePage>(&store, &health);
    }
    void setHealth(FeedState state, const QString &reason, qint64 ageMs)
    {
        health.update(feed(FeedKind::Postgres, state, reason,
                           ageMs < 0 ? QDateTime() : QDateTime::currentDateTimeUtc().addMSecs(-ageMs)));
    }
    // The running table as shown (through the page's highlight).
    QVariant shown(int row, int column, int role = Qt::DisplayRole) const
    {
        const QAbstractItemModel *m = page->runningTable()->model();
        return m->data(m->index(row, column), role);
    }
};

} // namespace

class TestDatabaseLogic : public QObject
{
    Q_OBJECT
private slots:
    void longRunningQueriesAreMarked()
    {
        Database d;
        d.setHealth(FeedState::Live, QString(), 0);
        d.store.apply(0, activity(1500));
        QCOMPARE(d.page->runningTable()->model()->rowCount(), 3);
        // Over 5 minutes: ▲ before the duration, the alarm colour, bold.
        QCOMPARE(d.shown(0, RunningQueryModel::RunningFor).toString(), u"▲ 12 min 00 s"_s);
        QCOMPARE(d.shown(0, RunningQueryModel::Pid, Qt::ForegroundRole).value<QColor>(), stateColor(FeedState::Down));
        QVERIFY(d.shown(0, RunningQueryModel::Query, Qt::FontRole).value<QFont>().bold());
        QVERIFY(d.shown(0, 0, RunningQueryModel::LongRunningRole).toBool());
        // Under it: plain.
        QCOMPARE(d.shown(1, RunningQueryModel::RunningFor).toString(), u"3 s"_s);
        QVERIFY(!d.shown(1, RunningQueryModel::Pid, Qt::ForegroundRole).isValid());
        QVERIFY(!d.shown(1, 0, RunningQueryModel::LongRunningRole).toBool());
        QVERIFY2(d.page->runningHeaderText().contains(u"3 not idle · 1 over 5 min 00 s"_s),
                 qPrintable(d.page->runningHeaderText()));
        // The threshold is the profile's (tests use seconds): 3 s is over 2 s.
        d.store.setThresholdS(2);
        QCOMPARE(d.store.longRunning(), 3);
        QCOMPARE(d.shown(1, RunningQueryModel::RunningFor).toString(), u"▲ 3 s"_s);
    }

    void queryTextIsPlain()
    {
        Database d;
        d.store.apply(0, activity(0));
        // Markup from the database is shown as the characters it is.
        QCOMPARE(d.shown(2, RunningQueryModel::Query).toString(), u"<b>COMMIT</b>"_s);
        const QString tip = d.shown(2, RunningQueryModel::Query, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"&lt;b&gt;COMMIT&lt;/b&gt;"_s), qPrintable(tip));
        for (QLabel *l : d.page->findChildren<QLabel *>())
            if (l->objectName() != u"databaseBanner"_s)
                QCOMPARE(l->textFormat(), Qt::PlainText);
    }

    void ageAndBanner_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("banner");
        QTest::newRow("live") << int(FeedState::Live) << QString() << false;
        QTest::newRow("down") << int(FeedState::Down) << u"connection refused"_s << true;
        QTest::newRow("stale") << int(FeedState::Stale) << QString() << true;
        QTest::newRow("disabled") << int(FeedState::Disabled) << u"no postgres section"_s << true;
    }
    void ageAndBanner()
    {
        QFETCH(int, state);
        QFETCH(QString, reason);
        QFETCH(bool, banner);
        Database d;
        d.setHealth(FeedState(state), reason, 65000);
        d.store.apply(0, activity(65000));
        d.page->refresh();
        QVERIFY2(d.page->ageText().contains(u"database microservices · read 1 min"_s), qPrintable(d.page->ageText()));
        if (!banner) {
            QCOMPARE(d.page->bannerText(), QString());
            return;
        }
        QVERIFY2(d.page->bannerText().contains(u"read 1 min"_s), qPrintable(d.page->bannerText()));
        QVERIFY(d.page->bannerText().contains(u"not current"_s));
        if (!reason.isEmpty())
            QVERIFY(d.page->bannerText().contains(reason));
    }

    void failedReadingIsSaidAndKeepsTheData()
    {
        Database d;
        d.setHealth(FeedState::Live, QString(), 0);
        d.store.refresh(); // not started: nobody asked
        d.store.apply(0, activity(0));
        d.store.applyError(0, u"ERROR:  permission denied for view pg_stat_activity"_s);
        d.page->refresh();
        QVERIFY(d.page->bannerText().contains(u"pg_stat_activity could not be read: ERROR:  permission denied"_s));
        QCOMPARE(d.page->runningTable()->model()->rowCount(), 3); // what was read stays, with its age
        // Nothing read yet: said so, never an empty healthy page.
        Database empty;
        empty.setHealth(FeedState::Connecting, QString(), -1);
        empty.page->refresh();
        QVERIFY(empty.page->ageText().contains(u"not read yet"_s));
        QVERIFY(empty.page->bannerText().contains(u"nothing read yet"_s));
    }

    void statementsOrWhyNot()
    {
        Database d;
        d.setHealth(FeedState::Live, QString(), 0);
        d.store.apply(0, activity(0));
        QVERIFY(d.page->statementsText().contains(u"top 20 of database microservices"_s));
        const QAbstractItemModel *m = d.page->byMeanTable()->model();
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(m->index(0, SlowStatementModel::MeanMs).data().toString(), u"950"_s);
        QCOMPARE(m->index(1, SlowStatementModel::MeanMs).data().toString(), u"12.25"_s);
        QCOMPARE(m->index(1, SlowStatementModel::Calls).data().toString(), u"4000"_s);
        QCOMPARE(m->index(1, SlowStatementModel::TotalMs).data().toString(), u"49000"_s);
        QCOMPARE(d.page->byTotalTable()->model()->index(0, SlowStatementModel::QueryId).data().toString(), u"2"_s);

        DatabaseActivity none = activity(0);
        none.statementsAvailable = false;
        none.byMean.clear();
        none.byTotal.clear();
        none.statementsProblem = statementsNotInstalledText(u"microservices"_s, false);
        d.store.apply(0, none);
        d.page->show();
        const QString text = d.page->statementsText();
        QVERIFY2(text.contains(u"not available"_s), qPrintable(text));
        QVERIFY(text.contains(u"shared_preload_libraries = 'pg_stat_statements'"_s));
        QVERIFY(text.contains(u"CREATE EXTENSION pg_stat_statements;"_s));
        QVERIFY(d.page->findChild<QTabWidget *>(u"statementsTabs"_s)->isHidden()); // never an empty table
        d.page->hide();
    }

    void buttonsSayWhy()
    {
        Database d;
        d.setHealth(FeedState::Live, QString(), 0);
        d.store.apply(0, activity(0));
        QSignalSpy cancel(d.page.get(), &DatabasePage::cancelRequested);
        QSignalSpy terminate(d.page.get(), &DatabasePage::terminateRequested);
        // Nothing selected.
        QVERIFY(!d.page->cancelButton()->isEnabled());
        QVERIFY(d.page->terminateButton()->toolTip().contains(u"select a running query"_s));
        // No operator conninfo: off, and the page says why.
        const QString why = u"profile 'local' has no postgres.operator_conninfo (a role with pg_signal_backend)"_s;
        d.page->setActionsBlocked(why);
        QVERIFY(d.page->selectPid(11));
        QVERIFY(!d.page->cancelButton()->isEnabled());
        QVERIFY(!d.page->terminateButton()->isEnabled());
        QCOMPARE(d.page->terminateButton()->toolTip(), why);
        QVERIFY(d.page->findChild<QLabel *>(u"actionsBlocked"_s)->text().contains(why));
        // With an operator: the selected pid is asked for.
        d.page->setActionsBlocked(QString());
        QVERIFY(d.page->terminateButton()->isEnabled());
        QVERIFY(d.page->terminateButton()->toolTip().contains(u"pg_terminate_backend(11)"_s));
        d.page->terminateButton()->click();
        QCOMPARE(terminate.size(), 1);
        QCOMPARE(terminate.first().first().toInt(), 11);
        QVERIFY(d.page->selectPid(13));
        d.page->cancelButton()->click();
        QCOMPARE(cancel.first().first().toInt(), 13);
        // While an action runs: off.
        d.page->setBusy(true);
        QVERIFY(!d.page->cancelButton()->isEnabled());
        QCOMPARE(d.page->cancelButton()->toolTip(), u"an action is running"_s);
    }

    void controllerBlocksWithoutAnOperator()
    {
        Database d;
        ActionContext ctx;
        ctx.profile = u"local"_s;
        ctx.backendsDisabled = u"profile 'local' has no postgres.operator_conninfo"_s;
        BackendActionController controller([ctx] { return ctx; }, d.page.get());
        QCOMPARE(d.page->actionsBlocked(), ctx.backendsDisabled);
        ActionContext readOnly = ctx;
        readOnly.readOnly = true;
        readOnly.readOnlyWhy = u"profile 'local' is read_only"_s;
        BackendActionController second([readOnly] { return readOnly; }, d.page.get());
        QCOMPARE(d.page->actionsBlocked(), readOnly.readOnlyWhy);
    }

    void confirmationShowsThePreview()
    {
        BackendActionPlan p;
        p.request = {BackendActionVerb::Terminate, 11};
        p.database = u"microservices"_s;
        p.operatorRole = u"sagadeck_operator"_s;
        p.found = true;
        p.before = query(11, 720, u"SELECT pg_sleep(900)"_s, u"idle in transaction"_s);
        p.confirmation.kind = ConfirmationRequirement::Kind::TypeTarget;
        p.confirmation.expected = u"11"_s;
        const auto c = BackendActionController::confirmContent(p);
        QCOMPARE(c.title, u"Terminate backend 11"_s);
        QVERIFY(c.summary.contains(u"as role sagadeck_operator"_s));
        QVERIFY(c.details.contains(u"SELECT pg_sleep(900)"_s));
        QVERIFY(c.warning.contains(u"rolled back"_s));
        QCOMPARE(c.requirement.expected, u"11"_s);
    }
};

QTEST_MAIN(TestDatabaseLogic)
#include "tst_database_logic.moc"
