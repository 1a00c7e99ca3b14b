#pragma once

#include "ActionTargets.h"
#include "AuditRecord.h"
#include "TimelineMarkers.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QVector>

#include <optional>

namespace sagadeck {

// Everyone's audit records for one site (profile): this console's own log and what every console
// published to the team's audit topic (feeds/TeamTrailReader), merged. A record that arrives
// twice (its own log and the topic; a republication after a crash: the topic is
// at-least-once) is kept once, by ActionId and kind.
//
// In flight: an intent without its outcome, younger than kInFlightLimitS (an outcome that
// never came — a console killed mid-action — stops counting after that). A target someone
// acts on is in conflict for a new action on it: the confirmation asks for "do it anyway".
//
// Threading: the GUI thread (or the CLI's main thread). Pure apart from the signal: unit-tested.
class TeamTrail : public QObject
{
    Q_OBJECT
public:
    static constexpr int kInFlightLimitS = 30 * 60;
    // The reader's problem until it has said anything.
    static inline const QString kNotStarted = QStringLiteral("not started");

    explicit TeamTrail(const QString &profile = QString(), QObject *parent = nullptr);

    QString profile() const { return m_profile; }
    // Another profile: its trail starts empty (the reader of the new session fills it).
    void setProfile(const QString &profile);
    // Adds the records not seen yet; emits changed() when any was new. Every record on the
    // topic is the site's, whatever a colleague named the profile it was made from (profile
    // names are each console's own labels); the publisher sends only its profile's records.
    void add(const QVector<AuditRecord> &records);
    // The same, from the topic's message values (JSON records); a value that is not one is skipped.
    void addEncoded(const QByteArrayList &values);
    // The topic's state as the reader last said: empty when it reads, else why it cannot.
    void setReaderProblem(const QString &problem);
    QString readerProblem() const { return m_readerProblem; }
    bool readerLive() const { return m_readerLive; }
    // This console's outbox as its publisher last said (AuditPublisher::status).
    void setPublisherStatus(int waiting, const QString &problem);
    int publisherWaiting() const { return m_publisherWaiting; }
    QString publisherProblem() const { return m_publisherProblem; }
    // One line for the status bar: the trail's health, what waits to be published.
    QString healthText() const;

    // Every record, oldest first.
    const QVector<AuditRecord> &records() const { return m_records; }
    // `local` with the records of others it lacks, oldest first (the Audit page's rows).
    QVector<AuditRecord> mergedWith(const QVector<AuditRecord> &local) const;
    // Intents joined with their outcomes (the timeline's markers, the wall's changes).
    QVector<ConsoleAction> actions() const;
    // Actions without an outcome yet, newest first, as of `now`.
    QVector<ConsoleAction> inFlight(const QDateTime &now) const;
    // The newest action in flight on that target, if any (kind "deployment", "saga", ...).
    std::optional<ConsoleAction> inFlightOn(const QString &kind, const QString &ns, const QString &name,
                                            const QDateTime &now) const;

    // What a new action on these targets would run into, for the confirmation: the first
    // target someone acts on (conflictText) and how many more; empty when none.
    QString conflictFor(const ActionTargets &targets, const QDateTime &now) const;

    // "payment-service restart by alice, 40 s, running"
    static QString inFlightText(const ConsoleAction &a, const QDateTime &now);
    // "payment-service: restart by alice started 40 s ago has no outcome yet (reason: …)"
    static QString conflictText(const ConsoleAction &a, const QDateTime &now);

signals:
    void changed();

private:
    QString m_profile;
    QVector<AuditRecord> m_records;
    QSet<QString> m_seen; // "<action id>/<kind>"
    QString m_readerProblem = kNotStarted;
    bool m_readerLive = false;
    int m_publisherWaiting = 0;
    QString m_publisherProblem;
};

// "40 s", "3 min", "2 h"
QString shortAge(qint64 seconds);

} // namespace sagadeck
