#include "AlertTableModel.h"
#include "PlainText.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
int severity(AlertState s)
{
    switch (s) {
    case AlertState::Firing: return 0;
    case AlertState::Error: return 1;
    case AlertState::NoData: return 2;
    case AlertState::Pending: return 3;
    case AlertState::Normal: return 4;
    }
    return 5;
}

QVariantMap labelMap(const AlertLabels &labels)
{
    QVariantMap m;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        m.insert(it.key(), it.value());
    return m;
}
} // namespace

AlertLabels promAlertSeriesLabels(const PromAlert &alert)
{
    AlertLabels labels = alert.labels;
    labels.remove(u"alertname"_s);
    labels.remove(u"severity"_s);
    return labels;
}

AlertState promAlertState(const QString &state)
{
    if (state == u"firing"_s)
        return AlertState::Firing;
    if (state == u"pending"_s)
        return AlertState::Pending;
    return AlertState::Normal;
}

AlertTableModel::AlertTableModel(QObject *parent)
    : ColumnTableModel(ColumnCount,
                       {u"Rule"_s, u"State"_s, u"Value"_s, u"Condition"_s, u"Since"_s, u"Source"_s, u"Silenced"_s},
                       {{NameRole, "name"},
                        {StateRole, "state"},
                        {ValueRole, "value"},
                        {SinceRole, "since"},
                        {SourceRole, "source"},
                        {DetailRole, "detail"},
                        {SortRole, "sort"},
                        {RuleRole, "rule"},
                        {LabelsRole, "labels"},
                        {SilenceRole, "silence"},
                        {SilenceIdRole, "silenceId"},
                        {InstanceRole, "instance"}},
                       parent)
{}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size() + m_promAlerts.size());
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const int row = index.row();
    QString name, rule, source, condition, detail;
    AlertLabels labels;
    AlertState state;
    double value;
    QDateTime since;
    std::optional<AlertSilence> silenced;
    bool instance = false;
    if (row < m_rows.size()) {
        const AlertTracker &t = m_trackers.at(m_rows.at(row).tracker);
        rule = t.rule().name;
        source = u"console"_s;
        condition = t.rule().conditionText();
        if (m_rows.at(row).instance >= 0) {
            const AlertInstance &i = t.instances().at(m_rows.at(row).instance);
            labels = i.labels;
            state = i.state;
            value = i.value;
            since = i.since;
            detail = t.rule().summary;
            silenced = silence(rule, labels);
            instance = true;
        } else {
            state = t.state();
            value = std::numeric_limits<double>::quiet_NaN();
            since = t.since();
            detail = t.detail();
        }
        name = alertInstanceName(rule, labels);
    } else {
        const PromAlert &a = m_promAlerts.at(row - m_rows.size());
        rule = a.name;
        labels = promAlertSeriesLabels(a);
        name = alertInstanceName(rule, labels);
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
    case RuleRole: return rule;
    case LabelsRole: return labelMap(labels);
    case SilenceRole: return silenced ? silenced->text(m_silences->now()) : QString();
    case SilenceIdRole: return silenced ? silenced->id : QString();
    case InstanceRole: return instance;
    case Qt::ToolTipRole:
        if (silenced)
            return plainTooltip(u"%1 (since %2): %3\n%4"_s.arg(silenced->text(m_silences->now()),
                                                               silenced->start.toLocalTime().toString(u"HH:mm"_s),
                                                               silenced->reason, detail));
        return plainTooltip(detail);
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return name;
        case StateColumn: return alertStateName(state);
        case ValueColumn: return std::isnan(value) ? u"—"_s : QString::number(value, 'g', 4);
        case ConditionColumn: return condition;
        case SinceColumn: return since.isValid() ? since.toLocalTime().toString(u"HH:mm:ss"_s) : QString();
        case SourceColumn: return source;
        case SilenceColumn: return silenced ? silenced->text(m_silences->now()) : QString();
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
    m_rows = rowsNow();
    m_promAlerts.clear();
    endResetModel();
}

