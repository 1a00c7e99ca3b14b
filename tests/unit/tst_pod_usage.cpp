// kubectl top from Prometheus, and what an autoscaler does to a hand-set count, without servers:
// PodUsage's queries in the site's names, its readings (a pod without series has none, not 0),
// a metric absent by name, a failed question keeping the last readings; Kubernetes quantities;
// the pods table's Memory/CPU cells with their share of the limit; the HPA warnings.
#include "AutoscalerInfo.h"
#include "PodTableModel.h"
#include "PodUsage.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

PromAnswer answerTo(const PromRequest &r, const QMap<QString, double> &byPod, const QString &error = {})
{
    PromAnswer a;
    a.request = r;
    a.resultType = u"vector"_s;
    a.error = error;
    for (auto it = byPod.begin(); it != byPod.end(); ++it) {
        PromSeries s;
        s.labels.insert(u"kube_pod"_s, it.key());
        s.points.append({1, it.value()});
        a.series.append(s);
    }
    return a;
}

} // namespace

class TestPodUsage : public QObject
{
    Q_OBJECT
private slots:
    void queriesInTheSiteNames()
    {
        SiteNames names;
        QVERIFY(names.rename(u"pod"_s, u"kube_pod"_s));
        QVERIFY(names.rename(u"pod_memory"_s, u"pod_mem_bytes"_s));
        PodUsage usage;
        QSignalSpy asked(&usage, &PodUsage::requested);
        usage.start(names, u"shop"_s, 300);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(usage.memoryQuery(),
                 u"sum by (kube_pod) (pod_mem_bytes{namespace=\"shop\", container!=\"\", container!=\"POD\"})"_s);
        QCOMPARE(usage.cpuQuery(),
                 u"sum by (kube_pod) (rate(container_cpu_usage_seconds_total{namespace=\"shop\", "
                 u"container!=\"\", container!=\"POD\"}[2m]))"_s);

        const PromRequest memory = asked.at(0).first().value<PromRequest>();
        const PromRequest cpu = asked.at(1).first().value<PromRequest>();
        QSignalSpy changed(&usage, &PodUsage::changed);
        usage.applyAnswer(answerTo(memory, {{u"a"_s, 100e6}, {u"b"_s, 0}}));
        QCOMPARE(changed.size(), 0); // one reading of both, not half
        usage.applyAnswer(answerTo(cpu, {{u"a"_s, 0.25}}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(*usage.reading(u"a"_s)->memoryBytes, 100e6);
        QCOMPARE(*usage.reading(u"a"_s)->cpuCores, 0.25);
        QCOMPARE(*usage.reading(u"b"_s)->memoryBytes, 0.0); // zero is a reading
        QVERIFY(!usage.reading(u"b"_s)->cpuCores);          // no series is none
        QVERIFY(!usage.reading(u"c"_s));
        QVERIFY(usage.error().isEmpty());
        const QDateTime first = usage.readAt();
        QVERIFY(first.isValid());

        // A late answer to an old question is dropped.
        usage.applyAnswer(answerTo(memory, {{u"a"_s, 1}}));
        QCOMPARE(*usage.reading(u"a"_s)->memoryBytes, 100e6);

        // The next round (its timer): the memory metric has no series at all (another name at
        // this site), the CPU question fails: the last readings stay, with their time and why.
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 4, 5000);
        const PromRequest memory2 = asked.at(2).first().value<PromRequest>();
        const PromRequest cpu2 = asked.at(3).first().value<PromRequest>();
        usage.applyAnswer(answerTo(memory2, {}));
        usage.applyAnswer(answerTo(cpu2, {}, u"timeout: no answer within 10 s"_s));
        QVERIFY2(usage.error().contains(u"pod_mem_bytes has no series in the namespace"_s), qPrintable(usage.error()));
        QVERIFY2(usage.error().contains(u"container_cpu_usage_seconds_total: timeout"_s), qPrintable(usage.error()));
        QCOMPARE(*usage.reading(u"a"_s)->memoryBytes, 100e6);
        QCOMPARE(usage.readAt(), first);
        usage.stop();
    }

    void quantities()
    {
        QCOMPARE(*parseQuantity(u"512Mi"_s), 512.0 * 1024 * 1024);
        QCOMPARE(*parseQuantity(u"1Gi"_s), 1024.0 * 1024 * 1024);
        QCOMPARE(*parseQuantity(u"500m"_s), 0.5);
        QCOMPARE(*parseQuantity(u"2"_s), 2.0);
        QCOMPARE(*parseQuantity(u"1.5"_s), 1.5);
        QCOMPARE(*parseQuantity(u"1k"_s), 1000.0);
        QVERIFY(!parseQuantity(u""_s));
        QVERIFY(!parseQuantity(u"lots"_s));
    }

    void tableCellsWithTheLimit()
    {
        PodTableModel model;
        PodInfo p;
        p.name = u"a"_s;
        ContainerInfo c;
        c.name = u"a"_s;
        c.memoryLimit = u"1Gi"_s;
        c.cpuLimit = u"500m"_s;
        p.containers << c;
        PodInfo q = p;
        q.name = u"b"_s;
        model.apply({p, q}, QDateTime::currentDateTimeUtc(), {});
        // Before any reading: nothing claimed.
        QCOMPARE(model.index(0, PodTableModel::Memory).data().toString(), QString());
        QHash<QString, PodUsage::Reading> usage;
        usage.insert(u"a"_s, {256.0 * 1024 * 1024, 0.1});
        model.setUsage(usage, QDateTime::currentDateTimeUtc(), {});
        QCOMPARE(model.index(0, PodTableModel::Memory).data().toString(), u"256 MiB (25 % of limit)"_s);
        QCOMPARE(model.index(0, PodTableModel::Cpu).data().toString(), u"100m (20 % of limit)"_s);
        QCOMPARE(model.index(1, PodTableModel::Memory).data().toString(), u"no data"_s);
        // Sorted by memory, the pod without a reading goes below.
        QVERIFY(model.index(0, PodTableModel::Memory).data(PodTableModel::SortRole).toDouble()
                > model.index(1, PodTableModel::Memory).data(PodTableModel::SortRole).toDouble());
    }

    void autoscalerWarnings()
    {
        AutoscalerInfo a;
        a.name = u"inventory-service"_s;
        a.targetKind = u"Deployment"_s;
        a.targetName = u"inventory-service"_s;
        a.minReplicas = 2;
        a.maxReplicas = 5;
        a.currentReplicas = 2;
        a.targets = u"cpu 70 %"_s;
        a.current = u"cpu <unknown>"_s;
        a.conditions = u"ScalingActive=False (FailedGetResourceMetric)"_s;
        QVERIFY(a.scales(u"inventory-service"_s));
        QVERIFY(!a.scales(u"payment-service"_s));
        QCOMPARE(a.summary(),
                 u"2–5 replicas at cpu 70 % (now 2, cpu <unknown>); ScalingActive=False "
                 u"(FailedGetResourceMetric)"_s);
        QVERIFY2(a.overrideWarning(1).contains(u"will set it back to 2"_s), qPrintable(a.overrideWarning(1)));
        QVERIFY2(a.overrideWarning(9).contains(u"will set it back to 5"_s), qPrintable(a.overrideWarning(9)));
        QVERIFY2(a.overrideWarning(3).contains(u"may change the count again"_s), qPrintable(a.overrideWarning(3)));
        QVERIFY2(a.overrideWarning(0).contains(u"turns the autoscaler off"_s), qPrintable(a.overrideWarning(0)));
    }
};

QTEST_GUILESS_MAIN(TestPodUsage)
#include "tst_pod_usage.moc"
