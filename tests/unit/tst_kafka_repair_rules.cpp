// The Kafka repairs' pure logic (issue 20): an offset reset's targets and what each partition
// skips or replays (clamped to the log, a time with no later message going to the log end), the
// refusals (active members, fewer partitions), the confirmations, a group's capacity and the scale
// preview's warning.
#include "DeploymentActionPlan.h"
#include "KafkaActionPlan.h"
#include "KafkaActionRules.h"
#include "KafkaCapacity.h"
#include "ProfileStore.h"

#include <QProcessEnvironment>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

QVector<KafkaPartitionOffsets> threePartitions()
{
    // partition, committed, log start, log end, first offset at the asked time
    return {{0, 2, 0, 10, 5}, {1, 8, 3, 10, 5}, {2, -1, 0, 10, -1}};
}

KafkaActionRequest reset(OffsetResetTo to, int partition = -1, qint64 offset = -1)
{
    KafkaActionRequest r;
    r.group = u"g"_s;
    r.topic = u"t"_s;
    r.to = to;
    r.partition = partition;
    r.offset = offset;
    if (to == OffsetResetTo::Datetime)
        r.at = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);
    return r;
}

} // namespace

class TestKafkaRepairRules : public QObject
{
    Q_OBJECT
private slots:
    void targetsOfEachKind()
    {
        QVector<OffsetResetRow> rows;
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Earliest), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].target, 0);
        QCOMPARE(rows[1].target, 3); // the log start, not 0: older messages are gone
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Latest), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows[0].target, 10);
        // A time: the first offset at or after it; none (every message older): the log end.
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Datetime), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows[0].target, 5);
        QCOMPARE(rows[2].target, 10);
    }

    void skipAndReplayArithmetic()
    {
        QVector<OffsetResetRow> rows;
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Datetime), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows[0].delta(), 3);
        QCOMPARE(rows[0].effect(), u"skips 3"_s);
        QCOMPARE(rows[1].delta(), -3);
        QCOMPARE(rows[1].effect(), u"replays 3"_s);
        QCOMPARE(rows[2].effect(), u"no commit: starts at 10"_s);
        KafkaActionPlan plan;
        plan.rows = rows;
        QCOMPARE(plan.skipped(), 3);
        QCOMPARE(plan.replayed(), 3);
        OffsetResetRow same;
        same.committed = 4;
        same.target = 4;
        QCOMPARE(same.effect(), u"unchanged"_s);
    }

    void explicitOffsetClampedToTheLog()
    {
        QVector<OffsetResetRow> rows;
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Offset, 1, 1), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows.size(), 1); // one partition only
        QCOMPARE(rows[0].partition, 1);
        QCOMPARE(rows[0].target, 3);
        QVERIFY(rows[0].clamped.contains(u"before the log start 3"_s));
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Offset, 0, 99), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows[0].target, 10);
        QVERIFY(rows[0].clamped.contains(u"after the log end 10"_s));
        QVERIFY(KafkaActionRules::resetRows(reset(OffsetResetTo::Offset, 0, 7), threePartitions(), &rows).isEmpty());
        QCOMPARE(rows[0].target, 7);
        QVERIFY(rows[0].clamped.isEmpty());
    }

    void refusals()
    {
        QVector<OffsetResetRow> rows;
        QCOMPARE(KafkaActionRules::resetRows(reset(OffsetResetTo::Latest, 7), threePartitions(), &rows),
                 u"topic t has no partition 7 (it has 3)"_s);
        QCOMPARE(KafkaActionRules::activeMembersRefusal(u"payments"_s, 3),
                 u"the group payments has 3 active members; stop them first (its offsets can only be reset while "
                 u"no consumer is in it)"_s);
        QVERIFY(KafkaActionRules::activeMembersRefusal(u"payments"_s, 0).isEmpty());
        QVERIFY(KafkaActionRules::checkRequest(reset(OffsetResetTo::Offset)).contains(u"offset >= 0"_s));
        KafkaActionRequest noTime = reset(OffsetResetTo::Datetime);
        noTime.at = QDateTime();
        QVERIFY(KafkaActionRules::checkRequest(noTime).contains(u"needs the time"_s));
        KafkaActionRequest badTopic = reset(OffsetResetTo::Latest);
        badTopic.topic = u"bad topic"_s;
        QVERIFY(KafkaActionRules::checkRequest(badTopic).contains(u"not a Kafka topic name"_s));
        KafkaActionRequest noGroup = reset(OffsetResetTo::Latest);
        noGroup.group.clear();
        QCOMPARE(KafkaActionRules::checkRequest(noGroup), u"no consumer group named"_s);
    }

    void addPartitionsRules()
    {
        KafkaActionRequest r;
        r.verb = KafkaActionVerb::AddPartitions;
        r.topic = u"saga-events"_s;
        r.partitions = 4;
        QString noOp;
        QVERIFY(KafkaActionRules::checkPartitions(r, 6, &noOp).contains(u"Kafka cannot remove partitions"_s));
        r.partitions = 6;
        QVERIFY(KafkaActionRules::checkPartitions(r, 6, &noOp).isEmpty());
        QCOMPARE(noOp, u"topic saga-events already has 6 partitions"_s);
        r.partitions = 12;
        QVERIFY(KafkaActionRules::checkPartitions(r, 6, &noOp).isEmpty());
        QVERIFY(noOp.isEmpty());
        const QString c = KafkaActionRules::partitionsConsequence(u"saga-events"_s, 6, 12);
        QVERIFY(c.contains(u"from 6 to 12"_s) && c.contains(u"Per-key ordering across the change is lost"_s)
                && c.contains(u"rebalances"_s));
        r.partitions = 0;
        QVERIFY(KafkaActionRules::checkRequest(r).contains(u"between 1 and"_s));
        const ConfirmationRequirement conf = KafkaActionRules::confirmationFor(r);
        QCOMPARE(conf.kind, ConfirmationRequirement::Kind::TypeTarget);
        QCOMPARE(conf.expected, u"saga-events"_s);
        QCOMPARE(KafkaActionRules::confirmationFor(reset(OffsetResetTo::Latest)).expected, u"g"_s);
    }

    void capacityAndOwners()
    {
        ConsumerGroupSnapshot g;
        g.group = u"payment-service-group"_s;
        g.members = 2;
        g.memberList = {{u"m-1"_s, u"payment-1"_s, u"/10.0.0.1"_s, {{u"saga-events"_s, 0}, {u"saga-events"_s, 1}}},
                        {u"m-2"_s, u"payment-2"_s, u"/10.0.0.2"_s, {{u"saga-events"_s, 2}}}};
        TopicSnapshot t;
        t.name = u"saga-events"_s;
        for (int p = 0; p < 4; ++p)
            t.partitions.append(TopicPartitionInfo{p, 1, {1}, {1}, 10, {}});
        const GroupCapacity c = capacityOf(g, {t});
        QCOMPARE(c.members, 2);
        QCOMPARE(c.partitions, 4);
        QCOMPARE(c.sentence(), u"2 consumers for 4 partitions of saga-events"_s);
        QVERIFY(c.warning().isEmpty());
        QCOMPARE(c.owners.size(), 4);
        QCOMPARE(c.owners[1].clientId, u"payment-1"_s);
        QCOMPARE(c.owners[2].host, u"/10.0.0.2"_s);
        QVERIFY(!c.owners[3].owned()); // nobody owns partition 3
        // Consumers equal to the partitions: more would sit idle.
        g.memberList.append({u"m-3"_s, u"payment-3"_s, u"/10.0.0.3"_s, {{u"saga-events"_s, 3}}});
        g.memberList.append({u"m-4"_s, u"payment-4"_s, u"/10.0.0.4"_s, {}});
        const GroupCapacity full = capacityOf(g, {t});
        QCOMPARE(full.sentence(), u"4 consumers for 4 partitions of saga-events"_s);
        QVERIFY(full.warning().contains(u"more consumers will sit idle"_s));
        g.memberList.append({u"m-5"_s, u"payment-5"_s, u"/10.0.0.5"_s, {}});
        QVERIFY(capacityOf(g, {t}).warning().contains(u"1 sit idle"_s));
    }

    void scaleWarning()
    {
        QVERIFY(
            scaleCapacityWarning(u"payment-service"_s, u"payment-service-group"_s, u"saga-events"_s, 6, 6).isEmpty());
        const QString w = scaleCapacityWarning(u"payment-service"_s, u"payment-service-group"_s, u"saga-events"_s, 6,
                                               8);
        QCOMPARE(w,
                 u"scaling payment-service to 8 gives payment-service-group 8 consumers for 6 partitions of "
                 u"saga-events: 2 will sit idle (a partition goes to one consumer of a group); add partitions to "
                 u"saga-events first"_s);
        QVERIFY(scaleCapacityWarning(u"d"_s, u"d-group"_s, u"t"_s, -1, 8).isEmpty()); // unknown count: nothing said
        DeploymentActionPlan plan;
        plan.found = true;
        plan.request.verb = DeploymentActionVerb::Scale;
        plan.request.name = u"payment-service"_s;
        plan.request.replicas = 8;
        plan.kafkaCapacityWarning = w;
        QVERIFY(plan.describe().contains(u"KAFKA: scaling payment-service to 8"_s));
    }

    // kafka.deployment_groups: the profile's mapping, else <deployment>-group; a bad entry is said.
    void deploymentGroupsInTheProfile()
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, u"/home/op"_s);
        const QByteArray yaml = "profiles:\n  p:\n    kafka:\n      bootstrap: localhost:9092\n"
                                "      deployment_groups:\n        payment-service: payments\n";
        const ProfileLoadResult r = ProfileStore::parse(yaml, u"profiles.yaml"_s, env);
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.profiles.size(), 1);
        const KafkaSettings &k = r.profiles.front().kafka;
        QCOMPARE(k.groupOfDeployment(u"payment-service"_s), u"payments"_s);
        QCOMPARE(k.groupOfDeployment(u"inventory-service"_s), u"inventory-service-group"_s);
        const ProfileLoadResult bad = ProfileStore::parse(
            "profiles:\n  p:\n    kafka:\n      bootstrap: localhost:9092\n      deployment_groups: [a]\n",
            u"profiles.yaml"_s, env);
        QVERIFY2(bad.errors.join(u'\n').contains(u"expected a map of Deployment names to consumer groups"_s),
                 qPrintable(bad.errors.join(u'\n')));
    }

    void planDescription()
    {
        KafkaActionPlan plan;
        plan.request = reset(OffsetResetTo::Datetime);
        plan.found = true;
        plan.groupState = u"Empty"_s;
        QVERIFY(KafkaActionRules::resetRows(plan.request, threePartitions(), &plan.rows).isEmpty());
        const QString d = plan.describe();
        QVERIFY2(d.contains(u"reset offsets of g on every partition of t to 2023-11-14T22:13:20.000Z"_s),
                 qPrintable(d));
        QVERIFY2(d.contains(u"in all: skips 3, replays 3 message(s)"_s), qPrintable(d));
        QCOMPARE(kafkaActionVerbName(KafkaActionVerb::ResetOffsets), u"reset-offsets"_s);
        QCOMPARE(kafkaActionVerbName(KafkaActionVerb::AddPartitions), u"add-partitions"_s);
    }
};

QTEST_GUILESS_MAIN(TestKafkaRepairRules)
#include "tst_kafka_repair_rules.moc"
