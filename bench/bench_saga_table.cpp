// The Sagas page on a big table: time to first rows, time to rows after a jump to a random
// position, and the console's memory. Runs the real app (profile file, feed thread, models,
// page) against a real Postgres; fill it first with `saga-sim seed --sagas 1000000`.
//
//   bench_saga_table --config PROFILES.yaml [--jumps 40]

#include "BenchUtil.h"
#include "ConsoleApp.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "SagaTableModel.h"
#include "SagasPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>

using namespace sagadeck;

namespace {

// True once every row the view shows is loaded.
bool visibleRowsLoaded(QTableView *view, SagaTableModel *model)
{
    const int first = view->rowAt(0);
    int last = view->rowAt(view->viewport()->height() - 1);
    if (first < 0)
        return false;
    if (last < 0)
        last = model->rowCount() - 1;
    for (int r = first; r <= last; ++r)
        if (!model->rowAt(r))
            return false;
    return true;
}

double waitMs(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return -1;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication qapp(argc, argv);
    QString config;
    int jumps = 40;
    const QStringList args = qapp.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QStringLiteral("--config"))
            config = args.at(i + 1);
        if (args.at(i) == QStringLiteral("--jumps"))
            jumps = args.at(i + 1).toInt();
    }
    if (config.isEmpty()) {
        std::fprintf(stderr, "usage: bench_saga_table --config PROFILES.yaml [--jumps N]\n");
        return 2;
    }

    CommandLineOptions options;
    options.configPath = config;
    QElapsedTimer sinceStart;
    sinceStart.start();
    ConsoleApp app(options);
    MainWindow *w = app.window();
    w->resize(1400, 900);
    w->showPage(QStringLiteral("sagas"));
    w->show();
    SagaTableModel *model = app.models().sagas;
    QTableView *view = w->sagasPage()->tableView();

    const double cold = waitMs([&] { return visibleRowsLoaded(view, model); });
    const double coldFromStart = sinceStart.nsecsElapsed() / 1e6;
    const double coldCount = cold + waitMs([&] { return model->countKnown(); });
    if (cold < 0) {
        std::fprintf(stderr, "no rows within 30 s (Postgres: %s)\n",
                     qPrintable(app.models().health->health(FeedKind::Postgres).reason));
        return 1;
    }
    const qint64 rows = model->totalCount();

    // Warm: the page is opened again on a connected console (a new generation).
    QVector<double> warm;
    for (int i = 0; i < 10; ++i) {
        model->reload();
        warm.append(waitMs([&] { return visibleRowsLoaded(view, model); }));
    }
    // First rows after the count is also known (what the row counter needs).
    model->reload();
    const double warmWithCount = waitMs([&] { return model->countKnown() && visibleRowsLoaded(view, model); });

    // Jumps start from anchors once the worker has numbered the table (one scan).
    model->reload();
    const double anchorsMs = waitMs([&] { return model->hasAnchors(); }, 60000);

    QVector<double> jumpTimes;
    QRandomGenerator random(42);
    for (int i = 0; i < jumps; ++i) {
        const int target = int(random.bounded(quint32(rows)));
        view->scrollTo(model->index(target, 0), QAbstractItemView::PositionAtTop);
        jumpTimes.append(waitMs([&] { return visibleRowsLoaded(view, model); }));
    }
    // Scrolling on by a page from where we are: the keyset path.
    QVector<double> pageDown;
    for (int i = 0; i < 20; ++i) {
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->value() + view->verticalScrollBar()->pageStep());
        pageDown.append(waitMs([&] { return visibleRowsLoaded(view, model); }));
    }

    std::printf("rows in table: %lld\n", rows);
    std::printf(
        "first rows visible, cold (connections opened first): %.1f ms after the page opened, %.1f ms after process start; row count shown at %.1f ms\n",
        cold, coldFromStart, coldCount);
    std::printf("first rows visible, warm reload: median %.1f ms, max %.1f ms (10 runs); with the count too: %.1f ms\n",
                bench::percentile(warm, 0.5), bench::percentile(warm, 1.0), warmWithCount);
    std::printf("anchors for jumps ready %.0f ms after the page opened (one numbering scan in the background)\n",
                anchorsMs);
    std::printf("jump to a random position -> rows visible: median %.1f ms, p95 %.1f ms, max %.1f ms (%d jumps)\n",
                bench::percentile(jumpTimes, 0.5), bench::percentile(jumpTimes, 0.95),
                bench::percentile(jumpTimes, 1.0), jumps);
    std::printf("page down -> rows visible: median %.1f ms, max %.1f ms (20 steps)\n", bench::percentile(pageDown, 0.5),
                bench::percentile(pageDown, 1.0));
    std::printf("console memory: RSS %.0f MiB, peak RSS %.0f MiB\n", bench::procStatusMiB("VmRSS:"),
                bench::procStatusMiB("VmHWM:"));
    return 0;
}
