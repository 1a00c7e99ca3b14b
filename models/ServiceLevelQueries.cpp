#include "ServiceLevelQueries.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace levelquery {

namespace {
// `num / den`, where num is 0 wherever den has a series and num has none.
QString zeroSafeRatio(const QString &num, const QString &den)
{
    return u"(%1 or %2 * 0) / %2"_s.arg(num, den);
}
} // namespace

QString sagaSuccess(const SiteNames &names)
{
    return names.expand(zeroSafeRatio(u"sum(rate(${saga_completed}[5m]))"_s, u"sum(rate(${saga_created}[5m]))"_s));
}

QString sagaFailure(const SiteNames &names)
{
    return names.expand(zeroSafeRatio(u"sum(rate(${saga_failed}[5m]))"_s, u"sum(rate(${saga_created}[5m]))"_s));
}

QString sagaFailureByType(const SiteNames &names)
{
    return names.expand(zeroSafeRatio(u"sum by (${saga_type}) (rate(${saga_failed}[5m]))"_s,
                                      u"sum by (${saga_type}) (rate(${saga_created}[5m]))"_s));
}

QString errorRatio(const SiteNames &names)
{
    return names.expand(
        zeroSafeRatio(u"sum(rate(${http_requests}{${status}=~\"5..\"}[5m]))"_s, u"sum(rate(${http_requests}[5m]))"_s));
}

QString errorRatioByService(const SiteNames &names)
{
    return names.expand(zeroSafeRatio(u"sum by (${service}) (rate(${http_requests}{${status}=~\"5..\"}[5m]))"_s,
                                      u"sum by (${service}) (rate(${http_requests}[5m]))"_s));
}

QString availability(const SiteNames &names)
{
    return names.expand(
        zeroSafeRatio(u"sum(rate(${http_requests}{${status}!~\"5..\"}[5m]))"_s, u"sum(rate(${http_requests}[5m]))"_s));
}

QString latencyP95(const SiteNames &names)
{
    return names.expand(u"histogram_quantile(0.95, sum by (le) (rate(${http_duration}_bucket[5m])))"_s);
}

QString latencyP95ByService(const SiteNames &names)
{
    return names.expand(u"histogram_quantile(0.95, sum by (le, ${service}) (rate(${http_duration}_bucket[5m])))"_s);
}

QString dbConnectionsByService(const SiteNames &names)
{
    return names.expand(u"sum by (${service}) (${db_connections}{${db_state}=\"open\"}) / sum by (${service}) "
                        u"(${db_connections}{${db_state}=\"max\"})"_s);
}

QString requestRateByService(const SiteNames &names)
{
    return names.expand(u"sum by (${service}) (rate(${http_requests}[5m]))"_s);
}

QString memoryByService(const SiteNames &names)
{
    return names.expand(u"sum by (${memory_service}) (${memory})"_s);
}

QString lagOfTopic(const SiteNames &names, const QString &topic)
{
    const QString selector = topic.isEmpty() ? QString() : u"{${topic}=\"%1\"}"_s.arg(topic);
    return names.expand(u"sum(${kafka_lag}"_s + selector + u")"_s);
}

QString lagByGroupOfTopic(const SiteNames &names, const QString &topic)
{
    const QString selector = topic.isEmpty() ? QString() : u"{${topic}=\"%1\"}"_s.arg(topic);
    return names.expand(u"sum by (${consumer_group}) (${kafka_lag}"_s + selector + u")"_s);
}

QString sloBadRatio(const QString &slo, const QString &window, const SiteNames &names)
{
    const QString w = u"["_s + window + u"]"_s;
    if (slo == u"availability"_s)
        return names.expand(zeroSafeRatio(u"sum(rate(${http_requests}{${status}=~\"5..\"}%1))"_s.arg(w),
                                          u"sum(rate(${http_requests}%1))"_s.arg(w)));
    // Failed sagas, not "not completed": a saga in flight has spent no budget (in a 5-minute
    // window of a young system it would read as a fast burn).
    return names.expand(
        zeroSafeRatio(u"sum(rate(${saga_failed}%1))"_s.arg(w), u"sum(rate(${saga_created}%1))"_s.arg(w)));
}

} // namespace levelquery

