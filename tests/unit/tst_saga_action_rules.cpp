#include "ConfirmationRequirement.h"
#include "SagaActionPlan.h"
#include "SagaActionRules.h"
#include "ActionContext.h"

#include <QSignalSpy>

#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;

Q_DECLARE_METATYPE(sagadeck::SagaActionVerb)

namespace {

const QDateTime kNow(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);

SagaRow saga(const QString &status, int idleS)
{
    SagaRow r;
    r.id = QUuid::createUuid();
    r.type = u"order-fulfillment"_s;
    r.statusText = status;
    r.status = parseSagaStatus(status);
    r.updatedAt = kNow.addSecs(-idleS);
    return r;
}

SagaStep step(int seq, const QString &name, const QString &action, const QString &service, const QString &outcome)
{
    SagaStep s;
    s.seq = seq;
    s.step = name;
    s.action = action;
    s.service = service;
    s.outcome = outcome;
    return s;
}

} // namespace

class TestSagaActionRules : public QObject
{
    Q_OBJECT
private slots:
    // The rule table, mirroring stack/sim/OrchestratorApi.cpp (stuck after 300 s).
    void availability_data()
    {
        QTest::addColumn<SagaActionVerb>("verb");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("idleS");
        QTest::addColumn<bool>("available");
        QTest::addColumn<QString>("whyContains");
        const auto R = SagaActionVerb::Retry;
        const auto C = SagaActionVerb::Compensate;
        QTest::newRow("retry FAILED") << R << u"FAILED"_s << 5 << true << QString();
        QTest::newRow("retry COMPENSATED") << R << u"COMPENSATED"_s << 5 << true << QString();
        QTest::newRow("retry COMPLETED") << R << u"COMPLETED"_s << 5 << false << u"COMPLETED"_s;
        QTest::newRow("retry IN_PROGRESS") << R << u"IN_PROGRESS"_s << 5 << false << u"only FAILED or COMPENSATED"_s;
        QTest::newRow("retry stuck IN_PROGRESS") << R << u"IN_PROGRESS"_s << 900 << false << u"only FAILED"_s;
        QTest::newRow("retry STARTED") << R << u"STARTED"_s << 5 << false << u"STARTED"_s;
        QTest::newRow("retry COMPENSATING") << R << u"COMPENSATING"_s << 5 << false << u"COMPENSATING"_s;
        QTest::newRow("retry unknown status") << R << u"PAUSED"_s << 5 << false << u"PAUSED"_s;
        QTest::newRow("compensate FAILED") << C << u"FAILED"_s << 5 << true << QString();
        QTest::newRow("compensate COMPLETED") << C << u"COMPLETED"_s << 900 << false << u"only FAILED or stuck"_s;
        QTest::newRow("compensate COMPENSATED") << C << u"COMPENSATED"_s << 900 << false << u"COMPENSATED"_s;
        QTest::newRow("compensate running") << C << u"IN_PROGRESS"_s << 10 << false << u"still running"_s;
        QTest::newRow("compensate stuck") << C << u"IN_PROGRESS"_s << 300 << true << u"stuck"_s;
        QTest::newRow("compensate stuck STARTED") << C << u"STARTED"_s << 3600 << true << u"stuck"_s;
        QTest::newRow("compensate stuck COMPENSATING") << C << u"COMPENSATING"_s << 600 << true << u"stuck"_s;
        QTest::newRow("compensate unknown status") << C << u"PAUSED"_s << 900 << false << u"PAUSED"_s;
    }

    void availability()
    {
        QFETCH(SagaActionVerb, verb);
        QFETCH(QString, status);
        QFETCH(int, idleS);
        QFETCH(bool, available);
        QFETCH(QString, whyContains);
        const SagaActionAvailability a = SagaActionRules::check(verb, saga(status, idleS), kNow, 300);
        QCOMPARE(a.available, available);
        if (whyContains.isEmpty())
            QVERIFY2(a.why.isEmpty(), qPrintable(a.why));
        else
            QVERIFY2(a.why.contains(whyContains), qPrintable(a.why));
    }

    void stepsToUndoAreTheHeldStepsNewestFirst()
    {
        const QVector<SagaStep> steps{
            step(1, u"reserve-inventory"_s, u"EXECUTE"_s, u"inventory-service"_s, u"SUCCEEDED"_s),
            step(2, u"charge-payment"_s, u"EXECUTE"_s, u"payment-service"_s, u"SUCCEEDED"_s),
            step(3, u"notify-customer"_s, u"EXECUTE"_s, u"notification-service"_s, u"FAILED"_s),
            step(4, u"refund-payment"_s, u"COMPENSATE"_s, u"payment-service"_s, u"FAILED"_s)};
        QCOMPARE(SagaActionRules::stepsToUndo(steps),
                 (QStringList{u"charge-payment (payment-service)"_s, u"reserve-inventory (inventory-service)"_s}));
        QVector<SagaStep> more = steps;
        more.append(step(5, u"refund-payment"_s, u"COMPENSATE"_s, u"payment-service"_s, u"SUCCEEDED"_s));
        QCOMPARE(SagaActionRules::stepsToUndo(more), QStringList{u"reserve-inventory (inventory-service)"_s});
        more.append(step(6, u"release-inventory"_s, u"COMPENSATE"_s, u"inventory-service"_s, u"SUCCEEDED"_s));
        QVERIFY(SagaActionRules::stepsToUndo(more).isEmpty());
    }

