#include "AlertRule.h"

#include "ConfigJson.h"
#include "FeedHealth.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

bool AlertRule::holds(double value) const
{
    return !std::isnan(value) && beyond(op, value, threshold);
}

QString AlertRule::conditionText() const
{
    QString text = opText(op) + u' ' + QString::number(threshold);
    if (forS > 0)
        text += u" for "_s + describeAge(qint64(forS) * 1000);
    return text;
}

std::optional<AlertRule::Op> AlertRule::opFromText(const QString &text)
{
    if (text == u">"_s)
        return Op::Above;
    if (text == u"<"_s)
        return Op::Below;
    return std::nullopt;
}

QString AlertRule::opText(Op op)
{
    return op == Op::Above ? u">"_s : u"<"_s;
}

bool AlertRule::beyond(Op op, double value, double threshold)
{
    return op == Op::Above ? value > threshold : value < threshold;
}

QString alertStateName(AlertState state)
{
    switch (state) {
    case AlertState::Normal: return u"Normal"_s;
    case AlertState::Pending: return u"Pending"_s;
    case AlertState::Firing: return u"Firing"_s;
    case AlertState::Error: return u"Error"_s;
    case AlertState::NoData: return u"No data"_s;
    }
    return u"?"_s;
}

QString alertInstanceName(const QString &rule, const AlertLabels &labels)
{
    if (labels.isEmpty())
        return rule;
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return rule + u'{' + parts.join(u", "_s) + u'}';
}

AlertTracker::AlertTracker(AlertRule rule)
    : m_rule(std::move(rule))
{}

namespace {
bool special(AlertState s)
{
    return s == AlertState::Error || s == AlertState::NoData;
}

int rank(AlertState s)
{
    switch (s) {
    case AlertState::Firing: return 2;
    case AlertState::Pending: return 1;
    default: return 0;
    }
}
} // namespace

double AlertTracker::lastValue() const
{
    double worst = std::numeric_limits<double>::quiet_NaN();
    for (const AlertInstance &i : m_instances) {
        if (std::isnan(i.value))
            continue;
        if (std::isnan(worst) || AlertRule::beyond(m_rule.op, i.value, worst))
            worst = i.value;
    }
    return worst;
}

const AlertInstance *AlertTracker::instance(const AlertLabels &labels) const
{
    for (const AlertInstance &i : m_instances)
        if (i.labels == labels)
            return &i;
    return nullptr;
}

QString AlertTracker::detail() const
{
    if (m_state == AlertState::Error)
        return m_lastError;
    if (m_state == AlertState::NoData)
        return noDataText();
    return m_rule.summary;
}

QString AlertTracker::noDataText() const
{
    return m_absent.isEmpty() ? u"the query returns no series"_s
                              : u"no series of %1 in Prometheus"_s.arg(m_absent.join(u", "_s));
}

void AlertTracker::settle(const QDateTime &now, const QString &detail, QVector<AlertTransition> &out)
{
    AlertState to = AlertState::Normal;
    if (!m_lastError.isEmpty())
        to = AlertState::Error;
    else if (m_instances.isEmpty())
        to = AlertState::NoData;
    else
        for (const AlertInstance &i : std::as_const(m_instances))
            if (rank(i.state) > rank(to))
                to = i.state;
    const AlertState from = m_state;
    const bool first = !m_since.isValid();
    m_lastEvaluated = now;
    if (to == from && !first)
        return;
    m_state = to;
    m_since = now;
    // Into Error or No data: one change of the whole rule. Out of them into Normal likewise
    // (into Pending or Firing the instances' own changes say it). A first Normal is not news.
    if (special(to) || (special(from) && to == AlertState::Normal))
        out.append(AlertTransition{m_rule.name, from, to, now, std::numeric_limits<double>::quiet_NaN(), detail, {}});
}

