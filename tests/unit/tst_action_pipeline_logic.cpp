// The action pipeline's own rules, without servers: a target that answers each send and each
// read-back as the test scripts it, and a real audit log in a temporary folder.
#include "ActionPipeline.h"
#include "ActionTracker.h"
#include "AuditLogReader.h"
#include "AuditWriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using State = ActionItemResult::State;
using Kind = RequestOutcome::Kind;

namespace {

// Answers the pipeline's sends and reads from scripts (the last entry repeats), and keeps what
// it was asked: the ActionId and "may have landed" of every send.
class ScriptedTarget : public ActionTarget
{
public:
    ScriptedTarget(int items, QVector<RequestOutcome> sends, QVector<EffectReading> reads)
        : m_sends(std::move(sends))
        , m_reads(std::move(reads))
    {
        m_plan.verb = u"retry"_s;
        m_plan.preparedAt = QDateTime::currentDateTimeUtc();
        m_plan.confirmation = ConfirmationRequirement::forAction(u"retry"_s, items, items == 1 ? u"t0"_s : QString(),
                                                                 false, false);
        for (int i = 0; i < items; ++i)
            m_plan.items.append({u"t%1"_s.arg(i), QString()});
    }

    PipelinePlan m_plan;
    QVector<ActionId> sentIds;
    QVector<bool> sentAfterMaybeLanded;

    PipelinePlan plan() const override { return m_plan; }
    QString unavailable() const override { return QString(); }
    void describe(int index, AuditRecord *r) const override
    {
        r->target = {r->profile, QString(), u"thing"_s, m_plan.items.at(index).target};
    }
    void send(int index, const ActionId &id, int, bool earlierMayHaveLanded) override
    {
        sentIds << id;
        sentAfterMaybeLanded << earlierMayHaveLanded;
        const RequestOutcome o = m_sends.at(qMin(m_sent++, int(m_sends.size()) - 1));
        QTimer::singleShot(0, this, [this, index, o] { emit sent(index, o); });
    }
    void readBack(int index) override
    {
        const EffectReading r = m_reads.at(qMin(m_readCount++, int(m_reads.size()) - 1));
        QTimer::singleShot(0, this, [this, index, r] { emit read(index, r); });
    }

private:
    QVector<RequestOutcome> m_sends;
    QVector<EffectReading> m_reads;
    int m_sent = 0;
    int m_readCount = 0;
};

EffectReading shown()
{
    return {EffectReading::State::Shown, u"moved on"_s};
}
EffectReading notYet()
{
    return {EffectReading::State::NotYet, u"not yet"_s};
}

} // namespace

