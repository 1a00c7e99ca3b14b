#include "Playbook.h"

#include "ConfigJson.h"
#include "NamedValues.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

const QStringList kUnits{u"ratio"_s,    u"seconds"_s,        u"bytes"_s, u"bytes_per_s"_s,
                         u"messages"_s, u"messages_per_s"_s, u"count"_s};

QString number(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

// A value in the symptom's unit, as people read it.
QString formatValue(const QString &unit, double v)
{
    if (std::isnan(v))
        return u"no data"_s;
    if (unit == u"ratio"_s)
        return number(v * 100.0, std::fabs(v) < 0.1 ? 2 : 1) + u" %"_s;
    if (unit == u"seconds"_s)
        return std::fabs(v) < 10 ? number(v * 1000.0, 0) + u" ms"_s : number(v, 1) + u" s"_s;
    if (unit == u"bytes"_s)
        return number(v / 1048576.0, 1) + u" MiB"_s;
    if (unit == u"bytes_per_s"_s)
        return number(v / 1048576.0, 2) + u" MiB/s"_s;
    if (unit == u"messages"_s)
        return number(v, 0) + u" messages"_s;
    if (unit == u"messages_per_s"_s)
        return number(v, 1) + u" messages/s"_s;
    return std::fabs(v - std::round(v)) < 1e-9 ? number(v, 0) : number(v, 3);
}

constexpr InvestigationKind kKinds[] = {InvestigationKind::FailedSagas, InvestigationKind::PromByLabel,
                                        InvestigationKind::PgActivity, InvestigationKind::KafkaPartitions};
constexpr RemedyVerb kVerbs[] = {RemedyVerb::Restart, RemedyVerb::Scale, RemedyVerb::RetryFailed};

// The value of `values` that o[key] names; an error listing the accepted names if none.
template <typename Values, typename NameOf>
auto requiredName(const QJsonObject &o, const QString &key, const Values &values, NameOf nameOf, const QString &where,
                  ConfigErrors &e)
{
    const QString text = o.value(key).toString();
    const auto value = valueNamed(values, nameOf, text);
    if (!value)
        e.add(where + u"."_s + key, notOneOf(text, namesOf(values, nameOf)));
    return value;
}

QString requiredString(const QJsonObject &o, const QString &key, const QString &where, ConfigErrors &e)
{
    const QJsonValue v = o.value(key);
    if (!v.isString() || v.toString().trimmed().isEmpty()) {
        e.add(where + u"."_s + key, u"missing or not a non-empty string"_s);
        return {};
    }
    return v.toString().trimmed();
}

QJsonArray requiredArray(const QJsonObject &o, const QString &key, const QString &where, ConfigErrors &e,
                         bool mayBeEmpty)
{
    const QJsonValue v = o.value(key);
    if (!v.isArray() || (!mayBeEmpty && v.toArray().isEmpty())) {
        e.add(where + u"."_s + key, mayBeEmpty ? u"missing or not a list"_s : u"missing, not a list or empty"_s);
        return {};
    }
    return v.toArray();
}

QString checkUnit(const QJsonObject &o, const QString &where, ConfigErrors &e)
{
    const QString unit = o.value(u"unit"_s).toString(u"count"_s);
    if (!kUnits.contains(unit))
        e.add(where + u".unit"_s, notOneOf(unit, kUnits));
    return unit;
}

void checkKeys(const QJsonObject &o, const QStringList &known, const QString &where, ConfigErrors &e)
{
    for (const QString &key : o.keys())
        if (!known.contains(key))
            e.add(where + u"."_s + key, u"unknown key"_s);
}

// A query in the site's names; any name it writes itself is an error.
QString mappedQuery(const QString &templ, const QString &where, const PlaybookScope &scope, ConfigErrors &e)
{
    QStringList problems;
    const QString query = scope.names.expandQuery(templ, true, &problems);
    for (const QString &p : std::as_const(problems))
        e.add(where, p);
    return query;
}

// A label of the mapping, written `${key}`.
QString mappedLabel(const QString &text, const QString &where, const PlaybookScope &scope, ConfigErrors &e)
{
    static const QRegularExpression one(u"^\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}$"_s);
    const QRegularExpressionMatch m = one.match(text);
    const SiteNames::Key *k = m.hasMatch() ? SiteNames::find(m.captured(1)) : nullptr;
    if (!k || k->kind != SiteNames::Kind::Label) {
        e.add(where, u"expected a label of the site mapping, like ${service}"_s);
        return text;
    }
    return scope.names.name(k->key);
}

void checkInScope(const QString &name, const QStringList &scope, const QString &what, const QString &where,
                  ConfigErrors &e)
{
    if (!name.isEmpty() && !scope.isEmpty() && !scope.contains(name))
        e.add(where, u"\"%1\" is not one of the profile's %2 (%3)"_s.arg(name, what, scope.join(u", "_s)));
}

PlaybookSymptom parseSymptom(const QJsonObject &o, const QString &where, const PlaybookScope &scope, ConfigErrors &e)
{
    checkKeys(o, {u"label"_s, u"query"_s, u"op"_s, u"threshold"_s, u"unit"_s}, where, e);
    PlaybookSymptom s;
    s.label = requiredString(o, u"label"_s, where, e);
    s.query = mappedQuery(requiredString(o, u"query"_s, where, e), where + u".query"_s, scope, e);
    if (const auto op = AlertRule::opFromText(o.value(u"op"_s).toString()))
        s.op = *op;
    else
        e.add(where + u".op"_s, u"must be \">\" or \"<\""_s);
    if (!o.value(u"threshold"_s).isDouble())
        e.add(where + u".threshold"_s, u"missing or not a number"_s);
    s.threshold = o.value(u"threshold"_s).toDouble();
    s.unit = checkUnit(o, where, e);
    return s;
}

PlaybookInvestigation parseInvestigation(const QJsonObject &o, const QString &where, const PlaybookScope &scope,
                                         ConfigErrors &e)
{
    PlaybookInvestigation inv;
    const auto kind = requiredName(o, u"kind"_s, kKinds, investigationKindName, where, e);
    if (!kind)
        return inv;
    inv.kind = *kind;
    inv.title = requiredString(o, u"title"_s, where, e);
    QStringList keys{u"kind"_s, u"title"_s};
    if (inv.kind == InvestigationKind::PromByLabel) {
        keys << u"query"_s << u"label"_s << u"unit"_s;
        inv.query = mappedQuery(requiredString(o, u"query"_s, where, e), where + u".query"_s, scope, e);
        inv.label = mappedLabel(requiredString(o, u"label"_s, where, e), where + u".label"_s, scope, e);
        inv.unit = checkUnit(o, where, e);
    } else if (inv.kind == InvestigationKind::KafkaPartitions) {
        keys << u"group"_s;
        inv.group = requiredString(o, u"group"_s, where, e);
        checkInScope(inv.group, scope.consumerGroups, u"consumer groups (kafka.consumer_groups)"_s, where + u".group"_s,
                     e);
    }
    checkKeys(o, keys, where, e);
    return inv;
}

PlaybookRemedy parseRemedy(const QJsonObject &o, const QString &where, const PlaybookScope &scope, ConfigErrors &e)
{
    PlaybookRemedy r;
    const auto verb = requiredName(o, u"verb"_s, kVerbs, remedyVerbName, where, e);
    if (!verb)
        return r;
    r.verb = *verb;
    r.why = requiredString(o, u"why"_s, where, e);
    QStringList keys{u"verb"_s, u"why"_s};
    if (r.verb == RemedyVerb::Restart || r.verb == RemedyVerb::Scale) {
        keys << u"deployment"_s;
        r.deployment = requiredString(o, u"deployment"_s, where, e);
        checkInScope(r.deployment, scope.deployments, u"deployments (kubernetes.deployments)"_s,
                     where + u".deployment"_s, e);
    }
    if (r.verb == RemedyVerb::Scale) {
        keys << u"replicas"_s;
        const QJsonValue n = o.value(u"replicas"_s);
        if (!isWholeNumber(n, 0, 1000))
            e.add(where + u".replicas"_s, u"must be a whole number from 0 to 1000"_s);
        r.replicas = n.toInt(-1);
    }
    if (r.verb == RemedyVerb::RetryFailed) {
        keys << u"saga_type"_s;
        r.sagaType = o.value(u"saga_type"_s).toString().trimmed();
    }
    checkKeys(o, keys, where, e);
    return r;
}

} // namespace

