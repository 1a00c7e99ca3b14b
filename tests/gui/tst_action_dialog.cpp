#include "ActionConfirmDialog.h"
#include "BackendActionController.h"
#include "BackendActionTarget.h"
#include "DeploymentActionController.h"
#include "DeploymentActionTarget.h"
#include "KafkaActionController.h"
#include "KafkaActionTarget.h"
#include "SagaActionController.h"
#include "SagaActionTarget.h"
#include "TeamTrail.h"

#include <QDir>
#include <QLabel>

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The confirmation step every action passes: safe by default, and the typed target gates it.
class TestActionDialog : public QObject
{
    Q_OBJECT

    static ActionConfirmDialog::Content content(ConfirmationRequirement::Kind kind, const QString &expected,
                                                bool production = false)
    {
        ActionConfirmDialog::Content c;
        c.title = u"Rollout restart of saga-orchestrator"_s;
        c.summary = u"restart saga-orchestrator"_s;
        c.details = u"deployment saga-orchestrator in namespace microservices"_s;
        c.confirmLabel = u"Restart saga-orchestrator"_s;
        c.production = production;
        c.requirement.kind = kind;
        c.requirement.expected = expected;
        c.requirement.prompt = u"Type %1 to confirm"_s.arg(expected);
        return c;
    }

    // Alice's intent on what `target` would write in its audit record, with no outcome yet.
    static AuditRecord aliceActingOn(const ActionTarget &target)
    {
        AuditRecord r;
        r.kind = AuditKind::Intent;
        r.actionId = ActionId::create();
        r.at = QDateTime::currentDateTimeUtc().addSecs(-20);
        r.osUser = u"alice"_s;
        r.profile = u"prod"_s;
        r.verb = u"act"_s;
        r.reason = u"INC-9"_s;
        target.describe(0, &r);
        return r;
    }

private slots:
    void enterOnAFreshDialogCancels()
    {
        ActionConfirmDialog d(content(ConfirmationRequirement::Kind::TypeTarget, u"saga-orchestrator"_s));
        QSignalSpy accepted(&d, &QDialog::accepted);
        QSignalSpy rejected(&d, &QDialog::rejected);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QTRY_VERIFY(d.cancelButton()->hasFocus());
        QVERIFY(d.cancelButton()->isDefault());
        QVERIFY(!d.confirmButton()->isEnabled());
        QTest::keyClick(&d, Qt::Key_Return);
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(accepted.size(), 0);
    }

    void wrongTypedNameKeepsConfirmDisabled()
    {
        ActionConfirmDialog d(content(ConfirmationRequirement::Kind::TypeTarget, u"saga-orchestrator"_s));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QTest::keyClicks(d.reasonEdit(), u"INC-42: stuck consumer"_s);
        QTest::keyClicks(d.confirmationEdit(), u"saga-orchestrat0r"_s);
        QVERIFY(!d.confirmButton()->isEnabled());
        QVERIFY2(!d.missingText().isEmpty(), "the dialog should say what is missing");
        // Enter in the field still does not confirm.
        QSignalSpy accepted(&d, &QDialog::accepted);
        QTest::keyClick(d.confirmationEdit(), Qt::Key_Return);
        QCOMPARE(accepted.size(), 0);
    }

    void rightNameAndReasonEnableConfirm()
    {
        ActionConfirmDialog d(content(ConfirmationRequirement::Kind::TypeTarget, u"saga-orchestrator"_s));
        QSignalSpy accepted(&d, &QDialog::accepted);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QTest::keyClicks(d.confirmationEdit(), u"saga-orchestrator"_s);
        QVERIFY2(!d.confirmButton()->isEnabled(), "a reason is required too");
        QTest::keyClicks(d.reasonEdit(), u"INC-42"_s);
        QVERIFY(d.confirmButton()->isEnabled());
        QTest::mouseClick(d.confirmButton(), Qt::LeftButton);
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(d.typedConfirmation(), u"saga-orchestrator"_s);
        QCOMPARE(d.reason(), u"INC-42"_s);
    }

    void productionShowsItsBanner()
    {
        ActionConfirmDialog prod(content(ConfirmationRequirement::Kind::ReasonOnly, QString(), true));
        QVERIFY(prod.findChild<QWidget *>(u"productionBanner"_s));
        QVERIFY(!prod.confirmationEdit()); // reason only: nothing to type
        ActionConfirmDialog local(content(ConfirmationRequirement::Kind::ReasonOnly, QString(), false));
        QVERIFY(!local.findChild<QWidget *>(u"productionBanner"_s));
    }