class TestActionPipelineLogic : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    AuditWriter *m_audit = nullptr;

    PipelineSettings settings() const
    {
        PipelineSettings s;
        s.profile = u"local"_s;
        s.audit = m_audit;
        s.maxAttempts = 3;
        s.retryBaseMs = 10;
        s.verifyPollMs = 10;
        s.verifyTimeoutMs = 400;
        s.ratePerSecond = 0;
        return s;
    }

    QVector<AuditRecord> recordsOf(const ActionId &id) const
    {
        QVector<AuditRecord> out;
        for (const AuditRecord &r : AuditLogReader::read(path()).records)
            if (r.actionId == id)
                out << r;
        return out;
    }
    QString path() const { return m_dir.filePath(u"audit.jsonl"_s); }
    int recordCount() const { return int(AuditLogReader::read(path()).records.size()); }

    static ActionReport runToEnd(ActionPipeline &p, const QString &typed = QString(), bool *started = nullptr)
    {
        QSignalSpy finished(&p, &ActionPipeline::finished);
        const bool ok = p.start(typed, u"unit test"_s);
        if (started)
            *started = ok;
        if (finished.isEmpty() && !finished.wait(5000))
            return {};
        return finished.first().first().value<ActionReport>();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_audit = new AuditWriter(path(), this); // on this thread: the queued appends run in the test's loop
    }

    void lostAnswersAreSentAgainUnderOneActionId()
    {
        auto *t = new ScriptedTarget(1,
                                     {RequestOutcome::unknown(u"no answer"_s), RequestOutcome::unknown(u"no answer"_s),
                                      RequestOutcome::accepted(202, u"req-7"_s)},
                                     {notYet(), shown()});
        ActionPipeline p(settings(), t);
        const ActionReport r = runToEnd(p);
        QCOMPARE(r.results.size(), 1);
        const ActionItemResult item = r.results.first();
        QCOMPARE(item.state, State::Done);
        QCOMPARE(item.message, u"done: moved on"_s);
        QCOMPARE(item.attempts, 3);
        QCOMPARE(item.serverRequestId, u"req-7"_s);
        QCOMPARE(t->sentIds.size(), 3);
        QCOMPARE(t->sentIds.at(1), t->sentIds.at(0));
        QCOMPARE(t->sentIds.at(2), t->sentIds.at(0));
        QCOMPARE(t->sentAfterMaybeLanded, (QVector<bool>{false, true, true}));
        const QVector<AuditRecord> recs = recordsOf(item.actionId);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs.at(0).kind, AuditKind::Intent);
        QCOMPARE(recs.at(1).result, AuditResult::Done);
        QCOMPARE(recs.at(1).parameters.value(u"attempts"_s).toInt(), 3);
    }

    void lastAttemptLostIsUnknown()
    {
        auto *t = new ScriptedTarget(1, {RequestOutcome::unknown(u"no answer within 2000 ms"_s)}, {shown()});
        ActionPipeline p(settings(), t);
        const ActionItemResult item = runToEnd(p).results.value(0);
        QCOMPARE(item.state, State::Unknown);
        QCOMPARE(item.message,
                 u"outcome unknown — check before retrying: no answer within 2000 ms (after 3 attempts)"_s);
        QCOMPARE(t->sentIds.size(), 3);
        QCOMPARE(recordsOf(item.actionId).last().result, AuditResult::Unknown);
    }

    void aRefusalIsNotRepeated_data()
    {
        QTest::addColumn<RequestOutcome>("outcome");
        QTest::addColumn<QString>("message");
        QTest::newRow("409") << RequestOutcome::failed(u"saga is COMPLETED"_s, 409)
                             << u"failed: HTTP 409: saga is COMPLETED"_s;
        QTest::newRow("read-only transport") << RequestOutcome::refused(u"read-only profile: POST x was refused"_s)
                                             << u"failed: not sent: read-only profile: POST x was refused"_s;
    }
    void aRefusalIsNotRepeated()
    {
        QFETCH(RequestOutcome, outcome);
        QFETCH(QString, message);
        auto *t = new ScriptedTarget(1, {outcome}, {shown()});
        ActionPipeline p(settings(), t);
        const ActionItemResult item = runToEnd(p).results.value(0);
        QCOMPARE(item.state, State::Failed);
        QCOMPARE(item.message, message);
        QCOMPARE(item.attempts, 1);
        QCOMPARE(recordsOf(item.actionId).last().result, AuditResult::Failed);
    }

    void notSentAfterALostAnswerIsStillUnknown()
    {
        // The first attempt may have landed; that the second never left changes nothing.
        auto *t = new ScriptedTarget(
            1, {RequestOutcome::unknown(u"no answer"_s), RequestOutcome::failed(u"connection refused"_s, 0, false)},
            {shown()});
        ActionPipeline p(settings(), t);
        const ActionItemResult item = runToEnd(p).results.value(0);
        QCOMPARE(item.state, State::Unknown);
        QVERIFY2(item.message.contains(u"an earlier attempt got no answer"_s), qPrintable(item.message));
    }

    void verificationDeadline_data()
    {
        QTest::addColumn<EffectReading>("reading");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("message");
        QTest::newRow("never shows")
            << notYet() << int(State::Unknown)
            << u"outcome unknown — it was accepted (HTTP 200) but the effect did not show within 400 ms "
               "(not yet); check before retrying"_s;
        QTest::newRow("asked-for state holds")
            << EffectReading{EffectReading::State::Partial, u"replicas 2 → 3 (spec); 1 ready so far"_s}
            << int(State::Done) << u"done: replicas 2 → 3 (spec); 1 ready so far (after 400 ms)"_s;
    }
    void verificationDeadline()
    {
        QFETCH(EffectReading, reading);
        QFETCH(int, state);
        QFETCH(QString, message);
        auto *t = new ScriptedTarget(1, {RequestOutcome::accepted(200)}, {reading});
        ActionPipeline p(settings(), t);
        const ActionItemResult item = runToEnd(p).results.value(0);
        QCOMPARE(int(item.state), state);
        QCOMPARE(item.message, message);
    }

    void refusedBeforeSending_data()
    {
        QTest::addColumn<QString>("why");
        QTest::addColumn<QString>("expected");
        QTest::newRow("read-only") << u"read-only"_s << u"the war-room display is read-only"_s;
        QTest::newRow("stale preview") << u"stale"_s
                                       << u"the preview is 11 min old; prepare it again to act on the current state"_s;
        QTest::newRow("wrong count") << u"typed"_s << u"not confirmed: "_s;
        QTest::newRow("plan refused") << u"refusal"_s << u"no orchestrator"_s;
        QTest::newRow("nothing actionable") << u"skipped"_s << u"nothing to retry: see the preview for why"_s;
    }
    void refusedBeforeSending()
    {
        QFETCH(QString, why);
        QFETCH(QString, expected);
        auto *t = new ScriptedTarget(2, {RequestOutcome::accepted(202)}, {shown()});
        PipelineSettings s = settings();
        QString typed = u"2"_s;
        if (why == u"read-only"_s) {
            s.readOnly = true;
            s.readOnlyWhy = expected;
        } else if (why == u"stale"_s) {
            t->m_plan.preparedAt = QDateTime::currentDateTimeUtc().addSecs(-660);
        } else if (why == u"typed"_s) {
            typed = u"3"_s;
        } else if (why == u"refusal"_s) {
            t->m_plan.refusal = expected;
        } else {
            t->m_plan.items[0].skipped = u"COMPLETED"_s;
            t->m_plan.items[1].skipped = u"COMPLETED"_s;
        }
        const int records = recordCount();
        ActionPipeline p(s, t);
        bool started = true;
        const ActionReport r = runToEnd(p, typed, &started);
        QVERIFY(!started);
        QVERIFY2(r.refused.startsWith(expected), qPrintable(r.refused));
        QVERIFY(r.results.isEmpty());
        QVERIFY(t->sentIds.isEmpty());
        QCOMPARE(recordCount(), records);
        QVERIFY(!p.start(typed, u"again"_s)); // it runs once
    }

    void cancelStopsWhatWasNotSent()
    {
        auto *t = new ScriptedTarget(3, {RequestOutcome::accepted(202)}, {shown()});
        PipelineSettings s = settings();
        s.ratePerSecond = 2; // 500 ms between sends
        ActionPipeline p(s, t);
        QSignalSpy items(&p, &ActionPipeline::itemFinished);
        QSignalSpy finished(&p, &ActionPipeline::finished);
        QVERIFY(p.start(u"3"_s, u"unit test"_s));
        QVERIFY(items.wait(5000));
        p.cancel();
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        const ActionReport r = finished.first().first().value<ActionReport>();
        QVERIFY(r.cancelled);
        QCOMPARE(r.count(State::Done), 1);
        QCOMPARE(r.count(State::Cancelled), 2);
        QCOMPARE(t->sentIds.size(), 1);
        QVERIFY(!r.batchId.isEmpty());
        QCOMPARE(r.summary(),
                 u"1 done, 0 failed, 0 outcome unknown (check before retrying), 0 skipped, the rest cancelled"_s);
    }

    // The console ends while the effect is still being verified: the outcome says so.
    void abandonWritesUnknownOnce()
    {
        auto *t = new ScriptedTarget(1, {RequestOutcome::accepted(202)}, {notYet()});
        PipelineSettings s = settings();
        s.verifyTimeoutMs = 60000;
        ActionTracker tracker;
        s.tracker = &tracker;
        auto *p = new ActionPipeline(s, t);
        tracker.adopt(p);
        QSignalSpy running(&tracker, &ActionTracker::runningChanged);
        QSignalSpy stages(p, &ActionPipeline::stage);
        QSignalSpy finished(p, &ActionPipeline::finished);
        QVERIFY(p->start(QString(), u"unit test"_s));
        QCOMPARE(tracker.running(), 1);
        QCOMPARE(tracker.runningText(), u"1 action running (retry t0)"_s);
        QTRY_VERIFY(!stages.isEmpty() && stages.last().at(1).toString().startsWith(u"verifying"_s));
        tracker.abandonAll(u"the console ended before it could verify"_s);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(tracker.running(), 0);
        QCOMPARE(running.last().first().toInt(), 0);
        const ActionItemResult item = finished.first().first().value<ActionReport>().results.value(0);
        QCOMPARE(item.state, State::Unknown);
        QCOMPARE(item.message, u"outcome unknown — the console ended before it could verify; check before retrying"_s);
        QTest::qWait(100); // anything late (an appended() of the intent) must not add a record
        const QVector<AuditRecord> recs = recordsOf(item.actionId);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs.at(1).result, AuditResult::Unknown);
        QCOMPARE(recs.at(1).message, item.message);
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestActionPipelineLogic)
#include "tst_action_pipeline_logic.moc"