QString PlaybookSymptom::thresholdText() const
{
    return AlertRule::opText(op) + u' ' + formatValue(unit, threshold);
}

QString PlaybookSymptom::valueText(double value) const
{
    return formatValue(unit, value);
}

QString investigationKindName(InvestigationKind kind)
{
    switch (kind) {
    case InvestigationKind::FailedSagas: return u"failed_sagas"_s;
    case InvestigationKind::PromByLabel: return u"prom_by_label"_s;
    case InvestigationKind::PgActivity: return u"pg_activity"_s;
    case InvestigationKind::KafkaPartitions: return u"kafka_partitions"_s;
    }
    return {};
}

QString remedyVerbName(RemedyVerb verb)
{
    switch (verb) {
    case RemedyVerb::Restart: return u"restart"_s;
    case RemedyVerb::Scale: return u"scale"_s;
    case RemedyVerb::RetryFailed: return u"retry_failed"_s;
    }
    return {};
}

QString PlaybookRemedy::label() const
{
    switch (verb) {
    case RemedyVerb::Restart: return u"Restart "_s + deployment;
    case RemedyVerb::Scale: return u"Scale %1 to %2"_s.arg(deployment).arg(replicas);
    case RemedyVerb::RetryFailed:
        return sagaType.isEmpty() ? u"Retry failed sagas"_s : u"Retry failed %1 sagas"_s.arg(sagaType);
    }
    return {};
}