    // A bulk action on "every saga the filter matches" says what it leaves out, in the dialog's
    // summary and its details.
    // Every kind of action, from its own page or a playbook, asks for "do it anyway" while someone
    // else's action on the same target has no outcome: the conflict is found by the target its
    // audit record names, so the two can never drift apart.
    void everyKindOfActionNamesSomeoneElsesActionOnItsTarget()
    {
        DeploymentActionPlan deployment;
        deployment.request.name = u"payment-service"_s;
        deployment.ns = u"shop"_s;
        KafkaActionPlan reset;
        reset.request.group = u"payment-service-group"_s;
        reset.request.topic = u"saga-events"_s;
        KafkaActionPlan grow = reset;
        grow.request.verb = KafkaActionVerb::AddPartitions;
        grow.request.partitions = 12;
        BackendActionPlan backend;
        backend.request = {BackendActionVerb::Terminate, 4242};
        backend.database = u"sagas"_s;
        SagaActionPlan sagas;
        SagaActionItem item;
        item.id = QUuid::createUuid();
        item.found = true;
        item.availability.available = true;
        sagas.items = {item};

        TeamTrail trail;
        const DeploymentActionTarget deploymentTarget(deployment, nullptr, u"alice"_s);
        const KafkaActionTarget resetTarget(reset, nullptr), growTarget(grow, nullptr);
        const BackendActionTarget backendTarget(backend, nullptr);
        const SagaActionTarget sagaTarget(sagas, nullptr, u"alice"_s, u"INC-9"_s);
        QVector<AuditRecord> intents;
        for (const ActionTarget *t : std::initializer_list<const ActionTarget *>{
                 &deploymentTarget, &resetTarget, &growTarget, &backendTarget, &sagaTarget})
            intents << aliceActingOn(*t);
        const QStringList names{u"payment-service"_s, u"payment-service-group"_s, u"saga-events"_s, u"4242"_s,
                                item.id.toString(QUuid::WithoutBraces)};
        for (int i = 0; i < intents.size(); ++i)
            QCOMPARE(intents.at(i).target.name, names.at(i));

        const QVector<ActionConfirmDialog::Content> before{
            DeploymentActionController::confirmContent(deployment, &trail),
            KafkaActionController::confirmContent(reset, &trail), KafkaActionController::confirmContent(grow, &trail),
            BackendActionController::confirmContent(backend, &trail),
            SagaActionController::confirmContent(sagas, &trail)};
        for (const ActionConfirmDialog::Content &c : before)
            QVERIFY2(c.conflict.isEmpty(), qPrintable(c.conflict)); // nobody acts yet

        trail.add(intents);
        const QVector<ActionConfirmDialog::Content> during{
            DeploymentActionController::confirmContent(deployment, &trail),
            KafkaActionController::confirmContent(reset, &trail), KafkaActionController::confirmContent(grow, &trail),
            BackendActionController::confirmContent(backend, &trail),
            SagaActionController::confirmContent(sagas, &trail)};
        for (int i = 0; i < during.size(); ++i) {
            const QString &conflict = during.at(i).conflict;
            QVERIFY2(conflict.startsWith(names.at(i) + u": act by alice started "_s) && conflict.contains(u"INC-9"_s),
                     qPrintable(conflict));
            ActionConfirmDialog d(during.at(i));
            QVERIFY2(d.doItAnywayBox(), qPrintable(names.at(i)));
        }
        // Another target of the same kind, or the same name in another database: no conflict.
        BackendActionPlan otherPid = backend;
        otherPid.request.pid = 4243;
        QCOMPARE(BackendActionController::confirmContent(otherPid, &trail).conflict, QString());
        BackendActionPlan otherDatabase = backend;
        otherDatabase.database = u"billing"_s;
        QCOMPARE(BackendActionController::confirmContent(otherDatabase, &trail).conflict, QString());
        QCOMPARE(KafkaActionController::confirmContent(reset).conflict, QString()); // no trail: nothing to say
    }

    void filterPreviewSaysHowManyMoreMatch()
    {
        SagaActionPlan plan;
        plan.profile = u"prod-eu"_s;
        plan.request.verb = SagaActionVerb::Retry;
        plan.request.filter = SagaFilter{};
        plan.matching = 734;
        plan.truncated = true;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < plan.request.maxItems; ++i) {
            SagaActionItem item;
            item.id = QUuid::createUuid();
            item.found = true;
            item.saga.id = item.id;
            item.saga.type = u"order-fulfillment"_s;
            item.saga.status = SagaStatus::Failed;
            item.saga.statusText = u"FAILED"_s;
            item.availability = SagaActionRules::check(plan.request.verb, item.saga, now, 300);
            plan.items.append(item);
        }
        plan.confirmation = ConfirmationRequirement::forAction(u"retry"_s, plan.actionableCount(), QString(), false,
                                                               false);
        ActionConfirmDialog d(SagaActionController::confirmContent(plan));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QStringList labels;
        for (const QLabel *l : d.findChildren<QLabel *>())
            labels << l->text();
        QVERIFY2(labels.join(u'\n').contains(u"The filter matches 734 sagas; this covers the first 500"_s),
                 qPrintable(labels.join(u" | "_s)));
        QVERIFY(labels.join(u'\n').contains(u"234 more match: narrow the filter to reach them."_s));
        const QString shots = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(d.grab().save(QDir(shots).filePath(u"bulk-preview-coverage.png"_s)));
    }
};

QTEST_MAIN(TestActionDialog)
#include "tst_action_dialog.moc"
