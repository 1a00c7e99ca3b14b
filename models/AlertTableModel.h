#pragma once

#include "AlertRule.h"
#include "ColumnTableModel.h"
#include "PromTypes.h"

namespace sagadeck {

// The alert rules the console evaluates (one AlertTracker each), followed by the alerts
// Prometheus' own /api/v1/alerts reports. GUI thread only; values change by dataChanged on
// the rows concerned, never layoutChanged.
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
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole,
        StateRole,  // AlertState as int (console rules); Prometheus' own alerts map onto it
        ValueRole,  // double, NaN if none
        SinceRole,  // QDateTime the state began
        SourceRole, // "console" | "prometheus"
        DetailRole, // error text or summary
        SortRole,   // severity: Firing first
    };
    Q_ENUM(Role)

    explicit AlertTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setRules(const QVector<AlertRule> &rules);
    const QVector<AlertTracker> &trackers() const { return m_trackers; }
    const QVector<PromAlert> &prometheusAlerts() const { return m_promAlerts; }
    const AlertTracker *tracker(const QString &rule) const;

    std::optional<AlertTransition> evaluate(const QString &rule, std::optional<double> value, const QDateTime &now);
    std::optional<AlertTransition> fail(const QString &rule, const QString &error, const QDateTime &now);
    // Every console rule fails at once (Prometheus unreachable).
    QVector<AlertTransition> failAll(const QString &error, const QDateTime &now);
    void setPrometheusAlerts(const QVector<PromAlert> &alerts);

private:
    int trackerRow(const QString &rule) const;
    // Applies `change` to the rule's tracker and shows the row again; nullopt for an unknown rule.
    template <typename Change>
    std::optional<AlertTransition> changeTracker(const QString &rule, Change change);

    QVector<AlertTracker> m_trackers;
    QVector<PromAlert> m_promAlerts;
};

AlertState promAlertState(const QString &state);

} // namespace sagadeck
