#include "MetricsDashboard.h"
#include "Playbook.h"
#include "PlaybookBoard.h"
#include "ServiceLevelQueries.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace sagadeck;

Q_DECLARE_METATYPE(sagadeck::SymptomReading::State)

namespace {

const char *kMinimal = R"({"playbooks":[{"id":"p","title":"P","section":"S 1","alert":"A",
  "symptoms":[{"label":"L","query":"${saga_failed}","op":">","threshold":0.5,"unit":"ratio"}],
  "investigation":[],"remedies":[]}]})";

constexpr double kEvaluatedAt = 1764331200.125; // 2025-11-28T12:00:00.125Z

PromAnswer answer(const QVector<double> &values, const QString &error = QString())
{
    PromAnswer a;
    a.error = error;
    // Each series evaluated at its own instant, so the test can tell which one was taken.
    for (int i = 0; i < values.size(); ++i) {
        PromSeries s;
        s.points.append({kEvaluatedAt + i, values.at(i)});
        a.series.append(s);
    }
    return a;
}

Playbook symptomPlaybook(const QString &alert, int raiseAfter = 2)
{
    Playbook p;
    p.id = u"p"_s;
    p.alert = alert;
    p.raiseAfter = raiseAfter;
    PlaybookSymptom s;
    s.label = u"first"_s;
    s.query = u"q"_s;
    s.threshold = 10;
    p.symptoms.append(s);
    return p;
}

SymptomReading reading(SymptomReading::State state)
{
    SymptomReading r;
    r.state = state;
    r.at = QDateTime::currentDateTimeUtc();
    return r;
}

} // namespace