QVector<AlertTransition> AlertTracker::evaluate(const QVector<QPair<AlertLabels, double>> &series, const QDateTime &now)
{
    QVector<AlertTransition> out;
    const AlertState ruleBefore = m_state;
    m_lastError.clear();
    if (series.isEmpty()) {
        // No data: the instances are gone with their series; the rule's change says so.
        m_instances.clear();
        settle(now, noDataText(), out);
        return out;
    }
    m_absent.clear();
    QVector<AlertInstance> next;
    for (const auto &[labels, value] : series) {
        if (std::any_of(next.cbegin(), next.cend(), [&](const AlertInstance &n) { return n.labels == labels; }))
            continue; // one instance per label set
        const AlertInstance *old = instance(labels);
        const AlertState was = old ? old->state : AlertState::Normal;
        AlertInstance n;
        n.labels = labels;
        n.value = value;
        if (m_rule.holds(value)) {
            n.activeAt = was == AlertState::Normal ? now : old->activeAt;
            n.state = was == AlertState::Firing || n.activeAt.msecsTo(now) >= qint64(m_rule.forS) * 1000
                ? AlertState::Firing
                : AlertState::Pending;
        }
        n.since = old && was == n.state ? old->since : now;
        if (n.state != was)
            // An instance first seen after Error or No data comes from there.
            out.append(AlertTransition{m_rule.name, !old && special(ruleBefore) ? ruleBefore : was, n.state, now, value,
                                       QString(), labels});
        next.append(n);
    }
    for (const AlertInstance &gone : std::as_const(m_instances))
        if (gone.state != AlertState::Normal && std::none_of(next.cbegin(), next.cend(), [&](const AlertInstance &n) {
                return n.labels == gone.labels;
            }))
            out.append(AlertTransition{m_rule.name, gone.state, AlertState::Normal, now,
                                       std::numeric_limits<double>::quiet_NaN(), u"its series is gone"_s, gone.labels});
    std::sort(next.begin(), next.end(), [](const AlertInstance &a, const AlertInstance &b) {
        return alertInstanceName(QString(), a.labels) < alertInstanceName(QString(), b.labels);
    });
    m_instances = next;
    QVector<AlertTransition> rule;
    settle(now, QString(), rule);
    return rule + out;
}

QVector<AlertTransition> AlertTracker::evaluate(std::optional<double> value, const QDateTime &now)
{
    if (!value)
        return evaluate(QVector<QPair<AlertLabels, double>>(), now);
    return evaluate(QVector<QPair<AlertLabels, double>>{{AlertLabels(), *value}}, now);
}

QVector<AlertTransition> AlertTracker::fail(const QString &error, const QDateTime &now)
{
    QVector<AlertTransition> out;
    m_lastError = error.isEmpty() ? u"the query failed"_s : error;
    m_absent.clear();
    m_instances.clear(); // a true condition after the error starts its `for:` again
    settle(now, m_lastError, out);
    return out;
}

AlertRulesParse parseAlertRules(const QByteArray &json, const QString &sourceName, const SiteNames &names)
{
    AlertRulesParse out;
    ConfigErrors e{out.errors, sourceName};
    const auto items = readConfigList(json, u"rules"_s, QString(), e);
    if (!items)
        return out;
    QVector<AlertRule> rules;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QJsonObject o = items->at(i).toObject();
        auto bad = [&](const QString &key, const QString &why) { e.add(u"rules[%1].%2"_s.arg(i).arg(key), why); };
        AlertRule r;
        r.name = o.value(u"name"_s).toString().trimmed();
        r.query = o.value(u"query"_s).toString().trimmed();
        if (r.name.isEmpty())
            bad(u"name"_s, u"missing or empty"_s);
        if (r.query.isEmpty())
            bad(u"query"_s, u"missing or empty"_s);
        // A site's own rules may write their names out; ${key} takes one from the mapping.
        QStringList problems;
        r.query = names.expandQuery(r.query, false, &problems);
        for (const QString &p : std::as_const(problems))
            bad(u"query"_s, p);
        const QString op = o.value(u"op"_s).toString(u">"_s);
        if (const auto known = AlertRule::opFromText(op))
            r.op = *known;
        else
            bad(u"op"_s, u"must be \">\" or \"<\", not \"%1\""_s.arg(op));
        if (!o.value(u"threshold"_s).isDouble())
            bad(u"threshold"_s, u"missing or not a number"_s);
        r.threshold = o.value(u"threshold"_s).toDouble();
        const QJsonValue forS = o.value(u"for_s"_s);
        if (!forS.isUndefined() && !isWholeNumber(forS, 0, 86400))
            bad(u"for_s"_s, u"must be a whole number of seconds from 0 to 86400"_s);
        r.forS = forS.toInt(0);
        r.severity = o.value(u"severity"_s).toString(u"warning"_s);
        r.summary = o.value(u"summary"_s).toString();
        for (const AlertRule &seen : std::as_const(rules))
            if (seen.name == r.name && !r.name.isEmpty())
                bad(u"name"_s, u"\"%1\" is used twice"_s.arg(r.name));
        rules.append(r);
    }
    if (rules.isEmpty() && out.errors.isEmpty())
        e.addForFile(u"no rules"_s);
    if (out.errors.isEmpty())
        out.rules = rules;
    return out;
}

} // namespace sagadeck
