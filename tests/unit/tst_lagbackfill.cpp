#include "KafkaLagStore.h"
#include "LagBackfill.h"

#include <QSignalSpy>
#include <QTest>

using namespace sagadeck;
using namespace Qt::StringLiterals;

// The lag chart's history from Prometheus: when it asks, what it asks, and how the answer is
// merged behind the console's own samples.
class TestLagBackfill : public QObject
{
    Q_OBJECT

    static KafkaSettings kafka()
    {
        KafkaSettings k;
        k.bootstrap = u"k:9092"_s;
        return k;
    }
    static PrometheusSettings prometheus(bool on = true)
    {
        PrometheusSettings p;
        p.url = on ? u"http://prom:9090"_s : QString();
        p.scrapeIntervalS = 2;
        return p;
    }
    static FeedHealth live()
    {
        FeedHealth h;
        h.feed = FeedKind::Prometheus;
        h.state = FeedState::Live;
        return h;
    }

private slots:
    void offWithoutPrometheus()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        QSignalSpy asked(&b, &LagBackfill::requested);
        QCOMPARE(b.state(), LagBackfill::State::Off);
        QVERIFY2(b.statusText().contains(u"no Kafka section"_s), qPrintable(b.statusText()));
        b.configure(kafka(), prometheus(false));
        b.onPrometheusHealth(live());
        QCOMPARE(b.state(), LagBackfill::State::Off);
        QVERIFY2(b.statusText().contains(u"no Prometheus"_s), qPrintable(b.statusText()));
        QCOMPARE(asked.size(), 0);
    }

    void asksOnceWhenPrometheusIsLive()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        QSignalSpy asked(&b, &LagBackfill::requested);
        b.configure(kafka(), prometheus());
        FeedHealth down = live();
        down.state = FeedState::Down;
        b.onPrometheusHealth(down);
        QCOMPARE(asked.size(), 0);
        b.onPrometheusHealth(live());
        b.onPrometheusHealth(live());
        QCOMPARE(asked.size(), 1);
        const auto r = asked.first().first().value<PromRequest>();
        QCOMPARE(r.kind, PromRequest::Kind::Range);
        QCOMPARE(r.query, u"sum by (consumergroup) (kafka_consumergroup_lag{topic=\"saga-events\"})"_s);
        QVERIFY(r.step >= 2);
        QVERIFY(r.end - r.start >= LagBackfill::kSpanS - r.step);
        QCOMPARE(b.state(), LagBackfill::State::Asked);
    }

    void answerIsMergedBehindOwnSamples()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        QSignalSpy asked(&b, &LagBackfill::requested);
        QSignalSpy updated(&store, &KafkaLagStore::updated);
        b.configure(kafka(), prometheus());
        b.onPrometheusHealth(live());
        PromAnswer a;
        a.request = asked.first().first().value<PromRequest>();
        a.resultType = u"matrix"_s;
        PromSeries g1;
        g1.labels = {{u"consumergroup"_s, u"saga-orchestrator-group"_s}};
        g1.points = {{1000, 10}, {1002, 12}, {1004, 14}};
        PromSeries unlabelled; // a series without the group label cannot be placed
        unlabelled.points = {{1000, 1}};
        a.series = {g1, unlabelled};

        PromAnswer late = a; // an answer to another request is ignored
        late.request.id += 1;
        b.applyAnswer(late);
        QCOMPARE(updated.size(), 0);

        b.applyAnswer(a);
        QCOMPARE(b.state(), LagBackfill::State::Done);
        QCOMPARE(updated.size(), 1);
        QCOMPARE(store.history().groups(), QStringList{u"saga-orchestrator-group"_s});
        QCOMPARE(store.history().series(u"saga-orchestrator-group"_s),
                 (QVector<QPointF>{{1000000, 10}, {1002000, 12}, {1004000, 14}}));
        QVERIFY2(b.statusText().contains(u"from Prometheus (kafka_consumergroup_lag"_s), qPrintable(b.statusText()));
        b.applyAnswer(a); // once only
        QCOMPARE(updated.size(), 1);
    }

    // A site whose exporter names the lag and its group label otherwise (the profile's site:).
    void renamedSiteIsAskedInItsNames()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        QSignalSpy asked(&b, &LagBackfill::requested);
        SiteNames site;
        QVERIFY(site.rename(u"kafka_lag"_s, u"kafka_consumer_lag"_s));
        QVERIFY(site.rename(u"consumer_group"_s, u"group"_s));
        QVERIFY(site.rename(u"topic"_s, u"topic_name"_s));
        b.configure(kafka(), prometheus(), site);
        b.onPrometheusHealth(live());
        QCOMPARE(asked.size(), 1);
        PromAnswer a;
        a.request = asked.first().first().value<PromRequest>();
        QCOMPARE(a.request.query, u"sum by (group) (kafka_consumer_lag{topic_name=\"saga-events\"})"_s);
        a.resultType = u"matrix"_s;
        PromSeries g1;
        g1.labels = {{u"group"_s, u"payment-service-group"_s}};
        g1.points = {{1000, 3}};
        a.series = {g1};
        b.applyAnswer(a);
        QCOMPARE(store.history().groups(), QStringList{u"payment-service-group"_s});
        QVERIFY2(b.statusText().contains(u"from Prometheus (kafka_consumer_lag"_s), qPrintable(b.statusText()));
    }

    void failureIsSaidAndAskedAgain()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        b.setRetryIntervalMs(200);
        QSignalSpy asked(&b, &LagBackfill::requested);
        b.configure(kafka(), prometheus());
        b.onPrometheusHealth(live());
        PromAnswer a;
        a.request = asked.first().first().value<PromRequest>();
        a.errorType = u"bad_data"_s;
        a.error = u"parse error at char 5"_s;
        b.applyAnswer(a);
        QCOMPARE(b.state(), LagBackfill::State::Failed);
        QVERIFY2(b.statusText().contains(u"parse error at char 5"_s), qPrintable(b.statusText()));
        QVERIFY(store.history().groups().isEmpty());
        // Asked again later (the retry timer), not at once.
        QCOMPARE(asked.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, 5000);
        QCOMPARE(b.state(), LagBackfill::State::Asked);
    }

    void emptyAnswerSaysSo()
    {
        KafkaLagStore store;
        LagBackfill b(&store);
        QSignalSpy asked(&b, &LagBackfill::requested);
        b.configure(kafka(), prometheus());
        b.onPrometheusHealth(live());
        PromAnswer a;
        a.request = asked.first().first().value<PromRequest>();
        a.resultType = u"matrix"_s;
        b.applyAnswer(a);
        QCOMPARE(b.state(), LagBackfill::State::Done);
        QVERIFY2(b.statusText().contains(u"has no kafka_consumergroup_lag"_s), qPrintable(b.statusText()));
    }
};

QTEST_GUILESS_MAIN(TestLagBackfill)
#include "tst_lagbackfill.moc"