QVector<ServiceLevelQuery> serviceLevelQueries(const SiteNames &names, const SloSettings &objectives)
{
    QVector<ServiceLevelQuery> out{
        {u"success"_s, levelquery::sagaSuccess(names),
         names.expand(u"${saga_completed} / ${saga_created}, rates over 5 min"_s)},
        {u"latency"_s, levelquery::latencyP95(names), names.expand(u"p95 of ${http_duration}, all services, 5 min"_s)},
        {u"availability"_s, levelquery::availability(names),
         names.expand(u"share of ${http_requests} not answered 5xx, all services, 5 min"_s)},
        {u"errors"_s, levelquery::errorRatio(names),
         names.expand(u"share of ${http_requests} answered 5xx, all services, 5 min"_s)},
    };
    // The error budgets' bad shares: over the SLO window and the burn-rate windows.
    for (const QString &slo : {u"success"_s, u"availability"_s}) {
        for (const QString &w : burn::windows()) {
            const QString window = w == u"slo"_s ? QString::number(objectives.windowDays) + u'd' : w;
            const QString what = slo == u"success"_s ? u"share of ${saga_created} that failed, %1"_s
                                                     : u"share of ${http_requests} answered 5xx, %1"_s;
            out.append(
                {sloLevelId(slo, w), levelquery::sloBadRatio(slo, window, names), names.expand(what.arg(window))});
        }
    }
    return out;
}

QByteArray sloRulesWithBudgets(QByteArray json, const SloSettings &objectives)
{
    for (const QString &slo : {u"success"_s, u"availability"_s})
        json.replace((u"${budget_"_s + slo + u'}').toUtf8(),
                     QByteArray::number(1.0 - objectives.objective(slo), 'g', 12));
    return json;
}

QString sloLevelId(const QString &slo, const QString &window)
{
    return u"budget:%1:%2"_s.arg(slo, window);
}

QString serviceLevelQuery(const QString &id, const SiteNames &names)
{
    for (const ServiceLevelQuery &l : serviceLevelQueries(names, {}))
        if (l.id == id)
            return l.query;
    return {};
}

QStringList metricNamesIn(const QString &query)
{
    // Drop what is not a selector's name: strings, label matchers, range and subquery
    // brackets, and the label lists of by/without/on/ignoring/group_left/group_right.
    QString q = query;
    static const QRegularExpression strings(u"\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"_s);
    static const QRegularExpression braces(u"\\{[^}]*\\}"_s);
    static const QRegularExpression brackets(u"\\[[^\\]]*\\]"_s);
    static const QRegularExpression lists(u"\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"_s);
    q.replace(strings, u" "_s).replace(braces, u" "_s).replace(brackets, u" "_s).replace(lists, u" "_s);
    static const QRegularExpression ident(u"(?<![\\w:.])([a-zA-Z_:][\\w:]*)(?![\\w:])(\\s*\\()?"_s);
    static const QStringList keywords{u"and"_s,  u"or"_s,       u"unless"_s,     u"by"_s,          u"without"_s,
                                      u"on"_s,   u"ignoring"_s, u"group_left"_s, u"group_right"_s, u"offset"_s,
                                      u"bool"_s, u"inf"_s,      u"nan"_s,        u"Inf"_s,         u"NaN"_s};
    QStringList names;
    for (auto it = ident.globalMatch(q); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!m.captured(2).isEmpty() || keywords.contains(m.captured(1)))
            continue; // a function or aggregation, or a keyword
        if (!names.contains(m.captured(1)))
            names << m.captured(1);
    }
    names.sort();
    return names;
}

QString presenceQuery(const QStringList &names)
{
    QStringList escaped;
    for (const QString &n : names)
        escaped << QRegularExpression::escape(n).replace(u"\\"_s, u"\\\\"_s);
    return u"group by (__name__) ({__name__=~\"%1\"})"_s.arg(escaped.join(u'|'));
}

} // namespace sagadeck