// Playbooks as data: the strict parser, symptom evaluation (no data and errors are never
// "not met"), the raise rules, and the board's requests, answers and order.
class TestPlaybooks : public QObject
{
    Q_OBJECT
private slots:
    void shippedPlaybooksParse()
    {
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR) + u"/resources/playbooks.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const PlaybooksParse p = parsePlaybooks(f.readAll(), u"playbooks.json"_s);
        QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(u'\n')));
        QCOMPARE(p.playbooks.size(), 5);
        // The runbook's alert rules raise three; the other two raise from their first symptom.
        QStringList alerts;
        for (const Playbook &b : p.playbooks)
            alerts << b.alert;
        QCOMPARE(alerts,
                 (QStringList{u"SagaFailureRate"_s, u"HighLatency"_s, QString(), u"DatabaseConnections"_s, QString()}));
        QVERIFY(p.playbooks.at(2).raiseRuleText().contains(u"2 evaluations in a row"_s));
        QCOMPARE(p.playbooks.at(0).remedies.last().verb, RemedyVerb::RetryFailed);
        QVERIFY(p.playbooks.at(3).shows(InvestigationKind::PgActivity));
    }

    void parserErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QByteArray ok(kMinimal);
        auto with = [&](const char *from, const char *to) { return QByteArray(ok).replace(from, to); };
        QTest::newRow("not json") << QByteArray("{") << u"f.json: byte"_s;
        QTest::newRow("no list") << QByteArray("{}") << u"f.json: expected {\"playbooks\""_s;
        QTest::newRow("empty list") << QByteArray(R"({"playbooks":[]})") << u"at least one playbook"_s;
        QTest::newRow("no id") << with(R"("id":"p",)", "") << u"f.json: playbooks[0].id: missing"_s;
        QTest::newRow("unknown key") << with(R"("id":"p",)", R"("id":"p","colour":1,)")
                                     << u"playbooks[0].colour: unknown key"_s;
        QTest::newRow("bad op") << with(R"("op":">")", R"("op":">=")") << u"playbooks[0].symptoms[0].op: must be"_s;
        QTest::newRow("threshold text") << with(R"("threshold":0.5)", R"("threshold":"0.5")")
                                        << u"symptoms[0].threshold: missing or not a number"_s;
        QTest::newRow("bad unit") << with(R"("unit":"ratio")", R"("unit":"furlongs")")
                                  << u"symptoms[0].unit: \"furlongs\" is not one of"_s;
        QTest::newRow("no symptoms") << with(
            R"([{"label":"L","query":"${saga_failed}","op":">","threshold":0.5,"unit":"ratio"}])", "[]")
                                     << u"playbooks[0].symptoms: missing, not a list or empty"_s;
        QTest::newRow("bad kind") << with(R"("investigation":[])", R"("investigation":[{"kind":"logs","title":"t"}])")
                                  << u"investigation[0].kind: \"logs\" is not one of"_s;
        QTest::newRow("prom without label")
            << with(R"("investigation":[])", R"("investigation":[{"kind":"prom_by_label","title":"t","query":"q"}])")
            << u"investigation[0].label: missing"_s;
        QTest::newRow("kafka without group")
            << with(R"("investigation":[])", R"("investigation":[{"kind":"kafka_partitions","title":"t"}])")
            << u"investigation[0].group: missing"_s;
        QTest::newRow("bad verb") << with(R"("remedies":[])", R"("remedies":[{"verb":"delete","why":"w"}])")
                                  << u"remedies[0].verb: \"delete\" is not one of"_s;
        QTest::newRow("restart without deployment")
            << with(R"("remedies":[])", R"("remedies":[{"verb":"restart","why":"w"}])")
            << u"remedies[0].deployment: missing"_s;
        QTest::newRow("scale without replicas")
            << with(R"("remedies":[])", R"("remedies":[{"verb":"scale","deployment":"d","why":"w"}])")
            << u"remedies[0].replicas: must be a whole number"_s;
        QTest::newRow("scale fraction") << with(
            R"("remedies":[])", R"("remedies":[{"verb":"scale","deployment":"d","replicas":1.5,"why":"w"}])")
                                        << u"remedies[0].replicas: must be a whole number"_s;
        QTest::newRow("remedy without why")
            << with(R"("remedies":[])", R"("remedies":[{"verb":"retry_failed"}])") << u"remedies[0].why: missing"_s;
        QTest::newRow("raise_after with alert") << with(R"("alert":"A",)", R"("alert":"A","raise_after":3,)")
                                                << u"playbooks[0].raise_after: only for a playbook without an alert"_s;
        QTest::newRow("raise_after zero") << with(R"("alert":"A",)", R"("raise_after":0,)")
                                          << u"playbooks[0].raise_after: must be a whole number from 1"_s;
        QTest::newRow("duplicate id") << QByteArray(R"({"playbooks":[)") + ok.mid(14, ok.size() - 16) + ","
                + ok.mid(14, ok.size() - 16)
                + "]}" << u"playbooks[1].id: \"p\" is used twice"_s;
    }

    void parserErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const PlaybooksParse p = parsePlaybooks(json, u"f.json"_s);
        QVERIFY2(p.playbooks.isEmpty(), "any error means no playbooks at all");
        QVERIFY(!p.errors.isEmpty());
        QVERIFY2(p.errors.join(u'\n').contains(error), qPrintable(p.errors.join(u'\n')));
    }

    void minimalParses()
    {
        const PlaybooksParse p = parsePlaybooks(kMinimal, u"f.json"_s);
        QVERIFY2(p.errors.isEmpty(), qPrintable(p.errors.join(u'\n')));
        QCOMPARE(p.playbooks.size(), 1);
        QCOMPARE(p.playbooks.first().symptoms.first().thresholdText(), u"> 50.0 %"_s);
    }

    void symptomEvaluation_data()
    {
        QTest::addColumn<QString>("op");
        QTest::addColumn<QVector<double>>("values");
        QTest::addColumn<QString>("error");
        QTest::addColumn<SymptomReading::State>("state");
        QTest::addColumn<double>("value");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        using S = SymptomReading::State;
        QTest::newRow("above met") << u">"_s << QVector<double>{0.7} << QString() << S::Met << 0.7;
        QTest::newRow("above not met") << u">"_s << QVector<double>{0.3} << QString() << S::NotMet << 0.3;
        QTest::newRow("equal is not above") << u">"_s << QVector<double>{0.5} << QString() << S::NotMet << 0.5;
        QTest::newRow("worst series decides above")
            << u">"_s << QVector<double>{0.1, 0.9, 0.2} << QString() << S::Met << 0.9;
        QTest::newRow("worst series decides below")
            << u"<"_s << QVector<double>{0.9, 0.2} << QString() << S::Met << 0.2;
        QTest::newRow("no series") << u">"_s << QVector<double>{} << QString() << S::NoData << nan;
        QTest::newRow("only NaN") << u">"_s << QVector<double>{nan} << QString() << S::NoData << nan;
        QTest::newRow("NaN ignored beside a value")
            << u">"_s << QVector<double>{nan, 0.1} << QString() << S::NotMet << 0.1;
        QTest::newRow("+Inf is no value")
            << u">"_s << QVector<double>{std::numeric_limits<double>::infinity()} << QString() << S::NoData << nan;
        QTest::newRow("error") << u">"_s << QVector<double>{0.9} << u"timeout"_s << S::Error << nan;
    }

    void symptomEvaluation()
    {
        QFETCH(QString, op);
        QFETCH(QVector<double>, values);
        QFETCH(QString, error);
        QFETCH(SymptomReading::State, state);
        QFETCH(double, value);
        PlaybookSymptom s;
        s.op = op == u">"_s ? AlertRule::Op::Above : AlertRule::Op::Below;
        s.threshold = 0.5;
        s.unit = u"ratio"_s;
        const SymptomReading r = evaluateSymptom(s, answer(values, error), QDateTime::currentDateTimeUtc());
        QCOMPARE(r.state, state);
        if (std::isnan(value))
            QVERIFY(std::isnan(r.value));
        else
            QCOMPARE(r.value, value);
        QCOMPARE(r.error, error);
        // The instant is the one Prometheus evaluated the deciding series at.
        if (state == SymptomReading::State::Met || state == SymptomReading::State::NotMet) {
            const qsizetype deciding = values.indexOf(value);
            QCOMPARE(r.valueAt, QDateTime::fromMSecsSinceEpoch(1764331200125 + 1000 * deciding, Qt::UTC));
        } else {
            QVERIFY(!r.valueAt.isValid());
        }
        // Never green without a number.
        if (state == SymptomReading::State::NoData || state == SymptomReading::State::Error)
            QCOMPARE(s.valueText(r.value), u"no data"_s);
    }

    void valueTexts_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("ratio small") << u"ratio"_s << 0.005 << u"0.50 %"_s;
        QTest::newRow("ratio big") << u"ratio"_s << 0.853 << u"85.3 %"_s;
        QTest::newRow("seconds") << u"seconds"_s << 0.5 << u"500 ms"_s;
        QTest::newRow("bytes") << u"bytes"_s << 536870912.0 << u"512.0 MiB"_s;
        QTest::newRow("bytes per s") << u"bytes_per_s"_s << 4194304.0 << u"4.00 MiB/s"_s;
        QTest::newRow("messages") << u"messages"_s << 1000.0 << u"1000 messages"_s;
        QTest::newRow("count whole") << u"count"_s << 3.0 << u"3"_s;
        QTest::newRow("count fraction") << u"count"_s << 0.05 << u"0.050"_s;
    }

    void valueTexts()
    {
        QFETCH(QString, unit);
        QFETCH(double, value);
        QFETCH(QString, text);
        PlaybookSymptom s;
        s.unit = unit;
        QCOMPARE(s.valueText(value), text);
    }

    void alertRaising()
    {
        const Playbook p = symptomPlaybook(u"SagaFailureRate"_s);
        RaiseState s;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        QVERIFY(!applyAlertState(s, p, u"Other"_s, AlertState::Firing, t0));
        QVERIFY(!applyAlertState(s, p, u"SagaFailureRate"_s, AlertState::Pending, t0));
        QVERIFY(!s.raised);
        QVERIFY(applyAlertState(s, p, u"SagaFailureRate"_s, AlertState::Firing, t0));
        QVERIFY(s.raised);
        QCOMPARE(s.by, u"SagaFailureRate"_s);
        QCOMPARE(s.at, t0);
        QVERIFY(s.text().startsWith(u"raised by SagaFailureRate at "_s));
        // Firing again and an error keep it raised, with its first time.
        QVERIFY(!applyAlertState(s, p, u"SagaFailureRate"_s, AlertState::Firing, t0.addSecs(30)));
        QVERIFY(!applyAlertState(s, p, u"SagaFailureRate"_s, AlertState::Error, t0.addSecs(60)));
        QVERIFY(s.raised);
        QCOMPARE(s.at, t0);
        QVERIFY(applyAlertState(s, p, u"SagaFailureRate"_s, AlertState::Normal, t0.addSecs(90)));
        QVERIFY(!s.raised);
        // Symptoms never raise an alert playbook.
        QVERIFY(!applyFirstSymptom(s, p, reading(SymptomReading::State::Met)));
        QVERIFY(!applyFirstSymptom(s, p, reading(SymptomReading::State::Met)));
        QVERIFY(!s.raised);
    }

    void symptomRaising_data()
    {
        QTest::addColumn<int>("raiseAfter");
        QTest::addColumn<QString>("sequence"); // M met, N not met, D no data, E error
        QTest::addColumn<QString>("raisedAfterEach");
        QTest::newRow("two in a row") << 2 << u"MM"_s << u"01"_s;
        QTest::newRow("one is not enough") << 2 << u"MNM"_s << u"000"_s;
        QTest::newRow("no data resets the count") << 2 << u"MDM"_s << u"000"_s;
        QTest::newRow("error resets the count") << 2 << u"MEMM"_s << u"0001"_s;
        QTest::newRow("no data keeps it raised") << 2 << u"MMDE"_s << u"0111"_s;
        QTest::newRow("not met lowers") << 2 << u"MMMN"_s << u"0110"_s;
        QTest::newRow("and counting starts over") << 2 << u"MMNMM"_s << u"01001"_s;
        QTest::newRow("raise_after 1") << 1 << u"MNM"_s << u"101"_s;
        QTest::newRow("raise_after 3") << 3 << u"MMMM"_s << u"0011"_s;
    }

    void symptomRaising()
    {
        QFETCH(int, raiseAfter);
        QFETCH(QString, sequence);
        QFETCH(QString, raisedAfterEach);
        const Playbook p = symptomPlaybook(QString(), raiseAfter);
        RaiseState s;
        for (int i = 0; i < sequence.size(); ++i) {
            using S = SymptomReading::State;
            const QChar c = sequence.at(i);
            const S st = c == u'M' ? S::Met : c == u'N' ? S::NotMet : c == u'D' ? S::NoData : S::Error;
            const bool before = s.raised;
            const bool moved = applyFirstSymptom(s, p, reading(st));
            QCOMPARE(moved, before != s.raised);
            QCOMPARE(s.raised, raisedAfterEach.at(i) == u'1');
        }
        if (s.raised)
            QCOMPARE(s.by, u"first"_s);
    }

    void status_data()
    {
        QTest::addColumn<bool>("raised");
        QTest::addColumn<QString>("states");
        QTest::addColumn<QString>("status");
        QTest::newRow("raised wins") << true << u"N"_s << u"raised"_s;
        QTest::newRow("one met") << false << u"NMD"_s << u"symptoms met"_s;
        QTest::newRow("all not met") << false << u"NN"_s << u"quiet"_s;
        QTest::newRow("one no data is not quiet") << false << u"ND"_s << u"no data"_s;
        QTest::newRow("an error is not quiet") << false << u"NE"_s << u"no data"_s;
        QTest::newRow("not evaluated") << false << u"U"_s << u"no data"_s;
    }

    void status()
    {
        QFETCH(bool, raised);
        QFETCH(QString, states);
        QFETCH(QString, status);
        RaiseState r;
        r.raised = raised;
        QVector<SymptomReading> readings;
        for (QChar c : states) {
            using S = SymptomReading::State;
            readings.append(reading(c == u'M'       ? S::Met
                                        : c == u'N' ? S::NotMet
                                        : c == u'D' ? S::NoData
                                        : c == u'E' ? S::Error
                                                    : S::Unevaluated));
        }
        QCOMPARE(playbookStatusName(playbookStatus(r, readings)), status);
    }

    void boardAsksAnswersAndOrders()
    {
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR) + u"/resources/playbooks.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const PlaybooksParse parsed = parsePlaybooks(f.readAll(), u"playbooks.json"_s);
        MetricsDashboard metrics;
        PlaybookBoard board(&metrics);
        QSignalSpy asked(&board, &PlaybookBoard::requested);
        QSignalSpy raised(&board, &PlaybookBoard::raisedChanged);
        QSignalSpy pg(&board, &PlaybookBoard::activityRequested);
        board.start(60000, parsed.playbooks, QString());
        int expected = 0;
        for (const Playbook &p : parsed.playbooks) {
            expected += int(p.symptoms.size());
            for (const PlaybookInvestigation &i : p.investigations)
                expected += i.kind == InvestigationKind::PromByLabel ? 1 : 0;
        }
        QCOMPARE(asked.size(), expected);
        QVERIFY(!board.evaluatedOnce());
        QCOMPARE(pg.size(), 0); // nothing on screen: Postgres is not asked
        // Answer every request: the failure rate over its threshold, everything else quiet.
        QVector<PromRequest> requests;
        for (const auto &args : asked)
            requests << args.at(0).value<PromRequest>();
        const int failure = board.indexOf(u"high-saga-failure-rate"_s);
        for (const PromRequest &r : requests) {
            // The failure symptom's query is the overview's and the Metrics page's (one definition).
            PromAnswer a = answer({r.query == levelquery::sagaFailure() ? 0.8 : 0.0});
            a.request = r;
            board.applyAnswer(a);
        }
        QVERIFY(board.evaluatedOnce());
        QCOMPARE(board.live(failure).symptoms.at(0).state, SymptomReading::State::Met);
        QCOMPARE(board.live(failure).symptoms.at(0).value, 0.8);
        QCOMPARE(board.status(failure), PlaybookStatus::SymptomsMet);
        // A late answer (an old id) changes nothing.
        PromAnswer late = answer({0.0});
        late.request = requests.first();
        late.request.id = 0;
        board.applyAnswer(late);
        QCOMPARE(board.live(failure).symptoms.at(0).state, SymptomReading::State::Met);
        // The alert going Firing raises it and puts it first; Normal lowers it.
        const QDateTime at = QDateTime::currentDateTimeUtc();
        board.onAlertTransition(
            {u"SagaFailureRate"_s, AlertState::Pending, AlertState::Firing, at, 0.8, QString(), {}});
        QCOMPARE(raised.size(), 1);
        QCOMPARE(board.raisedCount(), 1);
        QCOMPARE(board.status(failure), PlaybookStatus::Raised);
        QCOMPARE(board.order().first(), failure);
        board.onAlertTransition(
            {u"SagaFailureRate"_s, AlertState::Firing, AlertState::Normal, at.addSecs(5), 0, QString(), {}});
        QCOMPARE(raised.size(), 2);
        QCOMPARE(board.raisedCount(), 0);
        QCOMPARE(board.order().first(), 0);
        // On screen with a pg_activity playbook: asked at once, and its answer is kept.
        const int pool = board.indexOf(u"db-connection-pool-exhaustion"_s);
        board.setOnScreen(true, pool);
        QCOMPARE(pg.size(), 1);
        PgActivity act;
        act.maxConnections = 100;
        act.total = 7;
        board.applyActivity(pg.first().at(0).toULongLong() + 100, act); // not the latest: dropped
        QVERIFY(!board.activity().has);
        board.applyActivityError(pg.first().at(0).toULongLong(), u"connection refused"_s);
        QCOMPARE(board.activity().error, u"connection refused"_s);
        QVERIFY(!board.activity().has);
        board.setOnScreen(false, pool);
        board.refreshPostgres();
        QCOMPARE(pg.size(), 1); // hidden: not asked
    }

    // The playbook follows its rule, which fires while any instance fires: it is raised by the
    // instance that fired (named with its labels) and lowered only when none fires.
    void boardFollowsTheRuleNotOneInstance()
    {
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR) + u"/resources/playbooks.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const PlaybooksParse parsed = parsePlaybooks(f.readAll(), u"playbooks.json"_s);
        MetricsDashboard metrics;
        metrics.alerts()->setRules(
            {{u"SagaFailureRate"_s, levelquery::sagaFailureByType(), AlertRule::Op::Above, 0.005, 0, {}, {}}});
        PlaybookBoard board(&metrics);
        board.start(60000, parsed.playbooks, QString());
        const int failure = board.indexOf(u"high-saga-failure-rate"_s);
        auto type = [](const QString &t, double v) { return PromSeries{{{u"saga_type"_s, t}}, {{0, v}}}; };
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        auto evaluate = [&](const QVector<PromSeries> &series, const QDateTime &at) {
            for (const AlertTransition &t : metrics.alerts()->evaluate(u"SagaFailureRate"_s, series, at))
                board.onAlertTransition(t);
        };
        evaluate({type(u"order-fulfillment"_s, 0.3), type(u"account-signup"_s, 0.0)}, t0);
        QCOMPARE(board.status(failure), PlaybookStatus::Raised);
        QCOMPARE(board.live(failure).raise.by, u"SagaFailureRate{saga_type=order-fulfillment}"_s);
        evaluate({type(u"order-fulfillment"_s, 0.3), type(u"account-signup"_s, 0.2)}, t0.addSecs(2));
        // order-fulfillment recovers while account-signup still fires: still raised.
        evaluate({type(u"order-fulfillment"_s, 0.0), type(u"account-signup"_s, 0.2)}, t0.addSecs(4));
        QCOMPARE(board.status(failure), PlaybookStatus::Raised);
        evaluate({type(u"order-fulfillment"_s, 0.0), type(u"account-signup"_s, 0.0)}, t0.addSecs(6));
        QVERIFY(board.status(failure) != PlaybookStatus::Raised);
    }
};

QTEST_GUILESS_MAIN(TestPlaybooks)
#include "tst_playbooks.moc"