QString Playbook::raiseRuleText() const
{
    if (!alert.isEmpty())
        return u"raised while alert %1 is Firing"_s.arg(alert);
    const QString first = symptoms.isEmpty() ? QString() : symptoms.first().label;
    return u"no runbook alert: raised when \"%1\" holds on %2 evaluations in a row"_s.arg(first).arg(raiseAfter);
}

bool Playbook::shows(InvestigationKind kind) const
{
    for (const PlaybookInvestigation &i : investigations)
        if (i.kind == kind)
            return true;
    return false;
}

PlaybooksParse parsePlaybooks(const QByteArray &json, const QString &sourceName, const PlaybookScope &scope)
{
    PlaybooksParse out;
    ConfigErrors e{out.errors, sourceName};
    const auto items = readConfigList(json, u"playbooks"_s, u"playbook"_s, e);
    if (!items)
        return out;
    QVector<Playbook> playbooks;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const QString where = u"playbooks[%1]"_s.arg(i);
        if (!items->at(i).isObject()) {
            e.add(where, u"not an object"_s);
            continue;
        }
        const QJsonObject o = items->at(i).toObject();
        checkKeys(o,
                  {u"id"_s, u"title"_s, u"section"_s, u"alert"_s, u"raise_after"_s, u"comment"_s, u"symptoms"_s,
                   u"investigation"_s, u"remedies"_s},
                  where, e);
        Playbook p;
        p.id = requiredString(o, u"id"_s, where, e);
        p.title = requiredString(o, u"title"_s, where, e);
        p.section = requiredString(o, u"section"_s, where, e);
        const QJsonValue alert = o.value(u"alert"_s);
        if (!alert.isUndefined() && !alert.isString())
            e.add(where + u".alert"_s, u"not a string"_s);
        p.alert = alert.toString().trimmed();
        const QJsonValue after = o.value(u"raise_after"_s);
        if (!after.isUndefined()) {
            if (!p.alert.isEmpty())
                e.add(where + u".raise_after"_s, u"only for a playbook without an alert"_s);
            else if (!isWholeNumber(after, 1, 100))
                e.add(where + u".raise_after"_s, u"must be a whole number from 1 to 100"_s);
            p.raiseAfter = after.toInt(2);
        }
        const QJsonArray symptoms = requiredArray(o, u"symptoms"_s, where, e, false);
        for (qsizetype j = 0; j < symptoms.size(); ++j)
            p.symptoms.append(parseSymptom(symptoms.at(j).toObject(), where + u".symptoms[%1]"_s.arg(j), scope, e));
        const QJsonArray inv = requiredArray(o, u"investigation"_s, where, e, true);
        for (qsizetype j = 0; j < inv.size(); ++j)
            p.investigations.append(
                parseInvestigation(inv.at(j).toObject(), where + u".investigation[%1]"_s.arg(j), scope, e));
        const QJsonArray remedies = requiredArray(o, u"remedies"_s, where, e, true);
        for (qsizetype j = 0; j < remedies.size(); ++j)
            p.remedies.append(parseRemedy(remedies.at(j).toObject(), where + u".remedies[%1]"_s.arg(j), scope, e));
        for (const Playbook &seen : std::as_const(playbooks))
            if (!p.id.isEmpty() && seen.id == p.id)
                e.add(where + u".id"_s, u"\"%1\" is used twice"_s.arg(p.id));
        playbooks.append(p);
    }
    if (out.errors.isEmpty())
        out.playbooks = playbooks;
    return out;
}

