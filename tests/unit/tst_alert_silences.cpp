// Alert silences (issue 18): which instance a silence matches (rule and exact label set), its
// end by the clock (an injected one), the item model's Silenced column and counts, the playbook
// raised by silenced instances (raised, but no attention until the silence ends), and the
// per-profile state file's round trip.
#include "AlertSilence.h"
#include "AlertTableModel.h"
#include "MetricsDashboard.h"
#include "PlaybookBoard.h"
#include "SilenceStateFile.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

const QDateTime kT0 = QDateTime::fromString(u"2026-12-05T13:30:00Z"_s, Qt::ISODate);

AlertLabels service(const QString &name)
{
    return {{u"service"_s, name}};
}

AlertSilence silence(const QString &rule, const AlertLabels &labels, const QDateTime &start, qint64 seconds,
                     const QString &by = u"alice"_s)
{
    AlertSilence s;
    s.id = AlertSilence::newId();
    s.rule = rule;
    s.labels = labels;
    s.by = by;
    s.reason = u"INC-4711: payment provider outage, on it"_s;
    s.start = start;
    s.until = start.addSecs(seconds);
    return s;
}

// A clock the test moves by hand.
struct FakeClock
{
    QDateTime now = kT0;
    AlertSilences::Clock clock()
    {
        return [this] { return now; };
    }
};

AlertRule rule(const QString &name)
{
    AlertRule r;
    r.name = name;
    r.query = u"vector(0)"_s;
    r.threshold = 0.01;
    return r;
}

QVector<PromSeries> answer(const QVector<QPair<QString, double>> &services)
{
    QVector<PromSeries> out;
    for (const auto &[name, v] : services)
        out.append(PromSeries{service(name), {{0, v}}});
    return out;
}

} // namespace

