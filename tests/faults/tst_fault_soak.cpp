// Ten minutes of black-holed servers (Postgres, Prometheus, orchestrator, Kubernetes API all
// behind proxies that hold every byte): the console does not crash, its memory and thread
// count do not grow, its feeds say Down, and when the route heals every feed is Live again.
// SAGADECK_SOAK_S shortens the soak for development; CI runs the full 600 s.
#include "ConsoleApp.h"
#include "ConsoleUnderTest.h"
#include "FaultHarness.h"
#include "FeedHealthModel.h"
#include "MainWindow.h"
#include "ProxiedStack.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

qint64 residentKiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

int threadCount()
{
    return int(QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

} // namespace

class TestFaultSoak : public QObject
{
    Q_OBJECT
private slots:
    void tenMinutesBlackHoled()
    {
        const int soakS = qEnvironmentVariableIntValue("SAGADECK_SOAK_S") > 0
            ? qEnvironmentVariableIntValue("SAGADECK_SOAK_S")
            : 600;
        ProxiedStack stack;
        QVERIFY2(stack.error().isEmpty(), qPrintable(stack.error()));
        ConsoleApp app(optionsFor(stack));
        const QString notUp = bringUp(app);
        QVERIFY2(notUp.isEmpty(), qPrintable(notUp));
        auto state = [&](FeedKind k) { return app.models().health->health(k).state; };

        struct Heal
        {
            ProxiedStack *stack;
            ~Heal()
            {
                for (const QString &f : stack->proxiedFeeds())
                    stack->proxy(f)->set(u"pass"_s);
            }
        } heal{&stack};
        for (const QString &f : stack.proxiedFeeds())
            QVERIFY2(stack.proxy(f)->set(u"blackhole"_s), qPrintable(stack.proxy(f)->error()));

        // Samples every 30 s; the first minute is the console settling into its Down state.
        QList<qint64> rss;
        QList<int> threads;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < qint64(soakS) * 1000) {
            waitUntil([] { return false; }, 30000);
            rss << residentKiB();
            threads << threadCount();
            qInfo("t=%llds rss=%lld KiB threads=%d", clock.elapsed() / 1000, rss.last(), threads.last());
        }
        QStringList notDown;
        for (const QString &f : stack.proxiedFeeds()) {
            const FeedKind k = f == u"postgres"_s ? FeedKind::Postgres
                : f == u"prometheus"_s            ? FeedKind::Prometheus
                : f == u"orchestrator"_s          ? FeedKind::Orchestrator
                                                  : FeedKind::Kubernetes;
            if (state(k) != FeedState::Down)
                notDown << f + u" is "_s + stateName(state(k));
        }
        // Heal, and every feed comes back.
        for (const QString &f : stack.proxiedFeeds())
            stack.proxy(f)->set(u"pass"_s);
        const qint64 back = waitUntil([&] { return allFeedsLive(app); }, 90000);

        QVERIFY(rss.size() >= 2);
        const int settled = std::min<int>(2, int(rss.size()) - 1); // after the first minute
        const qint64 growthKiB = rss.last() - rss.at(settled);
        const int threadGrowth = threads.last() - threads.at(settled);
        const int threadMax = *std::max_element(threads.begin(), threads.end());
        const QString observed = u"%1 s black-holed: RSS %2 -> %3 KiB (+%4), threads %5 -> %6 (max %7); "
                                 u"not Down: %8; all Live %9 ms after healing"_s.arg(soakS)
                                     .arg(rss.at(settled))
                                     .arg(rss.last())
                                     .arg(growthKiB)
                                     .arg(threads.at(settled))
                                     .arg(threads.last())
                                     .arg(threadMax)
                                     .arg(notDown.isEmpty() ? u"none"_s : notDown.join(u", "_s))
                                     .arg(back);
        qInfo("%s", qPrintable(observed));
        const bool passed = growthKiB <= 20 * 1024 && threadGrowth <= 0 && threadMax <= threads.at(settled) + 2
            && notDown.isEmpty() && back >= 0;
        FaultRecord{
            u"tenMinutesBlackHoled"_s,
            u"blackhole via proxy, 4 servers at once"_s,
            u"whole console"_s,
            u"no crash; RSS growth ≤ 20 MiB and no new threads after the first minute; Down; Live after healing"_s,
            observed,
            passed}
            .write();
        QVERIFY2(growthKiB <= 20 * 1024, qPrintable(observed));
        QVERIFY2(threadGrowth <= 0 && threadMax <= threads.at(settled) + 2, qPrintable(observed));
        QVERIFY2(notDown.isEmpty(), qPrintable(observed));
        QVERIFY2(back >= 0, qPrintable(observed + u" — "_s + feedStates(app)));
    }
};

QTEST_MAIN(TestFaultSoak)
#include "tst_fault_soak.moc"
