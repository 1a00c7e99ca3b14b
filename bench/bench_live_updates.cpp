// Live saga changes at 10,000 per second into the saga table model while a view shows it:
// how long does the GUI thread ever go without running its event loop?
//
//   bench_live_updates [--seconds 10] [--rate 10000]

#include "BenchUtil.h"
#include "SagaTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace sagadeck;

namespace {
SagaRow makeRow(int n, int attempt)
{
    SagaRow r;
    r.id = QUuid(quint32(n), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4a);
    r.type = n % 3 ? QStringLiteral("order-fulfillment") : QStringLiteral("account-signup");
    r.status = attempt % 2 ? SagaStatus::InProgress : SagaStatus::Completed;
    r.statusText = sagaStatusName(r.status);
    r.currentStep = QStringLiteral("charge-payment");
    r.attempt = attempt;
    r.updatedAtUs = 1'795'000'000'000'000 + qint64(attempt) * 1000;
    r.updatedAt = QDateTime::fromMSecsSinceEpoch(r.updatedAtUs / 1000, Qt::UTC);
    return r;
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int seconds = 10, rate = 10000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QStringLiteral("--seconds"))
            seconds = args.at(i + 1).toInt();
        if (args.at(i) == QStringLiteral("--rate"))
            rate = args.at(i + 1).toInt();
    }

    SagaTableModel model;
    model.setFilter({});
    const quint64 gen = model.generation();
    model.applyCount(gen, 1'000'000);
    const int loadedRows = SagaTableModel::maxCachedPages * SagaTableModel::pageSize;
    for (int page = 0; page < SagaTableModel::maxCachedPages; ++page) {
        QVector<SagaRow> rows;
        for (int i = 0; i < SagaTableModel::pageSize; ++i)
            rows.append(makeRow(page * SagaTableModel::pageSize + i, 1));
        model.applyPage(gen, page * SagaTableModel::pageSize, rows);
    }
    QTableView view;
    view.setModel(&model);
    view.resize(1400, 900);
    view.show();

    // Changes arrive the way the feed delivers them: a batch every 10 ms, 90 % to rows that
    // are loaded (updated in place) and 10 % to rows elsewhere (counted as pending).
    QRandomGenerator random(7);
    int attempt = 2;
    qint64 applied = 0;
    QTimer producer;
    producer.setInterval(10);
    QObject::connect(&producer, &QTimer::timeout, [&] {
        QVector<SagaRow> batch;
        const int n = rate / 100;
        for (int i = 0; i < n; ++i) {
            const bool loaded = random.bounded(10) != 0;
            const int row = loaded ? int(random.bounded(quint32(loadedRows)))
                                   : loadedRows + int(random.bounded(900'000u));
            batch.append(makeRow(row, attempt));
        }
        ++attempt;
        model.applyChanges(batch);
        applied += batch.size();
    });

    // The watchdog: a 5 ms timer; any longer gap between its ticks is time the GUI thread
    // spent elsewhere.
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = 0;
    QVector<double> gaps;
    QTimer watchdog;
    watchdog.setInterval(5);
    QObject::connect(&watchdog, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTick)
            gaps.append((now - lastTick) / 1e6);
        lastTick = now;
    });

    QTimer::singleShot(seconds * 1000, &app, &QApplication::quit);
    producer.start();
    watchdog.start();
    app.exec();

    std::printf("applied %lld changes in %d s (%.0f/s) to a model of 1,000,000 rows (%d loaded), view shown\n", applied,
                seconds, applied / double(seconds), loadedRows);
    std::printf("GUI event-loop gaps (5 ms watchdog): median %.1f ms, p99 %.1f ms, max %.1f ms\n",
                bench::percentile(gaps, 0.5), bench::percentile(gaps, 0.99), bench::percentile(gaps, 1.0));
    std::printf("pending (not shown) changes counted: %d; RSS %.0f MiB\n", model.pendingChanges(),
                bench::procStatusMiB("VmRSS:"));
    return 0;
}