class TestAlertSilences : public QObject
{
    Q_OBJECT
private slots:
    void matchesTheRuleAndTheExactLabelSet()
    {
        const AlertSilence s = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 3600);
        QVERIFY(s.matches(u"HighErrorRate"_s, service(u"payment-service"_s), kT0));
        QVERIFY(!s.matches(u"HighErrorRate"_s, service(u"order-service"_s), kT0)); // another instance
        QVERIFY(!s.matches(u"HighLatency"_s, service(u"payment-service"_s), kT0)); // another rule
        AlertLabels more = service(u"payment-service"_s);
        more.insert(u"route"_s, u"/pay"_s);
        QVERIFY(!s.matches(u"HighErrorRate"_s, more, kT0));          // a superset is another series
        QVERIFY(!s.matches(u"HighErrorRate"_s, AlertLabels(), kT0)); // and so is none
        // Its window: from start, up to (not including) until.
        QVERIFY(!s.matches(u"HighErrorRate"_s, service(u"payment-service"_s), kT0.addSecs(-1)));
        QVERIFY(s.matches(u"HighErrorRate"_s, service(u"payment-service"_s), kT0.addSecs(3599)));
        QVERIFY(!s.matches(u"HighErrorRate"_s, service(u"payment-service"_s), kT0.addSecs(3600)));
        QCOMPARE(s.instance(), u"HighErrorRate{service=payment-service}"_s);
        QCOMPARE(s.text(kT0), u"silenced by alice until "_s + s.until.toLocalTime().toString(u"HH:mm"_s));
        // Another day: the date is said too.
        QVERIFY(s.text(kT0.addDays(-2)).contains(s.until.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
    }

    void expiresByTheClock()
    {
        FakeClock clock;
        AlertSilences silences;
        silences.setClock(clock.clock());
        QSignalSpy changed(&silences, &AlertSilences::changed);
        QSignalSpy ended(&silences, &AlertSilences::ended);
        const AlertSilence s = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 900);
        silences.add(s);
        QCOMPARE(changed.size(), 1);
        QVERIFY(silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
        QCOMPARE(silences.active(u"HighErrorRate"_s, service(u"payment-service"_s))->id, s.id);
        clock.now = kT0.addSecs(899);
        QVERIFY(silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
        // The moment it ends it applies no more: a clock check, before any timer has run.
        clock.now = kT0.addSecs(900);
        QVERIFY(!silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
        QVERIFY(silences.activeAll().isEmpty());
        QCOMPARE(silences.all().size(), 1); // held until the check drops it
        silences.checkExpiry();
        QCOMPARE(changed.size(), 2);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().at(0).value<AlertSilence>().id, s.id);
        QVERIFY(silences.all().isEmpty());
        silences.checkExpiry(); // nothing more ended: no change
        QCOMPARE(changed.size(), 2);
    }

    void theTimerSaysWhenOneEnds()
    {
        AlertSilences silences; // the real clock
        QSignalSpy changed(&silences, &AlertSilences::changed);
        AlertSilence s = silence(u"HighErrorRate"_s, service(u"payment-service"_s),
                                 QDateTime::currentDateTimeUtc().addSecs(-10), 10);
        s.until = QDateTime::currentDateTimeUtc().addMSecs(300);
        silences.add(s);
        QVERIFY(silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 2, 3000); // added, then ended by the timer
        QVERIFY(silences.all().isEmpty());
    }

    void oneSilencePerInstanceAndUnsilence()
    {
        FakeClock clock;
        AlertSilences silences;
        silences.setClock(clock.clock());
        const AlertSilence first = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 900);
        const AlertSilence other = silence(u"HighErrorRate"_s, service(u"order-service"_s), kT0, 900);
        const AlertSilence longer = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 4 * 3600, u"bob"_s);
        silences.add(first);
        silences.add(other);
        silences.add(longer); // replaces `first`: one silence per instance
        QCOMPARE(silences.all().size(), 2);
        QCOMPARE(silences.active(u"HighErrorRate"_s, service(u"payment-service"_s))->by, u"bob"_s);
        QVERIFY(!silences.expire(first.id)); // gone already
        clock.now = kT0.addSecs(60);
        QSignalSpy ended(&silences, &AlertSilences::ended);
        QVERIFY(silences.expire(longer.id));
        QCOMPARE(ended.size(), 1);
        QVERIFY(!silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
        QVERIFY(silences.isSilenced(u"HighErrorRate"_s, service(u"order-service"_s)));
        // What the state file holds replaces everything; ended ones are dropped on the way.
        silences.replace({first, silence(u"HighLatency"_s, {}, kT0.addSecs(-7200), 3600)});
        QCOMPARE(silences.all().size(), 1);
        QCOMPARE(ended.size(), 2); // `other` is not in what the file holds: it ended elsewhere
        // The file read again with nothing new: no change, no repaint.
        QSignalSpy changed(&silences, &AlertSilences::changed);
        silences.replace({first});
        QCOMPARE(changed.size(), 0);
        silences.replace({first, other});
        QCOMPARE(changed.size(), 1); // another console's silence appears
        QVERIFY(silences.isSilenced(u"HighErrorRate"_s, service(u"payment-service"_s)));
    }

    void jsonRoundTrip()
    {
        AlertSilence a = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 3600);
        a.labels.insert(u"route"_s, u"/pay \"quoted\" <b>"_s);
        const AlertSilence b = silence(u"SagaFailureRate"_s, {}, kT0, 900, u"bob"_s);
        QStringList errors;
        const QVector<AlertSilence> back = silencesFromJson(silencesToJson({a, b}), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(back.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const AlertSilence &want = i == 0 ? a : b;
            QCOMPARE(back.at(i).id, want.id);
            QCOMPARE(back.at(i).rule, want.rule);
            QCOMPARE(back.at(i).labels, want.labels);
            QCOMPARE(back.at(i).by, want.by);
            QCOMPARE(back.at(i).reason, want.reason);
            QCOMPARE(back.at(i).start, want.start);
            QCOMPARE(back.at(i).until, want.until);
        }
        // A broken entry is named and left out; the good ones stay.
        errors.clear();
        const QVector<AlertSilence> some = silencesFromJson(
            R"({"version":1,"silences":[{"id":"x","rule":"R","start":"2026-12-05T13:30:00Z"},
                {"id":"y","rule":"R","start":"2026-12-05T13:30:00Z","until":"2026-12-05T14:30:00Z"}]})",
            &errors);
        QCOMPARE(some.size(), 1);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains(u"silences[0]: \"until\""_s), qPrintable(errors.first()));
        errors.clear();
        QVERIFY(silencesFromJson("not json", &errors).isEmpty());
        QCOMPARE(errors.size(), 1);
    }

    void stateFileRoundTripPerProfile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SilenceStateFile file(dir.path());
        QSignalSpy stored(&file, &SilenceStateFile::stored);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const AlertSilence a = silence(u"HighErrorRate"_s, service(u"payment-service"_s), now, 3600);
        const AlertSilence b = silence(u"HighLatency"_s, service(u"order-service"_s), now, 900, u"bob"_s);
        file.add(1, u"prod/eu"_s, a);
        file.add(2, u"prod/eu"_s, b);
        file.add(3, u"staging"_s, b);
        QCOMPARE(stored.size(), 3);
        for (const auto &args : std::as_const(stored))
            QVERIFY2(args.at(3).toString().isEmpty(), qPrintable(args.at(3).toString()));
        QCOMPARE(stored.at(1).at(2).value<QVector<AlertSilence>>().size(), 2);
        // One file per profile, a safe name whatever the profile's, private to the user.
        const QString path = file.pathFor(u"prod/eu"_s);
        QVERIFY2(path.startsWith(dir.path() + u"/silences/"_s) && !path.mid(dir.path().size() + 10).contains(u'/'),
                 qPrintable(path));
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        QVERIFY(file.pathFor(u".."_s) != file.pathFor(u"."_s));
        QVERIFY(!file.pathFor(u".."_s).endsWith(u"/...json"_s));

        // A restart: a new writer reads what the old one stored.
        SilenceStateFile again(dir.path());
        QSignalSpy loaded(&again, &SilenceStateFile::stored);
        again.load(u"prod/eu"_s);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(0).toULongLong(), 0ull);
        const auto silences = loaded.first().at(2).value<QVector<AlertSilence>>();
        QCOMPARE(silences.size(), 2);
        QCOMPARE(silences.at(0).id, a.id);
        QCOMPARE(silences.at(0).until, a.until);
        QCOMPARE(silences.at(1).reason, b.reason);
        // Unsilence ends it in the file; an unknown id is an error, not a silent success.
        again.expire(7, u"prod/eu"_s, a.id);
        QCOMPARE(loaded.last().at(2).value<QVector<AlertSilence>>().size(), 1);
        QVERIFY(loaded.last().at(3).toString().isEmpty());
        again.expire(8, u"prod/eu"_s, a.id);
        QVERIFY(!loaded.last().at(3).toString().isEmpty());
        again.load(u"nobody"_s); // no file yet: none, and no error
        QVERIFY(loaded.last().at(2).value<QVector<AlertSilence>>().isEmpty());
        QVERIFY(loaded.last().at(3).toString().isEmpty());
    }

    void tableSaysSilencedAndCountsApart()
    {
        FakeClock clock;
        AlertSilences silences;
        silences.setClock(clock.clock());
        AlertTableModel table;
        table.setRules({rule(u"HighErrorRate"_s)});
        table.setSilences(&silences);
        table.evaluate(u"HighErrorRate"_s, answer({{u"payment-service"_s, 0.4}, {u"order-service"_s, 0.3}}), kT0);
        QCOMPARE(table.instanceNames(AlertState::Firing).size(), 2);
        QSignalSpy changed(&table, &AlertTableModel::silencesChanged);
        QSignalSpy data(&table, &QAbstractItemModel::dataChanged);
        const AlertSilence s = silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 3600);
        silences.add(s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(data.size(), 1);
        QCOMPARE(table.instanceNames(AlertState::Firing, true),
                 QStringList{u"HighErrorRate{service=payment-service}"_s});
        QCOMPARE(table.instanceNames(AlertState::Firing, false),
                 QStringList{u"HighErrorRate{service=order-service}"_s});
        int silencedRow = -1;
        for (int r = 0; r < table.rowCount(); ++r)
            if (table.index(r, 0).data(AlertTableModel::NameRole).toString().contains(u"payment"_s))
                silencedRow = r;
        QVERIFY(silencedRow >= 0);
        // Still Firing: a silence hides no state.
        QCOMPARE(table.index(silencedRow, AlertTableModel::StateColumn).data().toString(), u"Firing"_s);
        QCOMPARE(table.index(silencedRow, AlertTableModel::SilenceColumn).data().toString(), s.text(kT0));
        QCOMPARE(table.index(silencedRow, 0).data(AlertTableModel::SilenceIdRole).toString(), s.id);
        QVERIFY(table.index(silencedRow, 0).data(AlertTableModel::InstanceRole).toBool());
        QVERIFY(table.index(silencedRow, 0).data(Qt::ToolTipRole).toString().contains(u"INC-4711"_s));
        // Back to Normal: the silence stays until it ends (as Alertmanager's do).
        table.evaluate(u"HighErrorRate"_s, answer({{u"payment-service"_s, 0.0}, {u"order-service"_s, 0.3}}),
                       kT0.addSecs(60));
        QVERIFY(table.silence(u"HighErrorRate"_s, service(u"payment-service"_s)).has_value());
        table.evaluate(u"HighErrorRate"_s, answer({{u"payment-service"_s, 0.5}, {u"order-service"_s, 0.3}}),
                       kT0.addSecs(120));
        QCOMPARE(table.instanceNames(AlertState::Firing, true).size(), 1);
        // Ended: it stops applying at once.
        clock.now = kT0.addSecs(3600);
        QVERIFY(table.instanceNames(AlertState::Firing, true).isEmpty());
        QCOMPARE(table.instanceNames(AlertState::Firing, false).size(), 2);
        QCOMPARE(table.index(silencedRow, AlertTableModel::SilenceColumn).data().toString(), QString());
    }

    // A playbook raised only by silenced instances stays raised and says so, but asks for no
    // attention (the wall does not turn) until an unsilenced instance fires or the silence ends.
    void playbookRaisedBySilencedInstances()
    {
        FakeClock clock;
        AlertSilences silences;
        silences.setClock(clock.clock());
        MetricsDashboard metrics;
        metrics.alerts()->setRules({rule(u"HighErrorRate"_s)});
        metrics.alerts()->setSilences(&silences);
        Playbook p;
        p.id = u"errors"_s;
        p.title = u"High error rate"_s;
        p.alert = u"HighErrorRate"_s;
        PlaybookBoard board(&metrics);
        board.start(60000, {p}, QString());
        QSignalSpy raised(&board, &PlaybookBoard::raisedChanged);
        QSignalSpy attention(&board, &PlaybookBoard::attentionNeeded);
        auto evaluate = [&](const QVector<QPair<QString, double>> &services, const QDateTime &at) {
            for (const AlertTransition &t : metrics.alerts()->evaluate(u"HighErrorRate"_s, answer(services), at))
                board.onAlertTransition(t);
        };
        silences.add(silence(u"HighErrorRate"_s, service(u"payment-service"_s), kT0, 900));
        evaluate({{u"payment-service"_s, 0.4}, {u"order-service"_s, 0.0}}, kT0);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(board.live(0).raise.raised, true);
        QVERIFY(board.live(0).raise.silenced);
        QVERIFY2(board.live(0).raise.by.contains(u"HighErrorRate{service=payment-service} (silenced by alice until"_s),
                 qPrintable(board.live(0).raise.by));
        QCOMPARE(attention.size(), 0);
        // Another instance fires, unsilenced: that one needs the room.
        evaluate({{u"payment-service"_s, 0.4}, {u"order-service"_s, 0.2}}, kT0.addSecs(30));
        QVERIFY(!board.live(0).raise.silenced);
        QCOMPARE(attention.size(), 1);
        evaluate({{u"payment-service"_s, 0.4}, {u"order-service"_s, 0.0}}, kT0.addSecs(60));
        QVERIFY(board.live(0).raise.silenced);
        QCOMPARE(attention.size(), 1);
        // The silence ends while it still fires: the wall turns to it again.
        clock.now = kT0.addSecs(900);
        silences.checkExpiry();
        QVERIFY(!board.live(0).raise.silenced);
        QCOMPARE(board.live(0).raise.by, u"HighErrorRate{service=payment-service}"_s);
        QCOMPARE(attention.size(), 2);
        QCOMPARE(raised.size(), 1); // raised all along
    }
};

QTEST_GUILESS_MAIN(TestAlertSilences)
#include "tst_alert_silences.moc"