SymptomReading::SymptomReading()
    : value(std::numeric_limits<double>::quiet_NaN())
{}

QString symptomStateName(SymptomReading::State state)
{
    switch (state) {
    case SymptomReading::State::Unevaluated: return u"not evaluated yet"_s;
    case SymptomReading::State::Met: return u"met"_s;
    case SymptomReading::State::NotMet: return u"not met"_s;
    case SymptomReading::State::NoData: return u"no data"_s;
    case SymptomReading::State::Error: return u"error"_s;
    }
    return {};
}

SymptomReading evaluateSymptom(const PlaybookSymptom &symptom, const PromAnswer &answer, const QDateTime &now)
{
    SymptomReading r;
    r.at = now;
    if (!answer.ok()) {
        r.state = SymptomReading::State::Error;
        r.error = answer.error;
        return r;
    }
    std::optional<double> worst;
    double worstAt = 0;
    for (const PromSeries &s : answer.series) {
        if (s.points.isEmpty() || !std::isfinite(s.points.last().v))
            continue;
        const double v = s.points.last().v;
        if (!worst || AlertRule::beyond(symptom.op, v, *worst)) {
            worst = v;
            worstAt = s.points.last().t;
        }
    }
    if (!worst) {
        r.state = SymptomReading::State::NoData;
        return r;
    }
    r.value = *worst;
    r.valueAt = QDateTime::fromMSecsSinceEpoch(qint64(std::llround(worstAt * 1000.0)), Qt::UTC);
    r.state = AlertRule::beyond(symptom.op, *worst, symptom.threshold) ? SymptomReading::State::Met
                                                                       : SymptomReading::State::NotMet;
    return r;
}

QString RaiseState::text() const
{
    if (!raised)
        return u"not raised"_s;
    return u"raised by %1 at %2"_s.arg(by, at.toLocalTime().toString(u"HH:mm:ss"_s));
}

bool applyAlertState(RaiseState &state, const Playbook &playbook, const QString &rule, AlertState to,
                     const QDateTime &at)
{
    if (playbook.alert.isEmpty() || rule != playbook.alert)
        return false;
    if (to == AlertState::Firing && !state.raised) {
        state.raised = true;
        state.by = rule;
        state.at = at;
        return true;
    }
    if (to == AlertState::Normal && state.raised) {
        state = RaiseState();
        return true;
    }
    return false;
}

bool applyFirstSymptom(RaiseState &state, const Playbook &playbook, const SymptomReading &reading)
{
    if (!playbook.alert.isEmpty() || playbook.symptoms.isEmpty())
        return false;
    switch (reading.state) {
    case SymptomReading::State::Met:
        ++state.consecutive;
        if (!state.raised && state.consecutive >= playbook.raiseAfter) {
            state.raised = true;
            state.by = playbook.symptoms.first().label;
            state.at = reading.at;
            return true;
        }
        return false;
    case SymptomReading::State::NotMet:
        if (state.raised) {
            state = RaiseState();
            return true;
        }
        state.consecutive = 0;
        return false;
    case SymptomReading::State::NoData:
    case SymptomReading::State::Error:
    case SymptomReading::State::Unevaluated: state.consecutive = 0; return false;
    }
    return false;
}

QString playbookStatusName(PlaybookStatus status)
{
    switch (status) {
    case PlaybookStatus::Raised: return u"raised"_s;
    case PlaybookStatus::SymptomsMet: return u"symptoms met"_s;
    case PlaybookStatus::Quiet: return u"quiet"_s;
    case PlaybookStatus::NoData: return u"no data"_s;
    }
    return {};
}

PlaybookStatus playbookStatus(const RaiseState &raise, const QVector<SymptomReading> &readings)
{
    if (raise.raised)
        return PlaybookStatus::Raised;
    bool allNotMet = !readings.isEmpty();
    for (const SymptomReading &r : readings) {
        if (r.state == SymptomReading::State::Met)
            return PlaybookStatus::SymptomsMet;
        if (r.state != SymptomReading::State::NotMet)
            allNotMet = false;
    }
    return allNotMet ? PlaybookStatus::Quiet : PlaybookStatus::NoData;
}

} // namespace sagadeck