    void confirmation_data()
    {
        QTest::addColumn<int>("actionable");
        QTest::addColumn<bool>("compensation");
        QTest::addColumn<bool>("production");
        QTest::addColumn<QString>("expected"); // empty: reason only
        QTest::newRow("single retry") << 1 << false << false << QString();
        QTest::newRow("single retry, production") << 1 << false << true << u"ID"_s;
        QTest::newRow("single compensate") << 1 << true << false << u"ID"_s;
        QTest::newRow("bulk retry") << 12 << false << false << u"12"_s;
        QTest::newRow("bulk compensate") << 3 << true << false << u"3"_s;
    }

    void confirmation()
    {
        QFETCH(int, actionable);
        QFETCH(bool, compensation);
        QFETCH(bool, production);
        QFETCH(QString, expected);
        const QString id = u"0b0f4a4e-0000-4000-8000-000000000001"_s;
        if (expected == u"ID"_s)
            expected = id;
        const auto c = ConfirmationRequirement::forAction(u"retry"_s, actionable, actionable == 1 ? id : QString(),
                                                          compensation, production);
        QCOMPARE(c.expected, expected);
        QCOMPARE(c.needsTyping(), !expected.isEmpty());
        QString why;
        QVERIFY(!c.isSatisfiedBy(expected, u"   "_s, &why));
        QVERIFY2(why.contains(u"reason"_s), qPrintable(why));
        QVERIFY(c.isSatisfiedBy(expected, u"INC-1"_s, &why));
        if (c.needsTyping()) {
            QVERIFY(!c.isSatisfiedBy(expected + u"x"_s, u"INC-1"_s, &why));
            QVERIFY(!c.isSatisfiedBy(QString(), u"INC-1"_s, &why));
        }
    }

    void runnerRefusesAnOldPreviewAndDoesNothingTwice()
    {
        SagaActionPlan plan;
        plan.profile = u"local"_s;
        SagaActionItem a;
        a.id = QUuid::createUuid();
        a.found = true;
        a.saga = saga(u"FAILED"_s, 5);
        a.availability = {true, QString()};
        plan.items = {a};
        plan.preparedAt = QDateTime::currentDateTimeUtc().addSecs(-601);
        const std::unique_ptr<ActionPipeline> runner(ActionContext{}.sagaPipeline(plan, u"INC-1"_s, nullptr));
        QSignalSpy finished(runner.get(), &ActionPipeline::finished);
        QVERIFY(!runner->start(QString(), u"INC-1"_s));
        QVERIFY(finished.wait(1000));
        const auto report = finished.first().first().value<ActionReport>();
        QVERIFY2(report.refused.contains(u"preview is 10 min"_s), qPrintable(report.refused));
        QVERIFY(report.results.isEmpty());
        QVERIFY(!runner->start(QString(), u"INC-1"_s)); // a pipeline runs once
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
    }

    void planCountsAndDescribesOnlyAvailableSagas()
    {
        SagaActionPlan plan;
        plan.request.verb = SagaActionVerb::Compensate;
        plan.profile = u"local"_s;
        SagaActionItem a;
        a.id = QUuid::createUuid();
        a.found = true;
        a.saga = saga(u"FAILED"_s, 5);
        a.availability = SagaActionRules::check(plan.request.verb, a.saga, kNow, 300);
        a.stepsToUndo = {u"reserve-inventory (inventory-service)"_s};
        SagaActionItem b = a;
        b.id = QUuid::createUuid();
        b.saga = saga(u"COMPLETED"_s, 5);
        b.availability = SagaActionRules::check(plan.request.verb, b.saga, kNow, 300);
        SagaActionItem c;
        c.id = QUuid::createUuid();
        c.availability.why = u"no saga with id x"_s;
        plan.items = {a, b, c};
        QCOMPARE(plan.actionableCount(), 1);
        const QString text = plan.describe();
        QVERIFY2(text.contains(u"compensate 1 of 3"_s), qPrintable(text));
        QVERIFY2(text.contains(u"undoes: reserve-inventory (inventory-service)"_s), qPrintable(text));
        QVERIFY2(text.contains(u"not available: saga is COMPLETED"_s), qPrintable(text));
        QVERIFY2(text.contains(u"not available: no saga with id x"_s), qPrintable(text));
        plan.refusal = u"profile 'local' is read-only"_s;
        QCOMPARE(plan.actionableCount(), 0);
        QVERIFY(plan.describe().contains(u"refused: profile 'local' is read-only"_s));
    }

    // A filter plan says what it covers of what matches, never silently fewer.
    void filterPlanSaysWhatItCovers()
    {
        SagaActionPlan plan;
        plan.profile = u"local"_s;
        QVERIFY(plan.coverage().isEmpty()); // selected sagas: nothing to say
        plan.request.filter = SagaFilter{};
        plan.items.resize(500);
        plan.matching = 734;
        plan.truncated = true;
        QCOMPARE(plan.coverage(),
                 u"the filter matches 734 sagas; this covers the first 500 in the table's order; "
                 "234 more match: narrow the filter to reach them"_s);
        QVERIFY(plan.describe().contains(u"234 more match"_s));
        plan.matching = 500;
        plan.truncated = false;
        QCOMPARE(plan.coverage(), u"the filter matches 500 sagas; all are covered"_s);
        // Listed through the orchestrator: no total, and a full list says more may match.
        plan.matching = -1;
        plan.truncated = true;
        QVERIFY2(plan.coverage().contains(u"more may match than the 500 covered, and how many is not known"_s),
                 qPrintable(plan.coverage()));
        plan.listNote = u"Postgres could not count them: timeout"_s;
        QVERIFY(plan.coverage().endsWith(u"(Postgres could not count them: timeout)"_s));
    }
};

QTEST_GUILESS_MAIN(TestSagaActionRules)
#include "tst_saga_action_rules.moc"
