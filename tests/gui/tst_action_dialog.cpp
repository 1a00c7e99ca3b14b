#include "ActionConfirmDialog.h"
#include "SagaActionController.h"

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
