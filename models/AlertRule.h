#pragma once

#include <QDateTime>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVector>

#include "SiteNames.h"

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
    Error,
    NoData // the query answered with no series at all: nothing was measured
};
QString alertStateName(AlertState state);

using AlertLabels = QMap<QString, QString>;
// "HighErrorRate{service=payment-service}"; the bare rule name for no labels.
QString alertInstanceName(const QString &rule, const AlertLabels &labels);

// A change of state, for the transition list, notifications and the snapshot.
struct AlertTransition
{
    QString rule;
    AlertState from = AlertState::Normal;
    AlertState to = AlertState::Normal;
    QDateTime at;
    double value = 0; // NaN when there was none (an error)
    QString detail;   // the error text, or empty
    // The instance's label set (its series' labels); empty for a change of the whole rule
    // (to and from Error and No data).
    AlertLabels labels;

    QString instance() const { return alertInstanceName(rule, labels); }
};

// One label set of a rule's answer, evaluated as Prometheus evaluates an alert instance.
struct AlertInstance
{
    AlertLabels labels;
    AlertState state = AlertState::Normal; // Normal, Pending or Firing
    QDateTime since;                       // when this state began
    QDateTime activeAt;                    // when the condition began to hold (Pending/Firing)
    double value = 0;                      // the series' value at the last evaluation (may be NaN)
};

// The console-side evaluation of one rule, per label set as Prometheus does it: every series of
// the answer is an instance, Normal -> Pending (condition true) -> Firing (true for `forS`),
// back to Normal as soon as it is false or its series is gone. The rule's own state is the
// worst of its instances (Firing, Pending, Normal), except that a failed query is Error —
// never Normal, because "we could not look" is not "all is well" — and an answer with no
// series at all is No data (a missing or renamed metric is not a healthy one). After Error or
// No data a true condition starts its `for:` again, as Prometheus does.
class AlertTracker
{
public:
    explicit AlertTracker(AlertRule rule = {});

    const AlertRule &rule() const { return m_rule; }
    AlertState state() const { return m_state; }
    QDateTime since() const { return m_since; } // when the rule's current state began
    QDateTime lastEvaluated() const { return m_lastEvaluated; }
    // The worst value over the instances (highest for Above, lowest for Below); NaN: none.
    double lastValue() const;
    QString lastError() const { return m_lastError; }
    // Every label set of the last answer, in label order; empty on Error and No data.
    const QVector<AlertInstance> &instances() const { return m_instances; }
    const AlertInstance *instance(const AlertLabels &labels) const;
    // No data: the rule's metric names Prometheus has no series of (empty: not known yet, or
    // every metric exists and the expression still yields nothing).
    QStringList absentMetrics() const { return m_absent; }
    void setAbsentMetrics(const QStringList &names) { m_absent = names; }
    // Why the rule is in its state, in words: the error, the absent metrics, or the summary.
    QString detail() const;
    QString noDataText() const; // "no series of saga_failed_total in Prometheus"

    // The answer's series (labels, last point). Instance changes and changes of the whole rule
    // (into and out of Error and No data) come back in order.
    QVector<AlertTransition> evaluate(const QVector<QPair<AlertLabels, double>> &series, const QDateTime &now);
    // One unlabelled series with this value, or no series (nullopt).
    QVector<AlertTransition> evaluate(std::optional<double> value, const QDateTime &now);
    QVector<AlertTransition> fail(const QString &error, const QDateTime &now);

private:
    void settle(const QDateTime &now, const QString &detail, QVector<AlertTransition> &out);

    AlertRule m_rule;
    AlertState m_state = AlertState::Normal;
    QDateTime m_since;
    QDateTime m_lastEvaluated;
    QString m_lastError;
    QStringList m_absent;
    QVector<AlertInstance> m_instances;
};

// Reads a rules file: {"rules":[{"name","query","op":">"|"<","threshold","for_s","severity",
// "summary"}]}. Errors name the file, the rule index and the key; a file with any error yields
// no rules at all (a half-read rule set would silently watch less than intended).
struct AlertRulesParse
{
    QVector<AlertRule> rules;
    QStringList errors;
};
AlertRulesParse parseAlertRules(const QByteArray &json, const QString &sourceName, const SiteNames &names = {});

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::AlertTransition)
