// The Kafka page's capacity view and repair buttons without the stack (issue 20): members
// against partitions and the owner of each partition from hand-filled snapshots, the warning
// when consumers already equal the partitions, the buttons' refusals, the two small dialogs'
// requests and the confirmation's content. tst_kafka_repairs checks the same against a broker.
#include "EventTailModel.h"
#include "FeedHealthModel.h"
#include "KafkaActionController.h"
#include "KafkaLagStore.h"
#include "KafkaPage.h"
#include "KafkaRepairDialogs.h"
#include "PartitionLagModel.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// One refresh: payment-service-group with `members` members sharing the 6 partitions of
// saga-events round-robin (the first 6 members own one or more; later ones none).
KafkaSnapshot snapshot(int members)
{
    KafkaSnapshot s;
    s.at = QDateTime::currentDateTimeUtc();
    TopicSnapshot t;
    t.name = u"saga-events"_s;
    for (int p = 0; p < 6; ++p)
        t.partitions.append({p, 1, {1}, {1}, 100, QString()});
    s.topics.append(t);
    ConsumerGroupSnapshot g;
    g.group = u"payment-service-group"_s;
    g.state = u"Stable"_s;
    g.members = members;
    for (int m = 0; m < members; ++m)
        g.memberList.append({u"member-%1"_s.arg(m), u"payment-%1"_s.arg(m), u"/10.0.0.%1"_s.arg(m + 1), {}});
    for (int p = 0; p < 6; ++p) {
        g.partitions.append({u"saga-events"_s, p, 90, 100});
        if (members > 0)
            g.memberList[p % members].assigned.append({u"saga-events"_s, p});
    }
    s.groups.append(g);
    return s;
}

} // namespace

class TestKafkaRepairsLogic : public QObject
{
    Q_OBJECT
private slots:
    void capacityAndOwners()
    {
        FeedHealthModel health;
        KafkaLagStore store;
        EventTailModel tail(100);
        KafkaPage page(&store, &tail, &health, u"saga-events"_s);
        store.apply(snapshot(2));
        page.selectGroup(u"payment-service-group"_s);
        QCOMPARE(page.capacityText(),
                 u"payment-service-group: 2 consumers for 6 partitions of saga-events — payment-0 on "
                 u"/10.0.0.1 owns partitions 0, 2, 4; payment-1 on /10.0.0.2 owns partitions 1, 3, 5"_s);
        QVERIFY(page.capacityWarning().isEmpty());
        PartitionLagModel *m = page.partitionModel();
        QCOMPARE(m->rowCount(), 6);
        QCOMPARE(m->index(3, PartitionLagModel::OwnerColumn).data().toString(), u"payment-1"_s);
        QCOMPARE(m->index(3, PartitionLagModel::HostColumn).data().toString(), u"/10.0.0.2"_s);
        QCOMPARE(m->index(4, PartitionLagModel::MemberColumn).data().toString(), u"member-0"_s);
        QCOMPARE(m->headerData(PartitionLagModel::OwnerColumn, Qt::Horizontal).toString(), u"Owner (client id)"_s);

        // As many consumers as partitions: scaling further only adds idle ones.
        store.apply(snapshot(6));
        QVERIFY2(
            page.capacityText().startsWith(u"payment-service-group: 6 consumers for 6 partitions of saga-events — "_s),
            qPrintable(page.capacityText()));
        QVERIFY2(page.capacityText().endsWith(u"; 2 more"_s), qPrintable(page.capacityText()));
        QVERIFY2(page.capacityWarning().contains(u"more consumers will sit idle"_s),
                 qPrintable(page.capacityWarning()));
        store.apply(snapshot(8));
        QVERIFY2(page.capacityText().contains(u"(2 member(s) own no partition)"_s), qPrintable(page.capacityText()));
        QVERIFY(page.capacityWarning().contains(u"2 sit idle"_s));

        // No members: nobody owns a partition.
        store.apply(snapshot(0));
        QCOMPARE(m->index(0, PartitionLagModel::OwnerColumn).data().toString(), u"no member"_s);
    }

