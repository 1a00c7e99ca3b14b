#include "AuditActionJoin.h"
#include "DeploymentChangeDetector.h"
#include "IncidentTimeline.h"
#include "ServiceLevelQueries.h"
#include "KubeJson.h"
#include "TimelineMarkerModel.h"
#include "TimelineMarkers.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QDateTime kT0 = QDateTime::currentDateTimeUtc().addSecs(-600); // inside every window

ManagedFieldsEntry entry(const QString &manager, const QString &subresource, int secs, bool restart, bool replicas)
{
    ManagedFieldsEntry e;
    e.manager = manager;
    e.operation = u"Update"_s;
    e.subresource = subresource;
    e.time = secs < 0 ? QDateTime() : kT0.addSecs(secs);
    e.ownsRestartedAt = restart;
    e.ownsReplicas = replicas;
    return e;
}

DeploymentInfo dep(const QString &name, int replicas, int restartedAtSecs = -1,
                   const QList<ManagedFieldsEntry> &managers = {})
{
    DeploymentInfo d;
    d.name = name;
    d.ns = u"microservices"_s;
    d.desiredReplicas = replicas;
    if (restartedAtSecs >= 0)
        d.restartedAt = kT0.addSecs(restartedAtSecs);
    d.created = kT0.addSecs(-3600);
    d.managedFields = managers;
    return d;
}

ConsoleAction action(const QString &verb, const QString &name, int atSecs, int doneSecs)
{
    ConsoleAction a;
    a.actionId = u"id-"_s + verb + name + QString::number(atSecs);
    a.at = kT0.addSecs(atSecs);
    if (doneSecs >= 0)
        a.finishedAt = kT0.addSecs(doneSecs);
    a.osUser = u"alice"_s;
    a.identity = u"sagadeck-operator"_s;
    a.verb = verb;
    a.targetKind = u"deployment"_s;
    a.targetName = name;
    a.ns = u"microservices"_s;
    a.reason = u"stuck consumer"_s;
    a.result = u"done"_s;
    return a;
}

} // namespace

