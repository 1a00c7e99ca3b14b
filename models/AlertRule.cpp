#include "AlertRule.h"

#include "ConfigJson.h"
#include "FeedHealth.h"

#include <QJsonArray>
#include <QJsonObject>

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
    }
    return u"?"_s;
}

AlertTracker::AlertTracker(AlertRule rule)
    : m_rule(std::move(rule))
    , m_lastValue(std::numeric_limits<double>::quiet_NaN())
{}

std::optional<AlertTransition> AlertTracker::moveTo(AlertState to, const QDateTime &now, const QString &detail)
{
    m_lastEvaluated = now;
    if (to == m_state && m_since.isValid())
        return std::nullopt;
    AlertTransition t{m_rule.name, m_state, to, now, m_lastValue, detail};
    const bool first = !m_since.isValid();
    m_state = to;
    m_since = now;
    // The very first evaluation settling on Normal is not news.
    if (first && to == AlertState::Normal)
        return std::nullopt;
    return t;
}

std::optional<AlertTransition> AlertTracker::evaluate(std::optional<double> value, const QDateTime &now)
{
    m_lastError.clear();
    m_lastValue = value.value_or(std::numeric_limits<double>::quiet_NaN());
    if (!value || !m_rule.holds(*value)) {
        m_pendingSince = QDateTime();
        return moveTo(AlertState::Normal, now, QString());
    }
    if (m_state != AlertState::Pending && m_state != AlertState::Firing)
        m_pendingSince = now;
    if (m_state == AlertState::Firing)
        return moveTo(AlertState::Firing, now, QString());
    if (m_pendingSince.msecsTo(now) >= qint64(m_rule.forS) * 1000)
        return moveTo(AlertState::Firing, now, QString());
    return moveTo(AlertState::Pending, now, QString());
}

std::optional<AlertTransition> AlertTracker::fail(const QString &error, const QDateTime &now)
{
    m_lastError = error;
    m_lastValue = std::numeric_limits<double>::quiet_NaN();
    m_pendingSince = QDateTime();
    return moveTo(AlertState::Error, now, error);
}

AlertRulesParse parseAlertRules(const QByteArray &json, const QString &sourceName)
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