    void buttonsAndTheirRefusals()
    {
        FeedHealthModel health;
        KafkaLagStore store;
        EventTailModel tail(100);
        KafkaPage page(&store, &tail, &health, u"saga-events"_s);
        store.apply(snapshot(0));
        page.selectGroup(u"payment-service-group"_s);
        QVERIFY(page.resetOffsetsButton()->isEnabled());
        QSignalSpy reset(&page, &KafkaPage::resetOffsetsRequested);
        QSignalSpy add(&page, &KafkaPage::addPartitionsRequested);
        QTest::mouseClick(page.resetOffsetsButton(), Qt::LeftButton);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(reset.at(0).at(0).toString(), u"payment-service-group"_s);
        QCOMPARE(reset.at(0).at(1).toString(), u"saga-events"_s);
        QTest::mouseClick(page.addPartitionsButton(), Qt::LeftButton);
        QCOMPARE(add.size(), 1);
        QCOMPARE(add.at(0).at(1).toInt(), 6);

        page.setActionsBlocked(u"profile 'prod' is read_only"_s);
        QVERIFY(!page.resetOffsetsButton()->isEnabled());
        QVERIFY(!page.addPartitionsButton()->isEnabled());
        QCOMPARE(page.resetOffsetsButton()->toolTip(), u"profile 'prod' is read_only"_s);
        page.setActionsBlocked(QString());
        page.setActionBusy(true);
        QVERIFY(!page.resetOffsetsButton()->isEnabled());
        page.setActionBusy(false);
        page.showActionNote(u"<b>not markup</b>"_s);
        QCOMPARE(page.actionNote(), u"<b>not markup</b>"_s);
    }

    void dialogsMakeRequests()
    {
        OffsetResetDialog d(u"g"_s, u"saga-events"_s, 6);
        QCOMPARE(d.partitionBox()->count(), 7); // every partition, then 0..5
        QCOMPARE(d.request().to, OffsetResetTo::Latest);
        QCOMPARE(d.request().partition, -1);
        d.targetBox()->setCurrentIndex(d.targetBox()->findData(int(OffsetResetTo::Datetime)));
        QVERIFY(d.timeEdit()->isEnabled());
        QVERIFY(!d.offsetEdit()->isEnabled());
        const QDateTime at(QDate(2026, 12, 6), QTime(0, 30), Qt::UTC);
        d.timeEdit()->setDateTime(at);
        d.partitionBox()->setCurrentIndex(3);
        const KafkaActionRequest r = d.request();
        QCOMPARE(r.verb, KafkaActionVerb::ResetOffsets);
        QCOMPARE(r.to, OffsetResetTo::Datetime);
        QCOMPARE(r.at, at);
        QCOMPARE(r.partition, 2);
        QCOMPARE(r.group, u"g"_s);

        AddPartitionsDialog a(u"saga-events"_s, 6);
        QCOMPARE(a.countEdit()->value(), 12);
        a.countEdit()->setValue(9);
        QCOMPARE(a.request().partitions, 9);
        QCOMPARE(a.request().verb, KafkaActionVerb::AddPartitions);
    }

    void confirmationContent()
    {
        KafkaActionPlan plan;
        plan.request.group = u"g"_s;
        plan.request.topic = u"t"_s;
        plan.request.to = OffsetResetTo::Latest;
        plan.found = true;
        plan.rows = {{0, 2, 0, 10, 10, {}}, {1, 8, 0, 10, 10, {}}};
        plan.confirmation.kind = ConfirmationRequirement::Kind::TypeTarget;
        plan.confirmation.expected = u"g"_s;
        const ActionConfirmDialog::Content c = KafkaActionController::confirmContent(plan);
        QCOMPARE(c.requirement.expected, u"g"_s);
        QVERIFY(c.details.contains(u"skips 8"_s) && c.details.contains(u"skips 2"_s));
        QVERIFY(c.warning.contains(u"10 message(s) will be skipped"_s));
        plan.request.verb = KafkaActionVerb::AddPartitions;
        plan.request.partitions = 12;
        plan.partitionsBefore = 6;
        QVERIFY(KafkaActionController::confirmContent(plan).warning.contains(u"Cannot be undone"_s));
    }
};

QTEST_MAIN(TestKafkaRepairsLogic)
#include "tst_kafka_repairs_logic.moc"