void AlertTableModel::setSilences(AlertSilences *silences)
{
    if (m_silences)
        disconnect(m_silences, nullptr, this, nullptr);
    m_silences = silences;
    if (m_silences) {
        connect(m_silences, &AlertSilences::changed, this, [this] {
            if (!m_rows.isEmpty())
                emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
            emit silencesChanged();
        });
        connect(m_silences, &AlertSilences::ended, this, &AlertTableModel::silenceEnded);
    }
    emit silencesChanged();
}

std::optional<AlertSilence> AlertTableModel::silence(const QString &rule, const AlertLabels &labels) const
{
    return m_silences ? m_silences->active(rule, labels) : std::nullopt;
}

int AlertTableModel::trackerIndex(const QString &rule) const
{
    for (int i = 0; i < m_trackers.size(); ++i)
        if (m_trackers.at(i).rule().name == rule)
            return i;
    return -1;
}

const AlertTracker *AlertTableModel::tracker(const QString &rule) const
{
    const int i = trackerIndex(rule);
    return i < 0 ? nullptr : &m_trackers.at(i);
}

QVector<AlertTableModel::Row> AlertTableModel::rowsNow() const
{
    QVector<Row> rows;
    for (int t = 0; t < m_trackers.size(); ++t) {
        const qsizetype n = m_trackers.at(t).instances().size();
        if (n == 0)
            rows.append(Row{t, -1});
        for (int i = 0; i < n; ++i)
            rows.append(Row{t, i});
    }
    return rows;
}

void AlertTableModel::showChanges()
{
    const QVector<Row> rows = rowsNow();
    if (rows == m_rows) {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

template <typename Change>
QVector<AlertTransition> AlertTableModel::changeTracker(const QString &rule, Change change)
{
    const int i = trackerIndex(rule);
    if (i < 0)
        return {};
    const QVector<AlertTransition> transitions = change(m_trackers[i]);
    showChanges();
    return transitions;
}

QVector<AlertTransition> AlertTableModel::evaluate(const QString &rule, const QVector<PromSeries> &series,
                                                   const QDateTime &now)
{
    QVector<QPair<AlertLabels, double>> values;
    for (const PromSeries &s : series)
        if (!s.points.isEmpty())
            values.append({s.labels, s.points.last().v});
    return changeTracker(rule, [&](AlertTracker &t) { return t.evaluate(values, now); });
}

QVector<AlertTransition> AlertTableModel::evaluate(const QString &rule, std::optional<double> value,
                                                   const QDateTime &now)
{
    return changeTracker(rule, [&](AlertTracker &t) { return t.evaluate(value, now); });
}

QVector<AlertTransition> AlertTableModel::fail(const QString &rule, const QString &error, const QDateTime &now)
{
    return changeTracker(rule, [&](AlertTracker &t) { return t.fail(error, now); });
}

QVector<AlertTransition> AlertTableModel::failAll(const QString &error, const QDateTime &now)
{
    QVector<AlertTransition> out;
    for (AlertTracker &t : m_trackers)
        out += t.fail(error, now);
    showChanges();
    return out;
}

void AlertTableModel::setAbsentMetrics(const QString &rule, const QStringList &names)
{
    changeTracker(rule, [&](AlertTracker &t) {
        t.setAbsentMetrics(names);
        return QVector<AlertTransition>();
    });
}

QStringList AlertTableModel::instanceNames(AlertState state) const
{
    QStringList names;
    for (const AlertTracker &t : m_trackers)
        for (const AlertInstance &i : t.instances())
            if (i.state == state)
                names << alertInstanceName(t.rule().name, i.labels);
    names.sort();
    return names;
}

QStringList AlertTableModel::instanceNames(AlertState state, bool silenced) const
{
    QStringList names;
    for (const AlertTracker &t : m_trackers)
        for (const AlertInstance &i : t.instances())
            if (i.state == state && silence(t.rule().name, i.labels).has_value() == silenced)
                names << alertInstanceName(t.rule().name, i.labels);
    names.sort();
    return names;
}

QStringList AlertTableModel::ruleNames(AlertState state) const
{
    QStringList names;
    for (const AlertTracker &t : m_trackers)
        if (t.state() == state)
            names << t.rule().name;
    return names;
}

void AlertTableModel::setPrometheusAlerts(const QVector<PromAlert> &alerts)
{
    const int first = int(m_rows.size());
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