// The timeline's pure parts: the deployment change detector, the markers of each source and
// their joins, the window, the series bookkeeping (late answers dropped) and the list model.
class TestTimeline : public QObject
{
    Q_OBJECT
private slots:
    void detectsChanges_data()
    {
        QTest::addColumn<DeploymentList>("before");
        QTest::addColumn<DeploymentList>("after");
        QTest::addColumn<QStringList>("expected"); // "kind name at from to manager"

        const auto rollout = QList<ManagedFieldsEntry>{
            entry(u"kubectl-rollout"_s, {}, 30, true, false),
            entry(u"kube-controller-manager"_s, u"status"_s, 31, false, false)};
        const auto scaledByKubectl = QList<ManagedFieldsEntry>{entry(u"Python-urllib"_s, {}, -1, false, false),
                                                               entry(u"kubectl"_s, u"scale"_s, -1, false, true)};
        QTest::newRow("no change") << DeploymentList{dep(u"a"_s, 1, 10)} << DeploymentList{dep(u"a"_s, 1, 10)}
                                   << QStringList{};
        QTest::newRow("restart by kubectl")
            << DeploymentList{dep(u"a"_s, 1)} << DeploymentList{dep(u"a"_s, 1, 30, rollout)}
            << QStringList{u"restart a 30 0 1 kubectl-rollout"_s};
        QTest::newRow("second restart") << DeploymentList{dep(u"a"_s, 1, 10)}
                                        << DeploymentList{dep(u"a"_s, 1, 30, rollout)}
                                        << QStringList{u"restart a 30 0 1 kubectl-rollout"_s};
        QTest::newRow("scale through /scale")
            << DeploymentList{dep(u"a"_s, 1)} << DeploymentList{dep(u"a"_s, 3, -1, scaledByKubectl)}
            << QStringList{u"scale a seen 1 3 kubectl"_s};
        QTest::newRow("scale, owner unknown")
            << DeploymentList{dep(u"a"_s, 2)} << DeploymentList{dep(u"a"_s, 0)} << QStringList{u"scale a seen 2 0 "_s};
        QTest::newRow("new deployment, restarted before")
            << DeploymentList{dep(u"a"_s, 1)} << DeploymentList{dep(u"a"_s, 1), dep(u"b"_s, 2, 20, rollout)}
            << QStringList{u"created b -3600 0 2 "_s, u"restart b 20 0 2 kubectl-rollout"_s};
        QTest::newRow("removed") << DeploymentList{dep(u"a"_s, 1), dep(u"b"_s, 1)} << DeploymentList{dep(u"a"_s, 1)}
                                 << QStringList{u"removed b seen 0 1 "_s};
        // A rollout (kubectl set image) and its undo, by whoever owns the containers' field.
        ManagedFieldsEntry setImage = entry(u"kubectl-set"_s, {}, 25, false, false);
        setImage.ownsTemplateImage = true;
        ManagedFieldsEntry undo = entry(u"kubectl-rollout"_s, {}, 35, false, false);
        undo.ownsTemplateImage = true;
        DeploymentInfo good = dep(u"a"_s, 1);
        good.images = QStringList{u"shop/a:1.0"_s};
        DeploymentInfo bad = dep(u"a"_s, 1, -1, {setImage});
        bad.images = QStringList{u"shop/a:1.1-bad"_s};
        DeploymentInfo undone = dep(u"a"_s, 1, -1, {undo});
        undone.images = good.images;
        QTest::newRow("image by kubectl set image")
            << DeploymentList{good} << DeploymentList{bad} << QStringList{u"image a 25 0 1 kubectl-set"_s};
        QTest::newRow("rollback by kubectl rollout undo")
            << DeploymentList{bad} << DeploymentList{undone} << QStringList{u"image a 35 0 1 kubectl-rollout"_s};
        QTest::newRow("restart and scale at once")
            << DeploymentList{dep(u"a"_s, 1, 5)} << DeploymentList{dep(u"a"_s, 2, 30, rollout + scaledByKubectl)}
            << QStringList{u"restart a 30 0 2 kubectl-rollout"_s, u"scale a seen 1 2 kubectl"_s};
    }

    void detectsChanges()
    {
        QFETCH(DeploymentList, before);
        QFETCH(DeploymentList, after);
        QFETCH(QStringList, expected);
        DeploymentChangeDetector d;
        d.apply(before, kT0);
        const QDateTime seen = kT0.addSecs(40);
        QStringList got;
        const char *kinds[] = {"restart", "scale", "created", "removed", "image"};
        for (const DeploymentChange &c : d.apply(after, seen)) {
            const QString at = c.at == seen ? u"seen"_s : QString::number(kT0.secsTo(c.at));
            got << u"%1 %2 %3 %4 %5 %6"_s.arg(QString::fromLatin1(kinds[int(c.kind)]), c.name, at)
                       .arg(c.fromReplicas)
                       .arg(c.toReplicas)
                       .arg(c.manager);
        }
        QCOMPARE(got, expected);
        // The same list again: nothing new.
        QVERIFY(d.apply(after, seen.addSecs(5)).isEmpty());
    }

