// Redraw time of a 1,000,000-point series in QtCharts, raw vs min/max-decimated to the chart's
// width (what MetricsDashboard hands to MetricChart). Offscreen; results in docs/benchmarks.md.
#include "BenchUtil.h"
#include "SeriesDecimator.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QRandomGenerator>
#include <QValueAxis>

#include <cmath>
#include <cstdio>

namespace {

QVector<sagadeck::PromPoint> makeSeries(int n)
{
    QRandomGenerator rng(42);
    QVector<sagadeck::PromPoint> pts;
    pts.reserve(n);
    double v = 0;
    for (int i = 0; i < n; ++i) {
        v += rng.generateDouble() - 0.5; // a random walk: real structure at every scale
        pts.append({double(i), v + (i % 50000 == 0 ? 40 : 0)});
    }
    return pts;
}

struct Timing
{
    double loadMs = 0;
    QVector<double> redrawMs;
};

// One view with one series; load the points, then time full repaints (grab() renders it all).
Timing measure(const QVector<sagadeck::PromPoint> &pts, int repeats, int width)
{
    Timing t;
    auto *chart = new QChart;
    auto *series = new QLineSeries;
    chart->addSeries(series);
    chart->createDefaultAxes();
    chart->legend()->hide();
    QChartView view(chart);
    view.resize(width, 400);
    view.show();
    QList<QPointF> list;
    list.reserve(pts.size());
    double lo = 1e300, hi = -1e300;
    for (const auto &p : pts) {
        list.append(QPointF(p.t, p.v));
        lo = std::min(lo, p.v);
        hi = std::max(hi, p.v);
    }
    QElapsedTimer clock;
    clock.start();
    series->replace(list);
    chart->axes(Qt::Horizontal).first()->setRange(pts.first().t, pts.last().t);
    chart->axes(Qt::Vertical).first()->setRange(lo, hi);
    t.loadMs = clock.nsecsElapsed() / 1e6;
    view.grab(); // first paint lays out
    for (int i = 0; i < repeats; ++i) {
        clock.restart();
        chart->update();
        view.grab();
        t.redrawMs.append(clock.nsecsElapsed() / 1e6);
    }
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addOption(
        {QStringLiteral("points"), QStringLiteral("raw points"), QStringLiteral("n"), QStringLiteral("1000000")});
    cli.addOption(
        {QStringLiteral("width"), QStringLiteral("view width px"), QStringLiteral("px"), QStringLiteral("1200")});
    cli.addOption(
        {QStringLiteral("repeats"), QStringLiteral("redraws to time"), QStringLiteral("n"), QStringLiteral("20")});
    cli.process(app);
    const int n = cli.value(QStringLiteral("points")).toInt();
    const int width = cli.value(QStringLiteral("width")).toInt();
    const int repeats = cli.value(QStringLiteral("repeats")).toInt();

    const auto raw = makeSeries(n);
    QElapsedTimer clock;
    clock.start();
    const int columns = width - 100; // roughly the plot area of the view
    const auto decimated = sagadeck::decimateMinMax(raw, raw.first().t, raw.last().t, columns);
    const double decimateMs = clock.nsecsElapsed() / 1e6;

    const Timing rawT = measure(raw, std::max(1, repeats / 5), width);
    const Timing decT = measure(decimated, repeats, width);
    std::printf("raw:       %d points, load %.1f ms, redraw median %.1f ms, max %.1f ms (%lld redraws)\n", n,
                rawT.loadMs, bench::percentile(rawT.redrawMs, 0.5), bench::percentile(rawT.redrawMs, 1.0),
                (long long)rawT.redrawMs.size());
    std::printf("decimated: %lld points (%d columns, decimation %.1f ms), load %.2f ms, redraw median %.2f ms, "
                "p95 %.2f ms, max %.2f ms (%lld redraws)\n",
                (long long)decimated.size(), columns, decimateMs, decT.loadMs, bench::percentile(decT.redrawMs, 0.5),
                bench::percentile(decT.redrawMs, 0.95), bench::percentile(decT.redrawMs, 1.0),
                (long long)decT.redrawMs.size());
    return 0;
}
