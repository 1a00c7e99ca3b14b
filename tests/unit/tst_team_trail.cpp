#include "AuditOutbox.h"
#include "AuditRecord.h"
#include "TeamTrail.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The team trail's pure parts (issue 21): the outbox's acknowledged offset over the local audit
// log, and the merged trail's repeats, in-flight list and conflicts.
class TestTeamTrail : public QObject
{
    Q_OBJECT
private:
    const QDateTime t0 = QDateTime(QDate(2026, 12, 6), QTime(10, 0), Qt::UTC);

    static AuditRecord record(AuditKind kind, const ActionId &id, const QDateTime &at, const QString &user,
                              const QString &name, const QString &profile = u"prod"_s)
    {
        AuditRecord r;
        r.kind = kind;
        r.actionId = id;
        r.at = at;
        r.osUser = user;
        r.profile = profile;
        r.verb = u"restart"_s;
        r.target = {profile, u"shop"_s, u"deployment"_s, name};
        r.reason = u"INC-7"_s;
        if (kind == AuditKind::Outcome)
            r.result = AuditResult::Done;
        return r;
    }
    static QByteArray line(const AuditRecord &r)
    {
        return QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact) + '\n';
    }

private slots:
    // Only acknowledged lines move the offset, and only over a gap-free run from the start: a
    // later line acknowledged first waits for the one before it.
    void outboxCommitsContiguousAcknowledgements()
    {
        const ActionId a = ActionId::create(), b = ActionId::create();
        const QByteArray l1 = line(record(AuditKind::Intent, a, t0, u"alice"_s, u"payment-service"_s));
        const QByteArray other = line(record(AuditKind::Intent, b, t0, u"alice"_s, u"x"_s, u"staging"_s));
        const QByteArray l2 = line(record(AuditKind::Outcome, a, t0.addSecs(5), u"alice"_s, u"payment-service"_s));
        AuditOutbox outbox(u"prod"_s, 0);
        const QVector<AuditOutbox::Line> lines = outbox.take(l1 + other + l2 + "{\"partial");
        QCOMPARE(lines.size(), 2); // the staging line and the partial line are not this profile's to send
        QCOMPARE(lines.at(0).key, a.toString().toUtf8());
        QCOMPARE(lines.at(0).value + '\n', l1);
        QCOMPARE(outbox.readOffset(), qint64(l1.size() + other.size() + l2.size())); // the partial line waits
        QCOMPARE(outbox.waiting(), 2);
        QCOMPARE(outbox.committed(), 0);
        outbox.acknowledged(lines.at(1).end); // the second first: nothing may be committed yet
        QCOMPARE(outbox.committed(), 0);
        QCOMPARE(outbox.waiting(), 1);
        outbox.acknowledged(lines.at(0).end); // now both, and the other profile's line between them
        QCOMPARE(outbox.committed(), outbox.readOffset());
        QCOMPARE(outbox.waiting(), 0);
        outbox.acknowledged(lines.at(0).end); // a repeated report changes nothing
        QCOMPARE(outbox.waiting(), 0);
    }

    // A failure rewinds to the committed offset: the unacknowledged line is read and sent again.
    void outboxRewindsToCommitted()
    {
        const ActionId a = ActionId::create();
        const QByteArray l1 = line(record(AuditKind::Intent, a, t0, u"alice"_s, u"p"_s));
        const QByteArray l2 = line(record(AuditKind::Outcome, a, t0, u"alice"_s, u"p"_s));
        AuditOutbox outbox(u"prod"_s, 0);
        const auto lines = outbox.take(l1 + l2);
        outbox.acknowledged(lines.at(0).end);
        outbox.rewind();
        QCOMPARE(outbox.readOffset(), qint64(l1.size()));
        QCOMPARE(outbox.waiting(), 0);
        const auto again = outbox.take(l2);
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.at(0).end, qint64(l1.size() + l2.size()));
        outbox.restart(); // a replaced log: everything again
        QCOMPARE(outbox.readOffset(), 0);
        QCOMPARE(outbox.committed(), 0);
    }

    // A record seen twice (own log and topic, or republished) counts once; a colleague's record
    // made from a profile named otherwise is on the site's topic all the same, and kept.
    void repeatsAreDroppedWhateverTheProfileName()
    {
        TeamTrail trail(u"prod"_s);
        QSignalSpy changed(&trail, &TeamTrail::changed);
        const ActionId a = ActionId::create();
        const AuditRecord intent = record(AuditKind::Intent, a, t0, u"alice"_s, u"payment-service"_s);
        const AuditRecord bobs = record(AuditKind::Intent, ActionId::create(), t0, u"bob"_s, u"x"_s, u"production"_s);
        trail.add({intent, intent, bobs});
        QCOMPARE(trail.records().size(), 2);
        QCOMPARE(changed.size(), 1);
        trail.add({intent, bobs});
        QCOMPARE(changed.size(), 1);                    // nothing new: no signal
        QCOMPARE(trail.mergedWith({intent}).size(), 2); // the local copy and bob's
        trail.setProfile(u"staging"_s);                 // another site: its trail starts empty
        QVERIFY(trail.records().isEmpty());
        trail.add({intent});
        QCOMPARE(trail.records().size(), 1);
        QCOMPARE(trail.mergedWith({intent}).size(), 1);
        const AuditRecord mine = record(AuditKind::Intent, ActionId::create(), t0.addSecs(-60), u"bob"_s, u"y"_s);
        const QVector<AuditRecord> merged = trail.mergedWith({mine});
        QCOMPARE(merged.size(), 2);
        QCOMPARE(merged.at(0).osUser, u"bob"_s); // oldest first
    }

    // In flight: an intent without an outcome, within the limit; the conflict names who and since when.
    void inFlightAndConflicts()
    {
        TeamTrail trail(u"prod"_s);
        const ActionId a = ActionId::create(), b = ActionId::create(), old = ActionId::create();
        trail.add({record(AuditKind::Intent, a, t0, u"alice"_s, u"payment-service"_s),
                   record(AuditKind::Intent, b, t0.addSecs(10), u"carol"_s, u"order-service"_s),
                   record(AuditKind::Outcome, b, t0.addSecs(30), u"carol"_s, u"order-service"_s),
                   record(AuditKind::Intent, old, t0.addSecs(-TeamTrail::kInFlightLimitS - 5), u"dave"_s,
                          u"inventory-service"_s)});
        const QDateTime now = t0.addSecs(40);
        const QVector<ConsoleAction> running = trail.inFlight(now);
        QCOMPARE(running.size(), 1); // carol's is done; dave's is too old to count
        QCOMPARE(TeamTrail::inFlightText(running.at(0), now), u"payment-service restart by alice, 40 s, running"_s);
        const auto conflict = trail.inFlightOn(u"deployment"_s, u"shop"_s, u"payment-service"_s, now);
        QVERIFY(conflict.has_value());
        QCOMPARE(TeamTrail::conflictText(*conflict, now),
                 u"payment-service: restart by alice started 40 s ago and has no outcome yet (reason: INC-7)."_s);
        QVERIFY(!trail.inFlightOn(u"deployment"_s, u"shop"_s, u"order-service"_s, now));
        QVERIFY(!trail.inFlightOn(u"saga"_s, u"shop"_s, u"payment-service"_s, now));
        QVERIFY(!trail.inFlightOn(u"deployment"_s, u"other-ns"_s, u"payment-service"_s, now));
        // A bulk action: the first target someone acts on, and how many more.
        QCOMPARE(trail.conflictFor({u"deployment"_s, u"shop"_s, {u"order-service"_s}}, now), QString());
        trail.add({record(AuditKind::Intent, ActionId::create(), t0.addSecs(20), u"erin"_s, u"order-service"_s)});
        const QString both = trail.conflictFor(
            {u"deployment"_s, u"shop"_s, {u"cart-service"_s, u"payment-service"_s, u"order-service"_s}}, now);
        QVERIFY2(both.startsWith(u"payment-service: restart by alice"_s), qPrintable(both));
        QVERIFY2(both.endsWith(u" 1 more of these targets have an action in flight too."_s), qPrintable(both));
    }

    // The trail's health is said, never implied: not read, and records waiting to go out.
    void healthText()
    {
        TeamTrail trail(u"prod"_s);
        QVERIFY(trail.healthText().startsWith(u"Team trail: not read"_s));
        trail.setReaderProblem(QString());
        QCOMPARE(trail.healthText(), u"Team trail: live"_s);
        trail.setPublisherStatus(2, u"Kafka: all brokers down"_s);
        QCOMPARE(trail.healthText(),
                 u"Team trail: live · 2 of this console's records not yet published (Kafka: all brokers down)"_s);
        trail.setProfile(u"staging"_s);
        QVERIFY(trail.records().isEmpty());
        QVERIFY(!trail.readerLive());
    }
};

QTEST_GUILESS_MAIN(TestTeamTrail)
#include "tst_team_trail.moc"
