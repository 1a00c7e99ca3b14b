#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

namespace sagadeck {

// One runbook alert rule, as data (resources/alert-rules.json, overridable per profile).
// `query` is the expression without its comparison, so the console can show the value too.
struct AlertRule
{
    QString name;
    QString query;
    enum class Op
    {
        Above,
        Below
    } op = Op::Above;
    double threshold = 0;
    int forS = 0;     // the condition must hold this long before the rule fires
    QString severity; // free text: warning, critical...
    QString summary;  // what a person reads

    bool holds(double value) const; // NaN never holds
    QString conditionText() const;  // "> 0.005 for 2 min"

    // The comparison as rules and playbook symptoms write it: ">" or "<".
    static std::optional<Op> opFromText(const QString &text);
    static QString opText(Op op);
    // Whether `value` lies beyond `threshold` on the side `op` watches (above it, or below).
    static bool beyond(Op op, double value, double threshold);
};

enum class AlertState
{
    Normal,
    Pending,
    Firing,
    Error
};
QString alertStateName(AlertState state);

// A change of state, for the transition list, notifications and the snapshot.
struct AlertTransition
{
    QString rule;
    AlertState from = AlertState::Normal;
    AlertState to = AlertState::Normal;
    QDateTime at;
    double value = 0; // NaN when there was none (an error)
    QString detail;   // the error text, or empty
};

// The console-side evaluation of one rule: Normal -> Pending (condition true) -> Firing
// (true for `forS`), back to Normal as soon as it is false. A failed query is Error — never
// Normal, because "we could not look" is not "all is well" — and after an error a true
// condition starts its `for:` again, as Prometheus does.
class AlertTracker
{
public:
    explicit AlertTracker(AlertRule rule = {});

    const AlertRule &rule() const { return m_rule; }
    AlertState state() const { return m_state; }
    QDateTime since() const { return m_since; } // when the current state began
    QDateTime pendingSince() const { return m_pendingSince; }
    QDateTime lastEvaluated() const { return m_lastEvaluated; }
    double lastValue() const { return m_lastValue; } // NaN: no data or error
    QString lastError() const { return m_lastError; }

    // The worst value of the query's series (highest for Above, lowest for Below), or nullopt
    // when the query returned no series (Prometheus' "no data": the condition is false).
    std::optional<AlertTransition> evaluate(std::optional<double> value, const QDateTime &now);
    std::optional<AlertTransition> fail(const QString &error, const QDateTime &now);

private:
    std::optional<AlertTransition> moveTo(AlertState to, const QDateTime &now, const QString &detail);

    AlertRule m_rule;
    AlertState m_state = AlertState::Normal;
    QDateTime m_since;
    QDateTime m_pendingSince;
    QDateTime m_lastEvaluated;
    double m_lastValue;
    QString m_lastError;
};

// Reads a rules file: {"rules":[{"name","query","op":">"|"<","threshold","for_s","severity",
// "summary"}]}. Errors name the file, the rule index and the key; a file with any error yields
// no rules at all (a half-read rule set would silently watch less than intended).
struct AlertRulesParse
{
    QVector<AlertRule> rules;
    QStringList errors;
};
AlertRulesParse parseAlertRules(const QByteArray &json, const QString &sourceName);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::AlertTransition)
