// A full lag refresh for 20 consumer groups x 200 partitions by the console's KafkaFeed,
// timed in the same run as Kafka's own consumer-group tool (ConsumerGroupCommand
// --describe --all-groups from the stack's jars). Run on a development stack of your own:
//   SAGADECK_STACK_DIR=/tmp/kafkadev build/dev/bin/bench_kafka_lag [--runs 10] [--keep]
#include "BenchUtil.h"
#include "KafkaFeed.h"
#include "KafkaTestKit.h"
#include "StackInfo.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {
constexpr int kGroups = 20;
constexpr int kPartitions = 200;
const QString kTopic = u"sagadeck-bench-lag"_s;

QString groupName(int i)
{
    return u"sagadeck-bench-group-%1"_s.arg(i, 2, 10, QLatin1Char('0'));
}

int fail(const QString &why)
{
    std::fprintf(stderr, "bench_kafka_lag: %s\n", qPrintable(why));
    return 1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int runs = args.contains(u"--runs"_s) ? args.value(args.indexOf(u"--runs"_s) + 1).toInt() : 10;
    const bool keep = args.contains(u"--keep"_s);
    const StackInfo stack = StackInfo::load();
    if (!stack.error.isEmpty())
        return fail(stack.error);
    KafkaTestKit kit(stack);

    // Setup: one topic of 200 partitions, 5 messages each, and 20 groups committed at 2..4.
    QElapsedTimer setup;
    setup.start();
    if (!kit.createTopic(kTopic, kPartitions) && !kit.error().contains(u"already exists"_s))
        return fail(kit.error());
    QMap<int, int> counts;
    for (int p = 0; p < kPartitions; ++p)
        counts.insert(p, 5);
    if (!kit.produce(kTopic, counts))
        return fail(kit.error());
    for (int g = 0; g < kGroups; ++g) {
        QMap<int, qint64> offsets;
        for (int p = 0; p < kPartitions; ++p)
            offsets.insert(p, 2 + (g + p) % 3);
        if (!kit.commit(groupName(g), kTopic, offsets))
            return fail(kit.error());
    }
    std::printf("setup: %d groups x %d partitions in %lld ms\n", kGroups, kPartitions, setup.elapsed());

    KafkaSettings settings;
    settings.bootstrap = kit.bootstrap();
    settings.consumerGroups.clear(); // the profile names the bench's groups: they are its scope
    for (int g = 0; g < kGroups; ++g)
        settings.consumerGroups << groupName(g);
    KafkaFeed feed(settings);
    QVector<double> times;
    int groupRows = 0, benchGroups = 0;
    for (int i = 0; i <= runs; ++i) { // run 0 connects: reported apart
        KafkaSnapshot snap;
        QString error;
        QElapsedTimer t;
        t.start();
        if (!feed.refreshOnce(&snap, &error))
            return fail(error);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (i == 0) {
            std::printf("console refresh, first (connecting): %.1f ms\n", ms);
            continue;
        }
        times.append(ms);
        groupRows = 0;
        benchGroups = 0;
        for (const ConsumerGroupSnapshot &g : snap.groups) {
            groupRows += int(g.partitions.size());
            if (g.group.startsWith(u"sagadeck-bench-group-"_s)) {
                ++benchGroups;
                for (const GroupPartitionOffset &p : g.partitions)
                    if (p.committed < 0 || p.logEnd < 5)
                        return fail(u"incomplete answer for "_s + g.group);
            }
        }
    }
    if (benchGroups != kGroups)
        return fail(u"only %1 of %2 bench groups in the answer"_s.arg(benchGroups).arg(kGroups));
    std::printf("console refresh (KafkaFeed::refreshOnce, the profile's groups: %d partition rows, %d bench groups): "
                "median %.1f ms, p95 %.1f ms, max %.1f ms over %d runs\n",
                groupRows, benchGroups, bench::percentile(times, 0.5), bench::percentile(times, 0.95),
                bench::percentile(times, 1.0), int(times.size()));

    // Kafka's own tool on the same groups, same run (a JVM per call, as an operator runs it).
    QVector<double> tool;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        QByteArray out;
        if (!kit.runTool({u"--describe"_s, u"--all-groups"_s}, &out, 120000))
            return fail(kit.error());
        tool.append(double(t.elapsed()));
        if (i == 0)
            std::printf("tool lists %lld lines\n", qint64(out.count('\n')));
    }
    std::printf("ConsumerGroupCommand --describe --all-groups: median %.0f ms, min %.0f ms, max %.0f ms over 3 runs\n",
                bench::percentile(tool, 0.5), bench::percentile(tool, 0.0), bench::percentile(tool, 1.0));
    if (!keep) {
        for (int g = 0; g < kGroups; ++g)
            kit.deleteGroup(groupName(g));
        kit.deleteTopic(kTopic);
    }
    return 0;
}
