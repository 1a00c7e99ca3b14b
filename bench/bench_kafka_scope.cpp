// What one Kafka refresh of one console costs a big cluster: 1,000 consumer groups and 10,000
// partitions (100 topics x 100) besides the stack's own, with the profile naming its 4 groups
// and the saga-events topic, as a real site's console would. Times KafkaFeed::refreshOnce and
// prints what it covered and how many requests it sent. Run on a stack of your own:
//   SAGADECK_STACK_DIR=.stack-me build/me/bench/bench_kafka_scope [--runs 10] [--no-setup] [--drop]
// --no-setup: the load is there already (a second run); --drop: delete it and stop.
#include "BenchUtil.h"
#include "KafkaFeed.h"
#include "KafkaTestKit.h"
#include "StackInfo.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
constexpr int kTopics = 100;
constexpr int kPartitionsPerTopic = 100;
constexpr int kGroups = 1000;

QString topicName(int i)
{
    return u"sagadeck-bench-scope-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
}
QString groupName(int i)
{
    return u"sagadeck-bench-scope-group-%1"_s.arg(i, 4, 10, QLatin1Char('0'));
}

int fail(const QString &why)
{
    std::fprintf(stderr, "bench_kafka_scope: %s\n", qPrintable(why));
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int runs = args.contains(u"--runs"_s) ? args.value(args.indexOf(u"--runs"_s) + 1).toInt() : 10;
    const StackInfo stack = StackInfo::load();
    if (!stack.error.isEmpty())
        return fail(stack.error);
    KafkaTestKit kit(stack);
    if (args.contains(u"--drop"_s)) {
        for (int g = 0; g < kGroups; ++g)
            kit.deleteGroup(groupName(g));
        for (int t = 0; t < kTopics; ++t)
            kit.deleteTopic(topicName(t));
        return 0;
    }
    if (!args.contains(u"--no-setup"_s)) {
        QElapsedTimer setup;
        setup.start();
        for (int t = 0; t < kTopics; ++t)
            if (!kit.createTopic(topicName(t), kPartitionsPerTopic) && !kit.error().contains(u"already exists"_s))
                return fail(kit.error());
        // Each group has committed two partitions of one topic (a consumer that came and went).
        // A topic just created is known to the coordinator a moment later: retry a while.
        for (int g = 0; g < kGroups; ++g) {
            int tries = 0;
            while (!kit.commit(groupName(g), topicName(g % kTopics),
                               {{g % kPartitionsPerTopic, 0}, {(g + 1) % kPartitionsPerTopic, 0}})) {
                if (++tries > 60)
                    return fail(kit.error());
                QThread::msleep(1000);
            }
        }
        std::printf("setup: %d topics x %d partitions, %d groups in %lld ms\n", kTopics, kPartitionsPerTopic, kGroups,
                    setup.elapsed());
    }

    KafkaSettings settings; // the profile's defaults: saga-events and the 4 service groups
    settings.bootstrap = kit.bootstrap();
    KafkaFeed feed(settings);
    // The default scope first, then with the all-groups view open at its first page.
    for (const int page : {-1, 0}) {
        feed.showAllGroups(page);
        std::printf("== %s\n", page < 0 ? "the profile's groups and topics (default)" : "all-groups view open, page 1");
        QVector<double> times;
        KafkaSnapshot last;
        for (int i = 0; i <= runs; ++i) { // run 0 connects: reported apart
            KafkaSnapshot snap;
            QString error;
            QElapsedTimer t;
            t.start();
            if (!feed.refreshOnce(&snap, &error))
                return fail(error);
            const double ms = double(t.nsecsElapsed()) / 1e6;
            if (i == 0)
                std::printf("first refresh (connecting): %.1f ms\n", ms);
            else
                times.append(ms);
            last = snap;
        }
        int partitions = 0, groupRows = 0;
        for (const TopicSnapshot &t : std::as_const(last.topics))
            partitions += int(t.partitions.size());
        for (const ConsumerGroupSnapshot &g : std::as_const(last.groups))
            groupRows += int(g.partitions.size());
        std::printf("refresh: median %.1f ms, p95 %.1f ms, max %.1f ms over %d runs\n", bench::percentile(times, 0.5),
                    bench::percentile(times, 0.95), bench::percentile(times, 1.0), int(times.size()));
        std::printf("covered: %d groups described, %d group partition rows, %d topics (%d partitions) in metadata\n",
                    int(last.groups.size()), groupRows, int(last.topics.size()), partitions);
        std::printf("requests per refresh: %d; the cluster lists %d groups\n", last.requests, last.clusterGroups);
    }
    return 0;
}