    void firstListYieldsEarlierRestartsButNoScales()
    {
        DeploymentChangeDetector d;
        QVERIFY(!d.hasBaseline());
        const auto changes = d.apply({dep(u"a"_s, 3, 12), dep(u"b"_s, 1)}, kT0.addSecs(60));
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).kind, DeploymentChange::Kind::Restart);
        QCOMPARE(changes.at(0).at, kT0.addSecs(12)); // the annotation's time, not when it was seen
        QVERIFY(d.hasBaseline());
    }

    void managedFieldsAreParsedFromTheApiJson()
    {
        // As kube-apiserver 1.36 sent it after `kubectl rollout restart` and `kubectl scale`.
        const QByteArray json =
            "{\"metadata\":{\"name\":\"payment-service\",\"namespace\":\"microservices\",\"managedFields\":["
            "{\"manager\":\"Python-urllib\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\",\"time\":\"2026-11-28T09:33:07Z\","
            "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:spec\":{\"f:template\":{\"f:metadata\":{\"f:labels\":{}}}}}},"
            "{\"manager\":\"kubectl\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\",\"fieldsType\":\"FieldsV1\","
            "\"fieldsV1\":{\"f:spec\":{\"f:replicas\":{}}},\"subresource\":\"scale\"},"
            "{\"manager\":\"kubectl-rollout\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\",\"time\":\"2026-11-28T09:33:20Z\","
            "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:spec\":{\"f:template\":{\"f:metadata\":{\"f:annotations\":{\".\":{},"
            "\"f:kubectl.kubernetes.io/restartedAt\":{}}}}}}}]},"
            "\"spec\":{\"replicas\":2,\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-28T09:33:20Z\"}}}}}";
        const DeploymentInfo d = kubejson::parseDeployment(QJsonDocument::fromJson(json).object());
        QCOMPARE(d.managedFields.size(), 3);
        QCOMPARE(d.managedFields.at(1).subresource, u"scale"_s);
        QVERIFY(!d.managedFields.at(1).time.isValid());
        const ManagedFieldsEntry *restart = DeploymentChangeDetector::restartOwner(d);
        QVERIFY(restart);
        QCOMPARE(restart->manager, u"kubectl-rollout"_s);
        QCOMPARE(restart->time, QDateTime(QDate(2026, 11, 28), QTime(9, 33, 20), Qt::UTC));
        // `kubectl scale` took f:replicas over from the creator; its /scale entry has no time.
        QVERIFY(!d.managedFields.at(0).ownsReplicas);
        const ManagedFieldsEntry *replicas = DeploymentChangeDetector::replicasOwner(d);
        QVERIFY(replicas);
        QCOMPARE(replicas->manager, u"kubectl"_s);
        QVERIFY(d == d);
        DeploymentInfo other = d;
        other.managedFields[2].manager = u"sagadeck"_s;
        QVERIFY(!(other == d)); // operator== sees managedFields
    }

    void markersSayWhoAndWhat_data()
    {
        QTest::addColumn<int>("kind"); // DeploymentChange::Kind
        QTest::addColumn<QString>("manager");
        QTest::addColumn<int>("changeAtSecs");
        QTest::addColumn<QString>("actionVerb"); // empty: no console action
        QTest::addColumn<int>("actionAtSecs");
        QTest::addColumn<QString>("whoStartsWith");

        const int restart = int(DeploymentChange::Kind::Restart);
        const int scale = int(DeploymentChange::Kind::Scale);
        QTest::newRow("kubectl restart") << restart << u"kubectl-rollout"_s << 30 << QString() << 0
                                         << u"kubectl-rollout"_s;
        QTest::newRow("console restart") << restart << u"sagadeck"_s << 30 << u"restart"_s << 29
                                         << u"sagadeck: alice as sagadeck-operator"_s;
        QTest::newRow("kubectl restart while console restarts other")
            << restart << u"kubectl-rollout"_s << 30 << u"restart"_s << 29 << u"kubectl-rollout"_s;
        QTest::newRow("console action too long ago")
            << restart << u"sagadeck"_s << 90 << u"restart"_s << 29 << u"sagadeck"_s;
        QTest::newRow("console scale seen 6 s later")
            << scale << u"sagadeck"_s << 36 << u"scale"_s << 30 << u"sagadeck: alice"_s;
        QTest::newRow("verb differs") << scale << u"sagadeck"_s << 31 << u"restart"_s << 30 << u"sagadeck"_s;
        QTest::newRow("no owner, console action")
            << scale << QString() << 31 << u"scale"_s << 30 << u"sagadeck: alice"_s;
        QTest::newRow("no owner, nothing else") << scale << QString() << 31 << QString() << 0 << u"unknown"_s;
    }

    void markersSayWhoAndWhat()
    {
        QFETCH(int, kind);
        QFETCH(QString, manager);
        QFETCH(int, changeAtSecs);
        QFETCH(QString, actionVerb);
        QFETCH(int, actionAtSecs);
        QFETCH(QString, whoStartsWith);
        DeploymentChange c;
        c.kind = DeploymentChange::Kind(kind);
        c.name = u"payment-service"_s;
        c.ns = u"microservices"_s;
        c.at = kT0.addSecs(changeAtSecs);
        c.fromReplicas = 1;
        c.toReplicas = 3;
        c.manager = manager;
        QVector<ConsoleAction> actions{action(u"scale"_s, u"inventory-service"_s, changeAtSecs, changeAtSecs + 1)};
        if (!actionVerb.isEmpty())
            actions << action(actionVerb, u"payment-service"_s, actionAtSecs, actionAtSecs + 2);
        const TimelineMarker m = deploymentMarker(c, actions);
        QVERIFY2(m.who.startsWith(whoStartsWith), qPrintable(m.who));
        QCOMPARE(m.kind, TimelineMarker::Kind::Deployment);
        QCOMPARE(m.at, c.at);
        QVERIFY(m.what.contains(u"payment-service"_s));
        if (c.kind == DeploymentChange::Kind::Scale)
            QVERIFY2(m.what.contains(u"from 1 to 3"_s), qPrintable(m.what));
    }

    void auditIntentAndOutcomeJoinByActionId()
    {
        AuditRecord intent;
        intent.kind = AuditKind::Intent;
        intent.actionId = ActionId::create();
        intent.at = kT0;
        intent.osUser = u"alice"_s;
        intent.identity = u"sagadeck-operator"_s;
        intent.verb = u"scale"_s;
        intent.target = {u"stack"_s, u"microservices"_s, u"deployment"_s, u"payment-service"_s};
        intent.parameters = QJsonObject{{u"replicas"_s, 3}, {u"token"_s, u"s3cret"_s}};
        intent.reason = u"drain the backlog"_s;
        AuditRecord outcome = intent;
        outcome.kind = AuditKind::Outcome;
        outcome.at = kT0.addSecs(4);
        outcome.result = AuditResult::Done;
        outcome.message = u"3 of 3 ready"_s;
        AuditRecord other = intent;
        other.actionId = ActionId::create();
        other.verb = u"restart"_s;
        other.at = kT0.addSecs(10);

        const QVector<ConsoleAction> actions = joinAuditRecords({intent, other, outcome});
        QCOMPARE(actions.size(), 2);
        const ConsoleAction &a = actions.at(0);
        QCOMPARE(a.actionId, intent.actionId.toString());
        QCOMPARE(a.at, kT0);
        QCOMPARE(a.finishedAt, kT0.addSecs(4));
        QCOMPARE(a.result, u"done"_s);
        QVERIFY(!a.parameters.contains(u"s3cret"_s));
        QVERIFY(a.parameters.contains(u"replicas=3"_s));
        QCOMPARE(actions.at(1).result, QString()); // no outcome yet

        const TimelineMarker m = actionMarker(a);
        QCOMPARE(m.kind, TimelineMarker::Kind::Action);
        QCOMPARE(m.who, u"alice as sagadeck-operator"_s);
        QCOMPARE(m.what, u"scale deployment payment-service (replicas=3) → done"_s);
        QVERIFY(m.detail.contains(u"reason: drain the backlog"_s));
        QVERIFY(actionMarker(actions.at(1)).what.endsWith(u"no outcome yet"_s));
    }

    void alertMarker()
    {
        AlertTransition t;
        t.rule = u"SagaFailureRate"_s;
        t.from = AlertState::Pending;
        t.to = AlertState::Firing;
        t.at = kT0;
        t.value = 0.0123;
        const TimelineMarker m = sagadeck::alertMarker(t);
        QCOMPARE(m.kind, TimelineMarker::Kind::Alert);
        QCOMPARE(m.title, u"SagaFailureRate → Firing"_s);
        QCOMPARE(m.what, u"SagaFailureRate: Pending → Firing"_s);
        QCOMPARE(m.detail, u"value 0.0123"_s);
        // An instance's marker names its label set.
        t.labels = {{u"saga_type"_s, u"order-fulfillment"_s}};
        const TimelineMarker i = sagadeck::alertMarker(t);
        QCOMPARE(i.title, u"SagaFailureRate{saga_type=order-fulfillment} → Firing"_s);
        QCOMPARE(i.target, u"SagaFailureRate{saga_type=order-fulfillment}"_s);
        QVERIFY(i.key != m.key);
    }

    void windowKeepsMarkersInsideOnlyOldestFirst_data()
    {
        QTest::addColumn<QList<int>>("atSecs");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("empty") << QList<int>{} << QList<int>{};
        QTest::newRow("sorted") << QList<int>{50, 10, 30} << QList<int>{10, 30, 50};
        QTest::newRow("edges kept") << QList<int>{0, 100} << QList<int>{0, 100};
        QTest::newRow("outside dropped") << QList<int>{-1, 101, 40} << QList<int>{40};
    }

    void windowKeepsMarkersInsideOnlyOldestFirst()
    {
        QFETCH(QList<int>, atSecs);
        QFETCH(QList<int>, expected);
        TimelineMarkers in;
        for (int s : atSecs) {
            TimelineMarker m;
            m.at = kT0.addSecs(s);
            in << m;
        }
        QList<int> got;
        for (const TimelineMarker &m : markersInWindow(in, kT0, kT0.addSecs(100)))
            got << int(kT0.secsTo(m.at));
        QCOMPARE(got, expected);
    }

    void timelineAsksForThreeLanesAndDropsLateAnswers()
    {
        qRegisterMetaType<PromRequest>();
        IncidentTimeline t;
        QCOMPARE(t.spanS(), 30 * 60);
        QSignalSpy requests(&t, &IncidentTimeline::requested);
        QSignalSpy changed(&t, &IncidentTimeline::seriesChanged);
        t.start(5, 5000, levelquery::lagOfTopic(SiteNames(), u"saga-events"_s), QString());
        QCOMPARE(requests.size(), 3);
        QCOMPARE(t.windowStart().secsTo(t.windowEnd()), 30 * 60);
        const auto first = requests.at(2).at(0).value<PromRequest>();
        QCOMPARE(first.query, u"sum(kafka_consumergroup_lag{topic=\"saga-events\"})"_s);
        QVERIFY(first.end - first.start <= 30 * 60 && first.end - first.start > 30 * 60 - 2 * first.step);
        t.setSpanS(15 * 60);
        QCOMPARE(requests.size(), 6);
        const auto second = requests.at(5).at(0).value<PromRequest>();
        PromAnswer late;
        late.request = first;
        late.series = {PromSeries{{}, {{first.start, 5}}}};
        t.applyAnswer(late);
        QCOMPARE(changed.size(), 0);
        QVERIFY(!t.seriesById(u"lag"_s)->answered);
        PromAnswer now;
        now.request = second;
        // Two series (a query that kept a label) are added up per time.
        now.series = {PromSeries{{}, {{second.start, 5}, {second.start + second.step, 7}}},
                      PromSeries{{}, {{second.start, 1}, {second.start + second.step, 2}}}};
        t.applyAnswer(now);
        QCOMPARE(changed.size(), 1);
        const TimelineSeries *lag = t.seriesById(u"lag"_s);
        QCOMPARE(lag->points.size(), 2);
        QCOMPARE(lag->points.at(1).v, 9.0);
        QCOMPARE(lag->rawPoints, 4);
        PromAnswer failed;
        failed.request = second;
        failed.error = u"timeout"_s;
        t.applyAnswer(failed);
        QCOMPARE(lag->error, u"timeout"_s);
        QCOMPARE(lag->points.size(), 2); // old points stay, marked by the error
    }

    void laneWithoutLagQuerySaysWhy()
    {
        qRegisterMetaType<PromRequest>();
        IncidentTimeline t;
        QSignalSpy requests(&t, &IncidentTimeline::requested);
        t.start(5, 5000, QString(), u"no Kafka section"_s);
        QCOMPARE(requests.size(), 2);
        QCOMPARE(t.seriesById(u"lag"_s)->unavailable, u"no Kafka section"_s);
    }

    // Every lane follows the site's names.
    void lanesAskInTheSiteNames()
    {
        qRegisterMetaType<PromRequest>();
        IncidentTimeline t;
        QSignalSpy requests(&t, &IncidentTimeline::requested);
        SiteNames site;
        site.rename(u"saga_failed"_s, u"workflow_failed_total"_s);
        site.rename(u"http_duration"_s, u"app_latency_seconds"_s);
        site.rename(u"kafka_lag"_s, u"kafka_consumer_lag"_s);
        t.start(5, 5000, levelquery::lagOfTopic(site, u"saga-events"_s), QString(), site);
        QStringList asked;
        for (const QList<QVariant> &r : requests)
            asked << r.at(0).value<PromRequest>().query;
        QCOMPARE(asked.size(), 3);
        QVERIFY2(asked.at(0).contains(u"rate(workflow_failed_total[5m])"_s), qPrintable(asked.at(0)));
        QVERIFY2(asked.at(1).contains(u"app_latency_seconds_bucket"_s), qPrintable(asked.at(1)));
        QCOMPARE(asked.at(2), u"sum(kafka_consumer_lag{topic=\"saga-events\"})"_s);
    }

    void timelineCollectsMarkersFromAllSources()
    {
        IncidentTimeline t;
        QSignalSpy markers(&t, &IncidentTimeline::markersChanged);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto rollout = QList<ManagedFieldsEntry>{entry(u"kubectl-rollout"_s, {}, 0, true, false)};
        DeploymentInfo a = dep(u"a"_s, 1);
        t.applyDeployments({a}, now.addSecs(-20));
        QCOMPARE(markers.size(), 0); // the first list: nothing restarted yet
        a.restartedAt = now.addSecs(-10);
        a.managedFields = rollout;
        t.applyDeployments({a}, now.addSecs(-5));
        QCOMPARE(markers.size(), 1);
        AlertTransition tr;
        tr.rule = u"HighLatency"_s;
        tr.to = AlertState::Pending;
        tr.at = now.addSecs(-3);
        t.addAlertTransition(tr);
        ConsoleAction old = action(u"restart"_s, u"a"_s, 0, 1);
        old.at = now.addSecs(-4 * 3600); // outside the widest window
        t.setConsoleActions({action(u"scale"_s, u"b"_s, 0, 1), old}, now, QString());
        QCOMPARE(markers.size(), 3);
        const TimelineMarkers got = t.markers();
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.at(1).kind, TimelineMarker::Kind::Deployment);
        QCOMPARE(got.at(1).at, now.addSecs(-10));
        QVERIFY(got.at(1).who.startsWith(u"kubectl-rollout"_s));
        QCOMPARE(got.at(2).kind, TimelineMarker::Kind::Alert);
        // A failed audit read keeps the actions read before, and says why.
        t.setConsoleActions({}, now, u"permission denied"_s);
        QCOMPARE(t.markers().size(), 3);
        QCOMPARE(t.actionsError(), u"permission denied"_s);
        t.clear();
        QVERIFY(t.markers().isEmpty());
    }

    void markerModelListsTimeKindWhoWhat()
    {
        TimelineMarkerModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        TimelineMarker m;
        m.kind = TimelineMarker::Kind::Deployment;
        m.at = kT0;
        m.who = u"kubectl-rollout (Update)"_s;
        m.what = u"restart of deployment a"_s;
        m.key = u"k1"_s;
        model.setMarkers({m});
        QCOMPARE(resets.size(), 1);
        model.setMarkers({m}); // the same set: no reset
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, TimelineMarkerModel::Kind).data().toString(), u"◆D deployment"_s);
        QCOMPARE(model.index(0, TimelineMarkerModel::Who).data().toString(), m.who);
        QCOMPARE(model.index(0, TimelineMarkerModel::Time).data(TimelineMarkerModel::SortRole).toLongLong(),
                 kT0.toMSecsSinceEpoch());
        QCOMPARE(model.rowOf(u"k1"_s), 0);
        QCOMPARE(model.rowOf(u"nope"_s), -1);
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
