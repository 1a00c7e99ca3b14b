#include "MetricsDashboard.h"
#include "ServiceLevelQueries.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The dashboard's bookkeeping without a server: requests carry ids, late answers are dropped,
// failures become Error (rules) or a reason beside old data (charts), answers are decimated.
class TestMetricsDashboard : public QObject
{
    Q_OBJECT
private:
    static PromRequest lastRequest(const QSignalSpy &spy, const QString &tag)
    {
        for (qsizetype i = spy.size() - 1; i >= 0; --i) {
            const auto r = spy.at(i).at(0).value<PromRequest>();
            if (r.tag == tag)
                return r;
        }
        return {};
    }
    static PromAnswer answer(const PromRequest &r, double value, int points = 1)
    {
        PromAnswer a;
        a.request = r;
        PromSeries s;
        for (int i = 0; i < points; ++i)
            s.points.append({r.start + i * (r.step > 0 ? r.step : 1), value + (i % 7)});
        a.series.append(s);
        return a;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<PromRequest>();
        qRegisterMetaType<AlertTransition>();
    }

    void lateAnswersAreDropped()
    {
        MetricsDashboard d;
        QSignalSpy requests(&d, &MetricsDashboard::requested);
        QSignalSpy changed(&d, &MetricsDashboard::chartChanged);
        d.setChartWidth(u"memory"_s, 400);
        d.start(2, 60000, {{u"R"_s, u"q"_s, AlertRule::Op::Above, 1, 0, {}, {}}}, QString());
        // 8 charts + 1 rule + 4 service levels + 2 budgets over 5 windows + Prometheus' alerts.
        QCOMPARE(requests.size(), 24);
        const PromRequest first = lastRequest(requests, u"chart:memory"_s);
        QCOMPARE(first.kind, PromRequest::Kind::Range);
        QCOMPARE(first.step, chooseStep(d.rangeS(), 400, 2));
        d.refreshCharts();
        const PromRequest second = lastRequest(requests, u"chart:memory"_s);
        QVERIFY(second.id > first.id);

        d.applyAnswer(answer(second, 5, 100000));
        QCOMPARE(changed.size(), 1);
        const ChartData *c = d.chart(u"memory"_s);
        QCOMPARE(c->rawPoints, 100000);
        QVERIFY(c->series.first().points.size() <= 2 * 400 + 2); // decimated to the width
        QCOMPARE(c->window.start, second.start);
        // The older request's answer arrives late: ignored.
        d.applyAnswer(answer(first, 99));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(d.chart(u"memory"_s)->series.first().points.first().v, 5.0);

        // Rules: a late value must not overwrite a newer one either.
        const PromRequest r1 = lastRequest(requests, u"rule:R"_s);
        d.evaluateAlerts();
        const PromRequest r2 = lastRequest(requests, u"rule:R"_s);
        d.applyAnswer(answer(r2, 0.5));
        d.applyAnswer(answer(r1, 5));
        QCOMPARE(d.alerts()->tracker(u"R"_s)->state(), AlertState::Normal);
        QCOMPARE(d.alerts()->tracker(u"R"_s)->lastValue(), 0.5);
    }

