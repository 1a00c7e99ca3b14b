#include "MetricsDashboard.h"

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
        // 7 charts + 1 rule + Prometheus' alerts.
        QCOMPARE(requests.size(), 9);
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
