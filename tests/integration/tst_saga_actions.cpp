#include "QueuedSpy.h"
#include "SimHarness.h"
#include "WorkerThread.h"

#include "AuditLogReader.h"
#include "AuditWriter.h"
#include "GuardedNetworkAccess.h"
#include "OrchestratorClient.h"
#include "SagaMatchLister.h"
#include "SagaActionPlanner.h"
#include "ActionContext.h"
#include "StatePaths.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using State = ActionItemResult::State;

// The saga action pipeline (planner, runner, audit, orchestrator client) against saga-sim and
// Postgres of the real stack; Postgres (psql role of the console) is the independent witness.
class TestSagaActions : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_state;
    QThread m_clientThread, m_auditThread;
    OrchestratorClient *m_client = nullptr;
    AuditWriter *m_audit = nullptr;
    QStringList m_failed; // FAILED sagas made by this run, handed out one by one
    static constexpr int kFailedNeeded = 14;

    QString auditPath() const { return StatePaths().auditLogPath(); }
    QString sql(const QString &q) { return m_sim->sqlValue(q); }
    int attempt(const QString &id)
    {
        return sql(u"SELECT attempt FROM saga_instances WHERE id = '%1'"_s.arg(id)).toInt();
    }
    QString status(const QString &id) { return sql(u"SELECT status FROM saga_instances WHERE id = '%1'"_s.arg(id)); }

    ActionContext context(bool readOnly = false)
    {
        ActionContext c;
        c.profile = u"local"_s;
        c.readOnly = readOnly;
        c.requestedBy = u"tst_saga_actions"_s;
        c.orchestrator = m_client;
        c.audit = m_audit;
        return c;
    }

    QStringList takeFailed(int n)
    {
        QStringList out;
        while (out.size() < n && !m_failed.isEmpty()) {
            const QString id = m_failed.takeFirst();
            if (status(id) == u"FAILED"_s)
                out << id;
        }
        return out;
    }

    static SagaActionRequest request(SagaActionVerb verb, const QStringList &ids)
    {
        SagaActionRequest r;
        r.verb = verb;
        for (const QString &id : ids)
            r.sagaIds << QUuid::fromString(id);
        return r;
    }

    SagaActionPlan plan(const ActionContext &ctx, const SagaActionRequest &r)
    {
        SagaActionPlanner planner(ctx);
        QSignalSpy ready(&planner, &SagaActionPlanner::planReady);
        planner.prepare(r);
        if (ready.isEmpty() && !ready.wait(30000))
            return {};
        return ready.first().first().value<SagaActionPlan>();
    }

    static std::unique_ptr<ActionPipeline> pipeline(const ActionContext &ctx, const SagaActionPlan &p)
    {
        return std::unique_ptr<ActionPipeline>(ctx.sagaPipeline(p, u"integration test"_s, nullptr));
    }

    ActionReport run(const ActionContext &ctx, const SagaActionPlan &p, const QString &typed)
    {
        const std::unique_ptr<ActionPipeline> runner = pipeline(ctx, p);
        QSignalSpy finished(runner.get(), &ActionPipeline::finished);
        runner->start(typed, u"integration test"_s);
        if (finished.isEmpty() && !finished.wait(120000))
            return {};
        return finished.first().first().value<ActionReport>();
    }

    // Audit records of one action: exactly what was written for it.
    QList<AuditRecord> auditOf(const ActionId &id)
    {
        QList<AuditRecord> out;
        const AuditReadResult r = AuditLogReader::read(auditPath());
        for (const AuditRecord &rec : r.records)
            if (rec.actionId == id)
                out << rec;
        return out;
    }

    void checkAudited(const ActionItemResult &res, AuditResult expected)
    {
        const QList<AuditRecord> recs = auditOf(res.actionId);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs.at(0).kind, AuditKind::Intent);
        QCOMPARE(recs.at(1).kind, AuditKind::Outcome);
        QCOMPARE(recs.at(1).result, expected);
        QCOMPARE(recs.at(0).target.name, res.target);
        QCOMPARE(recs.at(0).reason, u"integration test"_s);
        QCOMPARE(recs.at(0).parameters.value(u"idempotency_key"_s).toString(), res.actionId.toString());
        QVERIFY(recs.at(0).at <= recs.at(1).at);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_state.isValid());
        qputenv("XDG_STATE_HOME", QFile::encodeName(m_state.path()));
        SimHarness::open(m_sim);
        OrchestratorClient::registerMetaTypes();
        AuditWriter::registerMetaTypes();
        qRegisterMetaType<SagaActionPlan>();
        qRegisterMetaType<ActionItemResult>();
        qRegisterMetaType<ActionReport>();
        OrchestratorSettings settings;
        settings.url = m_sim->stack().string(u"sim"_s, u"api_url"_s);
        m_client = new OrchestratorClient(settings, false);
        m_client->moveToThread(&m_clientThread);
        connect(&m_clientThread, &QThread::finished, m_client, &QObject::deleteLater);
        m_audit = new AuditWriter(auditPath());
        m_audit->moveToThread(&m_auditThread);
        connect(&m_auditThread, &QThread::finished, m_audit, &QObject::deleteLater);
        m_clientThread.start();
        m_auditThread.start();
        QMetaObject::invokeMethod(m_client, &OrchestratorClient::start, Qt::QueuedConnection);

        // FAILED sagas of this run: payment-outage until there are enough (bounded), then steady.
        const QString t0 = sql(u"SELECT now()::text"_s);
        const bool outage = m_sim->setScenario(u"payment-outage"_s) && m_sim->setRate(20);
        QDeadlineTimer deadline(45000);
        while (outage && m_failed.size() < kFailedNeeded && !deadline.hasExpired()) {
            QTest::qWait(500);
            m_failed = m_sim->sqlColumn(u"SELECT id::text FROM saga_instances WHERE created_at >= '%1'::timestamptz "
                                        "AND status = 'FAILED' ORDER BY updated_at"_s.arg(t0));
        }
        m_sim->restore();
        QVERIFY2(outage, "could not switch saga-sim to payment-outage");
        QVERIFY2(m_failed.size() >= 3,
                 qPrintable(u"only %1 FAILED sagas in 45 s of payment-outage"_s.arg(m_failed.size())));
        // A busy machine makes fewer: the rest are written as the outage leaves them (inventory
        // reserved, payment 503, release failed), by the sim's own role.
        const int made = int(m_failed.size());
        while (m_failed.size() < kFailedNeeded) {
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            QString error;
            QVERIFY2(
                m_sim->sqlExecAsSim(
                    u"INSERT INTO saga_instances (id, saga_type, status, current_step, last_error, created_at, updated_at) "
                    "VALUES ('%1', 'order-fulfillment', 'FAILED', 'charge-payment', 'payment-service: HTTP 503', "
                    "now() - interval '1 min', now() - interval '1 min');"
                    "INSERT INTO saga_steps (saga_id, seq, step, action, service, outcome, error, started_at, finished_at) VALUES "
                    "('%1', 1, 'reserve-inventory', 'EXECUTE', 'inventory-service', 'SUCCEEDED', NULL, now() - interval '1 min', now() - interval '1 min'),"
                    "('%1', 2, 'charge-payment', 'EXECUTE', 'payment-service', 'FAILED', 'HTTP 503', now() - interval '1 min', now() - interval '1 min'),"
                    "('%1', 3, 'release-inventory', 'COMPENSATE', 'inventory-service', 'FAILED', 'HTTP 503', now() - interval '1 min', now() - interval '1 min')"_s
                        .arg(id),
                    &error),
                qPrintable(error));
            m_failed << id;
        }
        qInfo("%d FAILED sagas from payment-outage, %d written like them", made, int(m_failed.size()) - made);
    }

    void cleanup() { m_sim->restore(); }

    void cleanupTestCase()
    {
        if (m_client)
            QMetaObject::invokeMethod(m_client, &OrchestratorClient::stop, Qt::QueuedConnection);
        m_clientThread.quit();
        m_auditThread.quit();
        m_clientThread.wait();
        m_auditThread.wait();
        m_sim.reset();
    }

    // First, while no other test has sent anything: nothing mutating leaves a read-only process.
    void readOnlyRefusesEveryActionBeforeAnyRequest()
    {
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), quint64(0));
        const QString id = m_failed.first();
        const int before = attempt(id);
        const ActionContext ctx = context(true);
        const SagaActionPlan p = plan(ctx, request(SagaActionVerb::Retry, {id}));
        QVERIFY2(p.refusal.contains(u"read-only"_s), qPrintable(p.refusal));
        QCOMPARE(p.items.size(), 0); // not even read: refused before any request
        const ActionReport report = run(ctx, p, QString());
        QVERIFY2(report.refused.contains(u"read-only"_s), qPrintable(report.refused));
        QVERIFY(report.results.isEmpty());
        // The transport refuses too, should anything try: a read-only client's POST never leaves.
        OrchestratorSettings settings;
        settings.url = m_sim->stack().string(u"sim"_s, u"api_url"_s);
        OrchestratorClient readOnly(settings, true);
        readOnly.start();
        QSignalSpy answered(&readOnly, &OrchestratorClient::answered);
        readOnly.retry(1, id, ActionId::create().toString(), u"x"_s, u"y"_s);
        QVERIFY(answered.wait(10000));
        const auto a = answered.first().first().value<OrchestratorAnswer>();
        QCOMPARE(a.outcome.kind, RequestOutcome::Kind::RefusedBeforeSending);
        QVERIFY2(a.message.startsWith(u"read-only profile: POST"_s), qPrintable(a.message));
        QCOMPARE(GuardedNetworkAccess::mutatingSent(), quint64(0));
        QCOMPARE(GuardedNetworkAccess::mutatingRefused(), quint64(1));
        QCOMPARE(attempt(id), before);
        QVERIFY(!QFile::exists(auditPath())); // nothing was done, so nothing was audited
    }

    void singleRetryRaisesTheAttemptInPostgres()
    {
        const QStringList ids = takeFailed(1);
        QCOMPARE(ids.size(), 1);
        const QString id = ids.first();
        const int before = attempt(id);
        const ActionContext ctx = context();
        const SagaActionPlan p = plan(ctx, request(SagaActionVerb::Retry, ids));
        QVERIFY2(p.refusal.isEmpty(), qPrintable(p.refusal));
        QCOMPARE(p.actionableCount(), 1);
        QCOMPARE(p.confirmation.kind, ConfirmationRequirement::Kind::ReasonOnly);
        const std::unique_ptr<ActionPipeline> runner = pipeline(ctx, p);
        QSignalSpy progress(runner.get(), &ActionPipeline::progress);
        QSignalSpy finished(runner.get(), &ActionPipeline::finished);
        runner->start(QString(), u"integration test"_s);
        QVERIFY(finished.wait(120000));
        const ActionReport report = finished.first().first().value<ActionReport>();
        QCOMPARE(report.results.size(), 1);
        const ActionItemResult &r = report.results.first();
        QVERIFY2(r.state == State::Done, qPrintable(r.message));
        QCOMPARE(r.httpStatus, 202);
        QCOMPARE(attempt(id), before + 1); // Postgres, independently
        QVERIFY(status(id) != u"FAILED"_s || attempt(id) > before);
        QCOMPARE(progress.last().at(0).toInt(), 1);
        QCOMPARE(progress.last().at(1).toInt(), 1);
        checkAudited(r, AuditResult::Done);
    }

    void bulkRetryAndCompensate()
    {
        const QStringList retry = takeFailed(3);
        const QStringList compensate = takeFailed(3);
        QCOMPARE(retry.size(), 3);
        QCOMPARE(compensate.size(), 3);
        QMap<QString, int> attempts;
        QMap<QString, int> steps;
        for (const QString &id : retry)
            attempts[id] = attempt(id);
        for (const QString &id : compensate)
            steps[id] = sql(u"SELECT count(*) FROM saga_steps WHERE saga_id = '%1'"_s.arg(id)).toInt();
        const ActionContext ctx = context();

        const SagaActionPlan rp = plan(ctx, request(SagaActionVerb::Retry, retry));
        QCOMPARE(rp.actionableCount(), 3);
        QCOMPARE(rp.confirmation.kind, ConfirmationRequirement::Kind::TypeCount);
        QVERIFY2(run(ctx, rp, u"2"_s).refused.contains(u"not confirmed"_s), "a wrong count was accepted");
        const ActionReport rr = run(ctx, rp, u"3"_s);
        QCOMPARE(rr.results.size(), 3);
        QVERIFY(!rr.batchId.isEmpty());
        for (const ActionItemResult &r : rr.results) {
            QVERIFY2(r.state == State::Done, qPrintable(r.message));
            const QString id = r.target;
            QCOMPARE(attempt(id), attempts.value(id) + 1);
            checkAudited(r, AuditResult::Done);
        }
        // The rate limit (5/s): the intents are at least ~200 ms apart.
        QList<QDateTime> intents;
        for (const AuditRecord &rec : AuditLogReader::read(auditPath()).records)
            if (rec.batchId == rr.batchId && rec.kind == AuditKind::Intent)
                intents << rec.at;
        QCOMPARE(intents.size(), 3);
        for (int i = 1; i < intents.size(); ++i)
            QVERIFY2(intents.at(i - 1).msecsTo(intents.at(i)) >= 180,
                     qPrintable(u"intents %1 ms apart"_s.arg(intents.at(i - 1).msecsTo(intents.at(i)))));

        const SagaActionPlan cp = plan(ctx, request(SagaActionVerb::Compensate, compensate));
        QCOMPARE(cp.actionableCount(), 3);
        QCOMPARE(cp.confirmation.expected, u"3"_s);
        const ActionReport cr = run(ctx, cp, u"3"_s);
        QCOMPARE(cr.results.size(), 3);
        for (const ActionItemResult &r : cr.results) {
            QVERIFY2(r.state == State::Done, qPrintable(r.message));
            const QString id = r.target;
            // Postgres: compensation started or finished, and ran compensation steps if any were held.
            const QString s = status(id);
            QVERIFY2(s == u"COMPENSATING"_s || s == u"COMPENSATED"_s || s == u"FAILED"_s, qPrintable(s));
            QVERIFY2(s != u"FAILED"_s
                         || sql(u"SELECT count(*) FROM saga_steps WHERE saga_id = '%1' AND action = 'COMPENSATE' "
                                "AND seq > %2"_s.arg(id)
                                    .arg(steps.value(id)))
                                 .toInt()
                             > 0,
                     "FAILED again without a new compensation step");
            checkAudited(r, AuditResult::Done);
        }
    }

    void sameActionIdTwiceIsOneAttempt()
    {
        const QString id = takeFailed(1).value(0);
        QVERIFY(!id.isEmpty());
        const int before = attempt(id);
        const QString key = ActionId::create().toString();
        QueuedSpy answered(m_client, &OrchestratorClient::answered);
        const quint64 a = ActionContext::nextRequestId(), b = ActionContext::nextRequestId();
        QMetaObject::invokeMethod(
            m_client,
            [c = m_client, id, key, a, b] {
                c->retry(a, id, key, u"double submit"_s, u"tst_saga_actions"_s);
                c->retry(b, id, key, u"double submit"_s, u"tst_saga_actions"_s);
            },
            Qt::QueuedConnection);
        QDeadlineTimer deadline(20000);
        while (answered.size() < 2 && !deadline.hasExpired())
            answered.wait(500);
        QCOMPARE(answered.size(), 2);
        for (const auto &args : answered)
            QCOMPARE(args.first().value<OrchestratorAnswer>().httpStatus, 202);
        QDeadlineTimer settle(5000);
        while (attempt(id) == before && !settle.hasExpired())
            QTest::qWait(100);
        QTest::qWait(1000); // a second application would show up by now
        QCOMPARE(attempt(id), before + 1);
    }

    void fiveClicksAreOneRequest()
    {
        const QString id = takeFailed(1).value(0);
        QVERIFY(!id.isEmpty());
        const int before = attempt(id);
        const ActionContext ctx = context();
        const SagaActionPlan p = plan(ctx, request(SagaActionVerb::Retry, {id}));
        const std::unique_ptr<ActionPipeline> runner = pipeline(ctx, p);
        QSignalSpy finished(runner.get(), &ActionPipeline::finished);
        int accepted = 0;
        for (int click = 0; click < 5; ++click) {
            accepted += runner->start(QString(), u"integration test"_s) ? 1 : 0;
            QTest::qWait(20);
        }
        QCOMPARE(accepted, 1);
        QVERIFY(finished.size() == 1 || finished.wait(60000));
        const auto report = finished.first().first().value<ActionReport>();
        QCOMPARE(report.results.size(), 1);
        QVERIFY2(report.results.first().state == State::Done, qPrintable(report.results.first().message));
        QCOMPARE(attempt(id), before + 1);
        checkAudited(report.results.first(), AuditResult::Done);
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);
    }

    void conflictIsReportedWithTheOrchestratorsReason()
    {
        const QString id = sql(u"SELECT id::text FROM saga_instances WHERE status = 'COMPLETED' LIMIT 1"_s);
        QVERIFY(!id.isEmpty());
        const ActionContext ctx = context();
        SagaActionPlan p = plan(ctx, request(SagaActionVerb::Retry, {id}));
        QCOMPARE(p.actionableCount(), 0);
        QVERIFY2(p.items.first().availability.why.contains(u"COMPLETED"_s),
                 qPrintable(p.items.first().availability.why));
        // The preview said no. Had the saga completed between preview and click, the
        // orchestrator's 409 is what the operator sees:
        p.items[0].availability = {true, QString()};
        p.items[0].saga.status = SagaStatus::Failed;
        p.items[0].saga.statusText = u"FAILED"_s;
        const ActionReport report = run(ctx, p, QString());
        QCOMPARE(report.results.size(), 1);
        const ActionItemResult &r = report.results.first();
        QCOMPARE(r.state, State::Failed);
        QCOMPARE(r.httpStatus, 409);
        QVERIFY2(r.message.contains(u"HTTP 409: saga is COMPLETED: only FAILED or COMPENSATED sagas can be retried"_s),
                 qPrintable(r.message));
        checkAudited(r, AuditResult::Failed);
        QCOMPARE(auditOf(r.actionId).at(1).message, r.message);
    }

    void cancelStopsTheRestOfABulkAction()
    {
        const QStringList ids = takeFailed(3);
        QCOMPARE(ids.size(), 3);
        ActionContext ctx = context();
        ctx.sagaTuning.ratePerSecond = 0.5; // 2 s between sends: time to cancel after the first
        const SagaActionPlan p = plan(ctx, request(SagaActionVerb::Retry, ids));
        QCOMPARE(p.actionableCount(), 3);
        const std::unique_ptr<ActionPipeline> runner = pipeline(ctx, p);
        QSignalSpy items(runner.get(), &ActionPipeline::itemFinished);
        QSignalSpy finished(runner.get(), &ActionPipeline::finished);
        QVERIFY(runner->start(u"3"_s, u"integration test"_s));
        QVERIFY(items.wait(30000));
        runner->cancel();
        QVERIFY(finished.size() == 1 || finished.wait(30000));
        const auto report = finished.first().first().value<ActionReport>();
        QVERIFY(report.cancelled);
        QCOMPARE(report.count(State::Done), 1);
        QCOMPARE(report.count(State::Cancelled), 2);
        int audited = 0;
        for (const ActionItemResult &r : report.results) {
            const QString id = r.target;
            if (r.state == State::Cancelled) {
                QVERIFY(r.actionId.isNull());
                QCOMPARE(status(id), u"FAILED"_s); // untouched
            } else {
                checkAudited(r, AuditResult::Done);
                ++audited;
            }
        }
        QCOMPARE(audited, 1);
    }

    // "Everything the filter shows": listed through the orchestrator, narrowed by the rest of
    // the filter here, cut at maxItems, and compared with Postgres.
    void filterPlansListWhatTheFilterShows()
    {
        const QString id = sql(u"SELECT id::text FROM saga_instances WHERE status = 'FAILED' LIMIT 1"_s);
        QVERIFY2(!id.isEmpty(), "no FAILED saga left");
        const ActionContext ctx = context();
        SagaActionRequest r;
        r.verb = SagaActionVerb::Retry;
        SagaFilter failedOne;
        failedOne.statuses = {SagaStatus::Failed};
        failedOne.search = id.left(13);
        r.filter = failedOne;
        const SagaActionPlan one = plan(ctx, r);
        QVERIFY2(one.refusal.isEmpty(), qPrintable(one.refusal));
        const int expected =
            sql(u"SELECT count(*) FROM saga_instances WHERE status = 'FAILED' AND id::text LIKE '%1%'"_s.arg(
                    id.left(13)))
                .toInt();
        QCOMPARE(int(one.items.size()), expected);
        QCOMPARE(one.actionableCount(), expected);
        SagaFilter completed;
        completed.statuses = {SagaStatus::Completed};
        r.filter = completed;
        r.maxItems = 5;
        const SagaActionPlan many = plan(ctx, r);
        QVERIFY(many.truncated);
        QCOMPARE(many.items.size(), 5);
        QCOMPARE(many.actionableCount(), 0);
        for (const SagaActionItem &item : many.items)
            QCOMPARE(item.saga.status, SagaStatus::Completed);
    }

    // "Every saga the filter matches" beyond the orchestrator's list limit (1000 a status, 501
    // asked): Postgres counts every match and the preview says how many it left out; psql is
    // the witness of the count and of the ids.
    void filterPreviewCountsEveryMatch()
    {
        const QString type = u"bulk-preview-%1"_s.arg(QCoreApplication::applicationPid());
        QString error;
        QVERIFY2(m_sim->sqlExecAsSim(
                     u"INSERT INTO saga_instances (id, saga_type, status, current_step, last_error, created_at, "
                     "updated_at) SELECT gen_random_uuid(), '%1', 'FAILED', 'charge-payment', "
                     "'payment-service: HTTP 503', now() - g * interval '1 ms', now() - g * interval '1 ms' "
                     "FROM generate_series(1, 620) g"_s.arg(type),
                     &error),
                 qPrintable(error));
        const auto dropRows = qScopeGuard(
            [&] { m_sim->sqlExecAsSim(u"DELETE FROM saga_instances WHERE saga_type = '%1'"_s.arg(type)); });
        const qint64 witness =
            sql(u"SELECT count(*) FROM saga_instances WHERE status = 'FAILED' AND saga_type = '%1'"_s.arg(type))
                .toLongLong();
        QCOMPARE(witness, 620);

        PostgresSettings pg;
        pg.conninfo = m_sim->stack().string(u"postgres"_s, u"console_conninfo"_s);
        WorkerThread listerThread;
        ActionContext ctx = context();
        ctx.sagaMatches = listerThread.run(new SagaMatchLister(pg));
        SagaActionRequest r;
        r.verb = SagaActionVerb::Retry;
        SagaFilter failed;
        failed.statuses = {SagaStatus::Failed};
        failed.type = type;
        r.filter = failed;
        const SagaActionPlan capped = plan(ctx, r);
        QVERIFY2(capped.refusal.isEmpty(), qPrintable(capped.refusal));
        QCOMPARE(capped.matching, witness);
        QCOMPARE(capped.items.size(), r.maxItems);
        QVERIFY(capped.truncated);
        QCOMPARE(capped.actionableCount(), r.maxItems);
        QVERIFY2(capped.describe().contains(u"%1 more match: narrow the filter"_s.arg(witness - r.maxItems)),
                 qPrintable(capped.describe().left(400)));
        // The items are the table's first rows: the newest updated_at first, as psql orders them.
        const QStringList newest = m_sim->sqlColumn(
            u"SELECT id::text FROM saga_instances WHERE status = 'FAILED' AND saga_type = '%1' "
            "ORDER BY updated_at DESC, id DESC LIMIT %2"_s.arg(type)
                .arg(r.maxItems));
        QStringList planned;
        for (const SagaActionItem &item : capped.items)
            planned << item.id.toString(QUuid::WithoutBraces);
        QCOMPARE(planned, newest);

        r.maxItems = 1000;
        const SagaActionPlan all = plan(ctx, r);
        QCOMPARE(all.matching, witness);
        QCOMPARE(all.items.size(), witness);
        QVERIFY(!all.truncated);
        QVERIFY2(all.coverage().contains(u"all are covered"_s), qPrintable(all.coverage()));

        // Without Postgres the orchestrator's list is full, and the preview says more may match.
        r.maxItems = 500;
        const SagaActionPlan listed = plan(context(), r);
        QVERIFY2(listed.refusal.isEmpty(), qPrintable(listed.refusal));
        QCOMPARE(listed.matching, -1);
        QCOMPARE(listed.items.size(), r.maxItems);
        QVERIFY(listed.truncated);
        QVERIFY2(listed.coverage().contains(u"more may match"_s), qPrintable(listed.coverage()));
    }

    // `sagadeck act` as a child process, killed while the orchestrator holds its POST.
    void intentSurvivesAKillMidRequest()
    {
        const QString bin = qEnvironmentVariable("SAGADECK_BIN");
        QVERIFY2(QFile::exists(bin), "SAGADECK_BIN does not name the sagadeck binary");
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        // A server that answers the GET (a FAILED saga) and never answers the POST.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray postSeen;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, id, &postSeen] {
                const QByteArray req = s->peek(65536);
                if (!req.contains("\r\n\r\n"))
                    return;
                if (req.startsWith("POST")) {
                    postSeen = req; // held: no answer, ever
                    return;
                }
                s->readAll();
                const QByteArray body = "{\"id\":\"" + id.toLatin1()
                    + "\",\"saga_type\":\"order-fulfillment\","
                      "\"status\":\"FAILED\",\"attempt\":1,\"current_step\":\"charge-payment\",\"last_error\":\"x\","
                      "\"payload\":{},\"created_at\":\"2026-01-01T00:00:00.000Z\",\"updated_at\":\"2026-01-01T00:00:00.000Z\","
                      "\"steps\":[]}";
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            });
        });
        QTemporaryDir dir;
        const QString config = dir.filePath(u"profiles.yaml"_s);
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("current: held\nprofiles:\n  held:\n    orchestrator:\n      url: \"http://127.0.0.1:"
                + QByteArray::number(server.serverPort()) + "\"\n");
        f.close();
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_STATE_HOME"_s, dir.path());
        child.setProcessEnvironment(env);
        child.start(bin, {u"act"_s, u"retry"_s, id, u"--config"_s, config, u"--reason"_s, u"kill test"_s, u"--yes"_s});
        QVERIFY(child.waitForStarted(10000));
        QDeadlineTimer deadline(20000);
        while (postSeen.isEmpty() && !deadline.hasExpired() && child.state() == QProcess::Running)
            QTest::qWait(50);
        QVERIFY2(!postSeen.isEmpty(), child.readAllStandardError().constData());
        child.kill(); // SIGKILL: no chance to write anything more
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const QString audit = dir.path() + u"/sagadeck/audit.jsonl"_s;
        const AuditReadResult r = AuditLogReader::read(audit);
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join(u'\n')));
        QCOMPARE(r.records.size(), 1);
        QCOMPARE(r.records.first().kind, AuditKind::Intent);
        QCOMPARE(r.records.first().target.name, id);
        QCOMPARE(r.records.first().profile, u"held"_s);
        // The intent's ActionId is the Idempotency-Key the server got.
        QVERIFY2(postSeen.contains(QByteArray("Idempotency-Key: " + r.records.first().actionId.toString().toLatin1())),
                 postSeen.constData());
    }
};

QTEST_GUILESS_MAIN(TestSagaActions)
#include "tst_saga_actions.moc"