    // No series: the rule is No data and the dashboard asks Prometheus which of its metrics
    // exist, so that it can name the absent one; the service levels likewise.
    void noDataAsksWhichMetricIsAbsent()
    {
        MetricsDashboard d;
        QSignalSpy requests(&d, &MetricsDashboard::requested);
        QSignalSpy levels(&d, &MetricsDashboard::levelsChanged);
        const QString query = u"(sum(rate(a_total[5m])) or sum(rate(b_total[5m])) * 0) / sum(rate(b_total[5m]))"_s;
        d.start(2, 60000, {{u"R"_s, query, AlertRule::Op::Above, 1, 0, {}, {}}}, QString());
        PromAnswer none;
        none.request = lastRequest(requests, u"rule:R"_s);
        d.applyAnswer(none);
        QCOMPARE(d.alerts()->tracker(u"R"_s)->state(), AlertState::NoData);
        const PromRequest presence = lastRequest(requests, u"presence:rule:R"_s);
        QCOMPARE(presence.query, u"group by (__name__) ({__name__=~\"a_total|b_total\"})"_s);
        PromAnswer present;
        present.request = presence;
        present.series.append(PromSeries{{{u"__name__"_s, u"a_total"_s}}, {{0, 1}}});
        d.applyAnswer(present);
        QCOMPARE(d.alerts()->tracker(u"R"_s)->absentMetrics(), QStringList{u"b_total"_s});
        QCOMPARE(d.alerts()->tracker(u"R"_s)->detail(), u"no series of b_total in Prometheus"_s);

        // Service levels: their own queries, one reading each (the four tiles, then the two
        // objectives' bad shares over the SLO window and the four burn windows).
        QCOMPARE(d.levels().size(), 4 + 2 * 5);
        const PromRequest success = lastRequest(requests, u"level:success"_s);
        QCOMPARE(success.query, d.level(u"success"_s)->query);
        d.applyAnswer(answer(success, 0.998));
        QCOMPARE(*d.level(u"success"_s)->value, 0.998);
        PromAnswer empty;
        empty.request = lastRequest(requests, u"level:latency"_s);
        d.applyAnswer(empty);
        QVERIFY(d.level(u"latency"_s)->at.isValid());
        QVERIFY(!d.level(u"latency"_s)->value);
        QVERIFY(!d.level(u"latency"_s)->presenceChecked);
        PromAnswer nothing;
        nothing.request = lastRequest(requests, u"presence:level:latency"_s);
        QVERIFY(nothing.request.id > 0);
        d.applyAnswer(nothing); // no metric of the query exists
        QVERIFY(d.level(u"latency"_s)->presenceChecked);
        QCOMPARE(d.level(u"latency"_s)->absent, QStringList{u"http_request_duration_seconds_bucket"_s});
        QVERIFY(levels.size() >= 3);

        // A 0 from a ratio's fallback: still a value, and Prometheus is asked which of its
        // metrics have no series (the numerator: none failed yet, or a name the site lacks).
        const QString failedId = sloLevelId(u"success"_s, u"1h"_s);
        d.applyAnswer(answer(lastRequest(requests, u"level:"_s + failedId), 0));
        QCOMPARE(*d.level(failedId)->value, 0.0);
        PromAnswer onlyCreated;
        onlyCreated.request = lastRequest(requests, u"presence:level:"_s + failedId);
        QVERIFY(onlyCreated.request.id > 0);
        onlyCreated.series.append(PromSeries{{{u"__name__"_s, u"saga_created_total"_s}}, {{0, 1}}});
        d.applyAnswer(onlyCreated);
        QCOMPARE(*d.level(failedId)->value, 0.0);
        QCOMPARE(d.level(failedId)->absent, QStringList{u"saga_failed_total"_s});
        // A value that is not 0 asks nothing and names nothing.
        const qsizetype asked = requests.size();
        d.applyAnswer(answer(lastRequest(requests, u"level:"_s + failedId), 0.25));
        QCOMPARE(requests.size(), asked);
        QVERIFY(d.level(failedId)->absent.isEmpty());
    }

    void failuresSayWhy()
    {
        MetricsDashboard d;
        QSignalSpy requests(&d, &MetricsDashboard::requested);
        QSignalSpy transitions(&d, &MetricsDashboard::transitionOccurred);
        d.start(2, 60000, {{u"R"_s, u"q"_s, AlertRule::Op::Above, 1, 0, {}, {}}}, QString());
        const PromRequest chart = lastRequest(requests, u"chart:latency-p95"_s);
        d.applyAnswer(answer(chart, 0.2, 50));
        QVERIFY(d.chart(u"latency-p95"_s)->lastSuccess.isValid());
        d.refreshCharts();
        PromAnswer failed;
        failed.request = lastRequest(requests, u"chart:latency-p95"_s);
        failed.errorType = u"transport"_s;
        failed.error = u"Connection refused"_s;
        failed.reachable = false;
        d.applyAnswer(failed);
        const ChartData *c = d.chart(u"latency-p95"_s);
        QCOMPARE(c->error, u"Connection refused"_s);
        QCOMPARE(c->series.first().points.size(), 50); // old data kept, marked by the error

        failed.request = lastRequest(requests, u"rule:R"_s);
        d.applyAnswer(failed);
        QCOMPARE(d.alerts()->tracker(u"R"_s)->state(), AlertState::Error);
        QCOMPARE(transitions.size(), 1);
        QCOMPARE(transitions.first().at(0).value<AlertTransition>().to, AlertState::Error);
        QCOMPARE(d.transitions().size(), 1);
    }

    void zoomStopsAutoRefreshAndComesBack()
    {
        MetricsDashboard d;
        QSignalSpy requests(&d, &MetricsDashboard::requested);
        d.start(2, 60000, {}, QString());
        d.setAutoRefreshMs(5000);
        d.zoomTo(1764300000, 1764303600);
        QVERIFY(d.zoomed());
        const PromRequest r = lastRequest(requests, u"chart:memory"_s);
        QVERIFY(r.start <= 1764300000 && r.end <= 1764303600 && r.end > 1764303600 - r.step);
        d.resetZoom();
        QVERIFY(!d.zoomed());
        QCOMPARE(d.autoRefreshMs(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestMetricsDashboard)
#include "tst_metricsdashboard.moc"
