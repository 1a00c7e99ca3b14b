#include "AlertTableModel.h"
#include "PlainText.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
int severity(AlertState s)
{
    switch (s) {
    case AlertState::Firing: return 0;
    case AlertState::Error: return 1;
    case AlertState::Pending: return 2;
    case AlertState::Normal: return 3;
    }
    return 4;
}
} // namespace

AlertState promAlertState(const QString &state)
{
    if (state == u"firing"_s)
        return AlertState::Firing;
    if (state == u"pending"_s)
        return AlertState::Pending;
    return AlertState::Normal;
}

AlertTableModel::AlertTableModel(QObject *parent)
    : ColumnTableModel(ColumnCount, {u"Rule"_s, u"State"_s, u"Value"_s, u"Condition"_s, u"Since"_s, u"Source"_s},
                       {{NameRole, "name"},
                        {StateRole, "state"},
                        {ValueRole, "value"},
                        {SinceRole, "since"},
                        {SourceRole, "source"},
                        {DetailRole, "detail"},
                        {SortRole, "sort"}},
                       parent)
{}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_trackers.size() + m_promAlerts.size());
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const int row = index.row();
    QString name, source, condition, detail;
    AlertState state;
    double value;
    QDateTime since;
    if (row < m_trackers.size()) {
        const AlertTracker &t = m_trackers.at(row);
        name = t.rule().name;
        state = t.state();
        value = t.lastValue();
        since = t.since();
        source = u"console"_s;
        condition = t.rule().conditionText();
        detail = t.lastError().isEmpty() ? t.rule().summary : t.lastError();
    } else {
        const PromAlert &a = m_promAlerts.at(row - m_trackers.size());
        name = a.name;
        state = promAlertState(a.state);
        value = a.value;
        since = QDateTime::fromString(a.activeAt, Qt::ISODateWithMs);
        source = u"prometheus"_s;
        detail = a.labels.value(u"severity"_s);
    }
    switch (role) {
    case NameRole: return name;
    case StateRole: return int(state);
    case ValueRole: return value;
    case SinceRole: return since;
    case SourceRole: return source;
    case DetailRole: return detail;
    case SortRole: return severity(state) * 1000 + row;
    case Qt::ToolTipRole: return plainTooltip(detail);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return name;
        case StateColumn: return alertStateName(state);
        case ValueColumn: return std::isnan(value) ? u"—"_s : QString::number(value, 'g', 4);
        case ConditionColumn: return condition;
        case SinceColumn: return since.isValid() ? since.toLocalTime().toString(u"HH:mm:ss"_s) : QString();
        case SourceColumn: return source;
        }
    }
    return {};
}

void AlertTableModel::setRules(const QVector<AlertRule> &rules)
{
    beginResetModel();
    m_trackers.clear();
    for (const AlertRule &r : rules)
        m_trackers.append(AlertTracker(r));
    m_promAlerts.clear();
    endResetModel();
}

int AlertTableModel::trackerRow(const QString &rule) const
{
    for (int i = 0; i < m_trackers.size(); ++i)
        if (m_trackers.at(i).rule().name == rule)
            return i;
    return -1;
}

const AlertTracker *AlertTableModel::tracker(const QString &rule) const
{
    const int row = trackerRow(rule);
    return row < 0 ? nullptr : &m_trackers.at(row);
}

template <typename Change>
std::optional<AlertTransition> AlertTableModel::changeTracker(const QString &rule, Change change)
{
    const int row = trackerRow(rule);
    if (row < 0)
        return std::nullopt;
    const std::optional<AlertTransition> transition = change(m_trackers[row]);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return transition;
}

std::optional<AlertTransition> AlertTableModel::evaluate(const QString &rule, std::optional<double> value,
                                                         const QDateTime &now)
{
    return changeTracker(rule, [&](AlertTracker &t) { return t.evaluate(value, now); });
}

std::optional<AlertTransition> AlertTableModel::fail(const QString &rule, const QString &error, const QDateTime &now)
{
    return changeTracker(rule, [&](AlertTracker &t) { return t.fail(error, now); });
}

QVector<AlertTransition> AlertTableModel::failAll(const QString &error, const QDateTime &now)
{
    QVector<AlertTransition> out;
    for (AlertTracker &t : m_trackers)
        if (auto tr = t.fail(error, now))
            out.append(*tr);
    if (!m_trackers.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_trackers.size()) - 1, ColumnCount - 1));
    return out;
}

void AlertTableModel::setPrometheusAlerts(const QVector<PromAlert> &alerts)
{
    const int first = int(m_trackers.size());
    if (alerts.size() == m_promAlerts.size()) {
        m_promAlerts = alerts;
        if (!alerts.isEmpty())
            emit dataChanged(index(first, 0), index(first + int(alerts.size()) - 1, ColumnCount - 1));
        return;
    }
    if (!m_promAlerts.isEmpty()) {
        beginRemoveRows({}, first, first + int(m_promAlerts.size()) - 1);
        m_promAlerts.clear();
        endRemoveRows();
    }
    if (!alerts.isEmpty()) {
        beginInsertRows({}, first, first + int(alerts.size()) - 1);
        m_promAlerts = alerts;
        endInsertRows();
    }
}

} // namespace sagadeck
