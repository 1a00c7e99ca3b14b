#pragma once

#include "AlertRule.h"
#include "PromTypes.h"
#include "SiteNames.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace sagadeck {

// One symptom of a runbook playbook: a PromQL expression evaluated now against a threshold.
struct PlaybookSymptom
{
    QString label;
    QString query;
    AlertRule::Op op = AlertRule::Op::Above;
    double threshold = 0;
    QString unit; // ratio | percent | seconds | bytes | messages | count

    QString thresholdText() const;         // "> 0.5 %"
    QString valueText(double value) const; // "12.3 %" (NaN: "no data")
};

// What a playbook gathers for the operator. A small closed set: each kind has its own panel.
enum class InvestigationKind
{
    FailedSagas,
    PromByLabel,
    PgActivity,
    KafkaPartitions
};
QString investigationKindName(InvestigationKind kind);

struct PlaybookInvestigation
{
    InvestigationKind kind = InvestigationKind::FailedSagas;
    QString title;
    QString query; // prom_by_label: an expression `by (label)`
    QString label; // prom_by_label: the label that names a row
    QString unit;  // prom_by_label: as PlaybookSymptom::unit
    QString group; // kafka_partitions: the consumer group
};

// A remedy is an action of the action pipeline, never a command of its own.
enum class RemedyVerb
{
    Restart,
    Scale,
    RetryFailed
};
QString remedyVerbName(RemedyVerb verb);

struct PlaybookRemedy
{
    RemedyVerb verb = RemedyVerb::Restart;
    QString deployment; // restart, scale
    int replicas = -1;  // scale
    QString sagaType;   // retry_failed: only this saga type (empty: every type)
    QString why;        // one line: why this helps

    QString label() const; // "Restart payment-service", "Scale saga-orchestrator to 3"
};

// A runbook section as data (resources/playbooks.json). It is raised by its alert rule going
// Firing, or — for sections the runbook gives no alert — by its first symptom holding on
// `raiseAfter` consecutive evaluations.
struct Playbook
{
    QString id;
    QString title;
    QString section;    // "Common Issues & Solutions 1"
    QString alert;      // alert rule name; empty: raised by the first symptom
    int raiseAfter = 2; // consecutive evaluations, when there is no alert
    QVector<PlaybookSymptom> symptoms;
    QVector<PlaybookInvestigation> investigations;
    QVector<PlaybookRemedy> remedies;

    QString raiseRuleText() const; // how it raises itself, for the UI
    bool shows(InvestigationKind kind) const;
};

// Reads resources/playbooks.json: {"playbooks":[...]}. Errors name the file, the playbook
// index and the key; any error yields no playbooks at all (a half-read set would silently
// leave a section out).
struct PlaybooksParse
{
    QVector<Playbook> playbooks;
    QStringList errors;
};
// What a playbook may name: every metric and label through the site mapping (`${key}` in its
// queries and labels), and only the profile's deployments and consumer groups (an empty list is
// not checked: that system is not configured).
struct PlaybookScope
{
    SiteNames names;
    QStringList deployments;
    QStringList consumerGroups;
};
PlaybooksParse parsePlaybooks(const QByteArray &json, const QString &sourceName, const PlaybookScope &scope = {});

// A symptom evaluated once. No data and errors are their own states: never "not met".
struct SymptomReading
{
    enum class State
    {
        Unevaluated,
        Met,
        NotMet,
        NoData,
        Error
    };
    State state = State::Unevaluated;
    double value; // NaN unless Met/NotMet
    QString error;
    QDateTime at;      // when the answer arrived
    QDateTime valueAt; // the instant Prometheus evaluated the value at (Met/NotMet)

    SymptomReading();
};
QString symptomStateName(SymptomReading::State state); // "met", "not met", "no data", ...

// The worst series' value decides (highest for >, lowest for <), as the alert rules do.
SymptomReading evaluateSymptom(const PlaybookSymptom &symptom, const PromAnswer &answer, const QDateTime &now);

// Whether a playbook is raised, by what and since when. Pure: the board feeds it alert
// transitions and its first symptom's readings.
struct RaiseState
{
    bool raised = false;
    QString by; // "SagaFailureRate", or the symptom's label
    QDateTime at;
    int consecutive = 0; // first symptom met on this many evaluations in a row
    // Raised by its alert and every firing instance of it is silenced by an operator: still
    // raised (the state is real), but the war-room wall does not turn to it.
    bool silenced = false;

    QString text() const; // "raised by SagaFailureRate at 10:42:03" (local time)
};

// An alert playbook follows its rule: Firing raises, Normal lowers; Pending and Error change
// nothing (an error is not "all clear"). Returns true when `raised` changed.
bool applyAlertState(RaiseState &state, const Playbook &playbook, const QString &rule, AlertState to,
                     const QDateTime &at);
// A playbook without an alert: its first symptom met on raiseAfter evaluations in a row raises
// it, not met lowers it; no data or an error resets the count but lowers nothing.
bool applyFirstSymptom(RaiseState &state, const Playbook &playbook, const SymptomReading &reading);

// What the list shows for a playbook: raised, symptoms met, quiet, no data.
enum class PlaybookStatus
{
    Raised,
    SymptomsMet,
    Quiet,
    NoData
};
QString playbookStatusName(PlaybookStatus status);
PlaybookStatus playbookStatus(const RaiseState &raise, const QVector<SymptomReading> &readings);

} // namespace sagadeck
