#pragma once

#include "AlertRule.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVector>

#include <functional>
#include <optional>

class QTimer;

namespace sagadeck {

// An operator's silence (acknowledgement) of one alert instance: the rule and its exact label
// set, by whom, why and until when, as Alertmanager silences and PagerDuty acknowledges. It is
// local to the console: it changes what the console says and notifies, never the alert's state
// (a silenced firing instance still shows as Firing) and never anything on a server.
struct AlertSilence
{
    QString id;         // made when it is created; names it in the audit log
    QString rule;       // the rule's name
    AlertLabels labels; // the instance's exact label set (empty: the rule's unlabelled instance)
    QString by;         // the OS user, as the audit log records it
    QString reason;
    QDateTime start; // UTC
    QDateTime until; // UTC; it stops applying at this instant, by itself

    // Whether it silences `rule` with exactly `labels` at `now` (start <= now < until).
    bool matches(const QString &rule, const AlertLabels &labels, const QDateTime &now) const;
    bool activeAt(const QDateTime &now) const { return now >= start && now < until; }
    QString instance() const { return alertInstanceName(rule, labels); }
    // "silenced by alice until 14:30" (local time; the date too when it is not today).
    QString text(const QDateTime &now) const;

    QJsonObject toJson() const;
    // nullopt with `error` set when a required field is missing or wrong.
    static std::optional<AlertSilence> fromJson(const QJsonObject &o, QString *error);
    static QString newId();
};

// The silences of one profile's state file: {"version":1,"silences":[...]}. Reading keeps the
// well-formed entries and names the others in `errors`.
QByteArray silencesToJson(const QVector<AlertSilence> &silences);
QVector<AlertSilence> silencesFromJson(const QByteArray &json, QStringList *errors);

// The console's silences for the current profile, on the GUI thread. Which silence applies is a
// clock check against `until` (the clock is injectable for tests), so an expired silence stops
// applying the moment it ends; a timer at the next end also emits changed() then, so views
// repaint and the wall turns. No I/O: the session loads and stores them (SilenceStateFile).
class AlertSilences : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit AlertSilences(QObject *parent = nullptr);

    void setClock(Clock clock);
    QDateTime now() const;

    // The profile whose silences these are (answers of the state file for another are dropped).
    QString profile() const { return m_profile; }
    void setProfile(const QString &profile);

    // The silence that applies to this instance now; nullopt when none does.
    std::optional<AlertSilence> active(const QString &rule, const AlertLabels &labels) const;
    bool isSilenced(const QString &rule, const AlertLabels &labels) const { return active(rule, labels).has_value(); }
    // Every silence that applies now, soonest end first.
    QVector<AlertSilence> activeAll() const;
    // Everything held, expired ones included until the next check drops them.
    const QVector<AlertSilence> &all() const { return m_silences; }

    // Replaces them all (what the state file holds for the profile); expired ones are dropped.
    // The same set again (the file read once more) changes nothing and emits nothing.
    void replace(const QVector<AlertSilence> &silences);
    // A new silence for its instance; an earlier one of the same instance is replaced by it.
    void add(const AlertSilence &silence);
    // Ends the silence with `id` now (unsilence); false when there is none that applies.
    bool expire(const QString &id);
    void clear();

    // Drops the silences that have ended and re-arms the timer; emits changed() when any did.
    // The timer calls it; tests with an injected clock call it after moving the clock.
    void checkExpiry();

signals:
    void changed();
    // A silence stopped applying: it expired, was unsilenced, or is gone from the state file
    // (not on clear(), a switch of profile). The instance may notify again.
    void ended(const sagadeck::AlertSilence &silence);

private:
    void arm();
    // Emits ended() for each of `before` that does not apply any more.
    void sayEnded(const QVector<AlertSilence> &before);

    Clock m_clock;
    QString m_profile;
    QVector<AlertSilence> m_silences;
    QTimer *m_timer;
};

// The durations offered when silencing: 15 min, 1 h, 4 h (and a custom one), in seconds.
QVector<int> silenceDurationChoicesS();
// "15 min", "1 h", "4 h", "1 h 30 min", "2 d".
QString silenceDurationText(qint64 seconds);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::AlertSilence)
