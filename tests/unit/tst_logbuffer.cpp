// The logs panel's ring (LogBuffer) and the pods/log line splitter: lines interleaved by time
// across pods, the bound and its dropped count, pause without loss (within the bound), stale
// sessions ignored; RFC3339Nano times to the nanosecond, lines cut across pieces, overlong lines.
#include "KubeLogFollower.h"
#include "LogBuffer.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

LogLine line(qint64 t, const QString &pod, const QString &text)
{
    LogLine l;
    l.timeNs = t;
    l.pod = pod;
    l.text = text;
    return l;
}

QStringList texts(const LogBuffer &b)
{
    QStringList out;
    for (int r = 0; r < b.rowCount(); ++r)
        out << b.lineAt(r).text;
    return out;
}

} // namespace

class TestLogBuffer : public QObject
{
    Q_OBJECT
private slots:
    void interleavedByTimeAcrossPods()
    {
        LogBuffer b(100);
        QAbstractItemModelTester tester(&b, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const quint64 s = b.begin({});
        b.append(s, {line(10, u"a"_s, u"a1"_s), line(30, u"a"_s, u"a3"_s)});
        b.append(s, {line(20, u"b"_s, u"b2"_s), line(40, u"b"_s, u"b4"_s)}); // pod b's first is older
        b.append(s, {line(50, u"a"_s, u"a5"_s)});
        QCOMPARE(texts(b), (QStringList{u"a1"_s, u"b2"_s, u"a3"_s, u"b4"_s, u"a5"_s}));
        // Equal times keep their arrival order.
        b.append(s, {line(50, u"b"_s, u"b5"_s)});
        QCOMPARE(texts(b).last(), u"b5"_s);
        QCOMPARE(b.received(), 6);
    }

    void boundedWithDroppedCount()
    {
        LogBuffer b(3);
        QAbstractItemModelTester tester(&b, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const quint64 s = b.begin({});
        b.append(s,
                 {line(1, u"a"_s, u"1"_s), line(2, u"a"_s, u"2"_s), line(3, u"a"_s, u"3"_s), line(4, u"a"_s, u"4"_s),
                  line(5, u"a"_s, u"5"_s)});
        QCOMPARE(texts(b), (QStringList{u"3"_s, u"4"_s, u"5"_s}));
        QCOMPARE(b.dropped(), 2);
        QVERIFY2(b.statusText().contains(u"2 lines dropped"_s), qPrintable(b.statusText()));
    }

    void pauseHoldsStillAndLosesNothingWithinTheBound()
    {
        LogBuffer b(4);
        const quint64 s = b.begin({});
        b.append(s, {line(1, u"a"_s, u"1"_s)});
        b.setPaused(true);
        b.append(s, {line(2, u"a"_s, u"2"_s), line(3, u"a"_s, u"3"_s)});
        QCOMPARE(texts(b), QStringList{u"1"_s});
        QCOMPARE(b.pending(), 2);
        QVERIFY2(b.statusText().contains(u"paused: 2 lines waiting"_s), qPrintable(b.statusText()));
        b.setPaused(false);
        QCOMPARE(texts(b), (QStringList{u"1"_s, u"2"_s, u"3"_s}));
        QCOMPARE(b.dropped(), 0);
        // Paused past the bound: the oldest waiting go, counted.
        b.setPaused(true);
        b.append(s,
                 {line(4, u"a"_s, u"4"_s), line(5, u"a"_s, u"5"_s), line(6, u"a"_s, u"6"_s), line(7, u"a"_s, u"7"_s),
                  line(8, u"a"_s, u"8"_s)});
        QCOMPARE(b.pending(), 4);
        QCOMPARE(b.dropped(), 1);
    }

    void anOlderSessionIsIgnored()
    {
        LogBuffer b(10);
        const quint64 old = b.begin({});
        const quint64 now = b.begin({});
        QVERIFY(now != old);
        b.append(old, {line(1, u"a"_s, u"late"_s)});
        b.setStreamState(old, u"a"_s, u"following"_s);
        QCOMPARE(b.rowCount(), 0);
        QVERIFY(b.streams().isEmpty());
        b.setStreamState(now, u"a"_s, u"following"_s);
        b.setStreamState(now, u"b"_s, u"your identity x may not get pods/log in namespace y"_s);
        QVERIFY2(b.statusText().contains(u"following 1 pod · b: your identity x"_s), qPrintable(b.statusText()));
    }

    void textForCopyAndSave()
    {
        LogBuffer b(10);
        const quint64 s = b.begin({});
        LogLine l = line(LogLineSplitter::parseTimeNs("2026-12-05T21:05:55.091462710Z"), u"pod-1"_s, u"hello"_s);
        l.previous = true;
        b.append(s, {l});
        QCOMPARE(b.textOf({0}), u"2026-12-05T21:05:55.091Z pod-1 (previous)  hello\n"_s);
    }

    void splitterTimesAndPieces()
    {
        QCOMPARE(LogLineSplitter::parseTimeNs("2026-12-05T21:05:55.091462710Z"),
                 QDateTime(QDate(2026, 12, 5), QTime(21, 5, 55), Qt::UTC).toMSecsSinceEpoch() * 1000000LL + 91462710);
        // Go's RFC3339Nano drops trailing zeros.
        QCOMPARE(LogLineSplitter::parseTimeNs("2026-12-05T21:05:55.5Z") % 1000000000LL, 500000000LL);
        QCOMPARE(LogLineSplitter::parseTimeNs("2026-12-05T21:05:55Z") % 1000000000LL, 0LL);
        QCOMPARE(LogLineSplitter::parseTimeNs("not a time"), 0);
        QCOMPARE(LogLineSplitter::parseTimeNs("2026-12-05T21:05:55.12x4Z"), 0);

        LogLineSplitter s;
        QVERIFY(s.feed("2026-12-05T21:05:55.1Z first li").isEmpty());
        LogLines got = s.feed("ne\n2026-12-05T21:05:56Z second\r\nno time here\n");
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.at(0).text, u"first line"_s);
        QCOMPARE(got.at(1).text, u"second"_s);
        QCOMPARE(got.at(2).text, u"no time here"_s);
        QCOMPARE(got.at(2).timeNs, 0);
        QCOMPARE(s.feed("2026-12-05T21:05:57Z last, no newline").size(), 0);
        QCOMPARE(s.finish().first().text, u"last, no newline"_s);
        // An overlong line is cut and says by how much.
        const QByteArray longLine = "2026-12-05T21:05:57Z " + QByteArray(LogLineSplitter::maxLineBytes + 10, 'x')
            + '\n';
        got = s.feed(longLine);
        QCOMPARE(got.size(), 1);
        QVERIFY2(got.first().text.endsWith(u" … (10 more bytes cut)"_s), qPrintable(got.first().text.right(40)));
    }
};

QTEST_GUILESS_MAIN(TestLogBuffer)
#include "tst_logbuffer.moc"
