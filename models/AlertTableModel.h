#pragma once

#include "AlertRule.h"
#include "AlertSilence.h"
#include "ColumnTableModel.h"
#include "PromTypes.h"

namespace sagadeck {

// The alert rules the console evaluates (one AlertTracker each), one row per instance (label
// set) of each rule, or one row for the rule itself while it has none (never evaluated, Error,
// No data); followed by the alerts Prometheus' own /api/v1/alerts reports. GUI thread only;
// values change by dataChanged, and the rows are reset only when the set of instances changes.
// With silences set, a console instance an operator silenced says so ("silenced by alice until
// 14:30") in its Silenced column; its state stays what the rule says.
class AlertTableModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StateColumn,
        ValueColumn,
        ConditionColumn,
        SinceColumn,
        SourceColumn,
        SilenceColumn, // "silenced by alice until 14:30", or empty
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole,
        StateRole,     // AlertState as int (console rules); Prometheus' own alerts map onto it
        ValueRole,     // double, NaN if none
        SinceRole,     // QDateTime the state began
        SourceRole,    // "console" | "prometheus"
        DetailRole,    // error text or summary
        SortRole,      // severity: Firing first
        RuleRole,      // the rule's name (NameRole is the instance's: "Rule{label=value}")
        LabelsRole,    // QVariantMap of the instance's labels (empty for a rule row)
        SilenceRole,   // the silence that applies now: "silenced by alice until 14:30", or empty
        SilenceIdRole, // its id (for unsilence), or empty
        InstanceRole,  // bool: a console instance (a row that can be silenced)
    };
    Q_ENUM(Role)

    explicit AlertTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setRules(const QVector<AlertRule> &rules);
    // The operator's silences (not owned); the rows follow their changes.
    void setSilences(AlertSilences *silences);
    AlertSilences *silences() const { return m_silences; }
    // The silence that applies to this instance now; nullopt when none (or no silences set).
    std::optional<AlertSilence> silence(const QString &rule, const AlertLabels &labels) const;
    const QVector<AlertTracker> &trackers() const { return m_trackers; }
    const QVector<PromAlert> &prometheusAlerts() const { return m_promAlerts; }
    const AlertTracker *tracker(const QString &rule) const;

    // The rule's answer: each series' labels and last value.
    QVector<AlertTransition> evaluate(const QString &rule, const QVector<PromSeries> &series, const QDateTime &now);
    // One unlabelled series with this value, or none (nullopt): No data.
    QVector<AlertTransition> evaluate(const QString &rule, std::optional<double> value, const QDateTime &now);
    QVector<AlertTransition> fail(const QString &rule, const QString &error, const QDateTime &now);
    // Every console rule fails at once (Prometheus unreachable).
    QVector<AlertTransition> failAll(const QString &error, const QDateTime &now);
    void setAbsentMetrics(const QString &rule, const QStringList &names);
    void setPrometheusAlerts(const QVector<PromAlert> &alerts);

    // The console's instances in `state` (Firing or Pending), as "Rule{label=value}", sorted.
    QStringList instanceNames(AlertState state) const;
    // Those of them with (true) or without (false) a silence that applies now.
    QStringList instanceNames(AlertState state, bool silenced) const;
    // The console's rules in `state` (Error or No data), by name.
    QStringList ruleNames(AlertState state) const;

signals:
    // A silence began, ended or expired (the rows' Silenced column changed with it).
    void silencesChanged();
    // A silence stopped applying (expired, unsilenced): its instance may notify again.
    void silenceEnded(const sagadeck::AlertSilence &silence);

private:
    struct Row
    {
        int tracker = 0;
        int instance = -1; // -1: the rule itself (no instances)
        bool operator==(const Row &o) const { return tracker == o.tracker && instance == o.instance; }
    };
    int trackerIndex(const QString &rule) const;
    QVector<Row> rowsNow() const;
    void showChanges(); // dataChanged, or a reset when the rows changed
    // Applies `change` to the rule's tracker and shows it again; nothing for an unknown rule.
    template <typename Change>
    QVector<AlertTransition> changeTracker(const QString &rule, Change change);

    QVector<AlertTracker> m_trackers;
    QVector<Row> m_rows;
    QVector<PromAlert> m_promAlerts;
    AlertSilences *m_silences = nullptr;
};

// A Prometheus alert's labels without `alertname` and the labels its rule adds (`severity`):
// the label set of the series it comes from, comparable with a console instance's.
AlertLabels promAlertSeriesLabels(const PromAlert &alert);

AlertState promAlertState(const QString &state);

} // namespace sagadeck
