#include "MetricsDashboard.h"

#include "SeriesDecimator.h"
#include "ServiceLevelQueries.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kMaxTransitions = 500;
const QString kChartTag = u"chart:"_s;
const QString kRuleTag = u"rule:"_s;
const QString kAlertsTag = u"alerts"_s;
const QString kLevelTag = u"level:"_s;
const QString kPresenceTag = u"presence:"_s; // + "rule:NAME" or "level:ID"

double nowS()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}
} // namespace

MetricsDashboard::MetricsDashboard(QObject *parent)
    : QObject(parent)
    , m_alerts(new AlertTableModel(this))
    , m_chartTimer(new QTimer(this))
    , m_alertTimer(new QTimer(this))
    , m_widthTimer(new QTimer(this))
{
    for (const ChartSpec &spec : chartCatalog()) {
        ChartData c;
        c.spec = spec;
        m_charts.append(c);
    }
    for (const ServiceLevelQuery &q : serviceLevelQueries()) {
        LevelReading l;
        l.id = q.id;
        l.query = q.query;
        l.signal = q.signal;
        m_levels.append(l);
    }
    connect(m_chartTimer, &QTimer::timeout, this, &MetricsDashboard::refreshCharts);
    connect(m_alertTimer, &QTimer::timeout, this, &MetricsDashboard::evaluateAlerts);
    m_widthTimer->setSingleShot(true);
    m_widthTimer->setInterval(300);
    connect(m_widthTimer, &QTimer::timeout, this, &MetricsDashboard::refreshCharts);
}

void MetricsDashboard::start(double scrapeIntervalS, int alertIntervalMs, const QVector<AlertRule> &rules,
                             const QString &rulesError, const SiteNames &names, const SloSettings &objectives)
{
    // The same charts and tiles in the session's site names (the catalog's order never changes).
    const QVector<ChartSpec> specs = chartCatalog(names);
    for (qsizetype i = 0; i < m_charts.size() && i < specs.size(); ++i)
        m_charts[i].spec.query = specs.at(i).query;
    m_objectives = objectives;
    const QVector<ServiceLevelQuery> levels = serviceLevelQueries(names, objectives);
    for (qsizetype i = 0; i < m_levels.size() && i < levels.size(); ++i) {
        m_levels[i].query = levels.at(i).query;
        m_levels[i].signal = levels.at(i).signal;
    }
    m_scrapeS = scrapeIntervalS;
    m_rulesError = rulesError;
    m_alerts->setRules(rules);
    m_pendingRule.clear();
    m_pendingPresence.clear();
    m_running = true;
    m_alertTimer->start(alertIntervalMs);
    setAutoRefreshMs(m_autoRefreshMs); // the page's choice, kept across profile switches
    refreshCharts();
    evaluateAlerts();
}

void MetricsDashboard::stop()
{
    m_running = false;
    m_chartTimer->stop();
    m_alertTimer->stop();
    m_widthTimer->stop();
}

void MetricsDashboard::clear()
{
    stop();
    for (ChartData &c : m_charts) {
        const ChartSpec spec = c.spec;
        const int width = c.widthPx;
        c = ChartData();
        c.spec = spec;
        c.widthPx = width;
        emit chartChanged(spec.id);
    }
    m_alerts->setRules({});
    for (LevelReading &l : m_levels) {
        LevelReading fresh;
        fresh.id = l.id;
        fresh.query = l.query;
        fresh.signal = l.signal;
        l = fresh;
    }
    emit levelsChanged();
    m_transitions.clear();
    m_rulesError.clear();
    m_lastAlertEval = QDateTime();
}

QStringList MetricsDashboard::chartIds() const
{
    QStringList ids;
    for (const ChartData &c : m_charts)
        ids << c.spec.id;
    return ids;
}

const LevelReading *MetricsDashboard::level(const QString &id) const
{
    for (const LevelReading &l : m_levels)
        if (l.id == id)
            return &l;
    return nullptr;
}

void MetricsDashboard::setLevel(const QString &id, std::optional<double> value, const QDateTime &at,
                                const QString &error, const QStringList &absent)
{
    for (LevelReading &l : m_levels) {
        if (l.id != id)
            continue;
        l.at = at;
        l.error = error;
        if (error.isEmpty()) // a failure keeps the last value (shown as old)
            l.value = value && std::isfinite(*value) ? value : std::nullopt;
        l.absent = absent;
        l.presenceChecked = !absent.isEmpty();
    }
    emit levelsChanged();
}

const ChartData *MetricsDashboard::chart(const QString &id) const
{
    for (const ChartData &c : m_charts)
        if (c.spec.id == id)
            return &c;
    return nullptr;
}

void MetricsDashboard::setRange(double rangeS)
{
    m_rangeS = std::max(60.0, rangeS);
    m_zoomEnd = 0;
    emit viewChanged();
    refreshCharts();
}

void MetricsDashboard::setAutoRefreshMs(int ms)
{
    m_autoRefreshMs = std::max(0, ms);
    if (m_autoRefreshMs > 0 && m_running && !zoomed())
        m_chartTimer->start(m_autoRefreshMs);
    else
        m_chartTimer->stop();
    emit viewChanged();
}

void MetricsDashboard::zoomTo(double startS, double endS)
{
    if (!(endS - startS >= 1))
        return;
    m_zoomStart = startS;
    m_zoomEnd = endS;
    m_chartTimer->stop(); // a zoomed view is a fixed window: nothing to refresh
    emit viewChanged();
    refreshCharts();
}

void MetricsDashboard::resetZoom()
{
    m_zoomEnd = 0;
    setAutoRefreshMs(m_autoRefreshMs);
    refreshCharts();
}

void MetricsDashboard::setChartWidth(const QString &id, int px)
{
    for (ChartData &c : m_charts) {
        if (c.spec.id != id)
            continue;
        const int before = c.widthPx;
        c.widthPx = std::max(10, px);
        // Much wider or narrower: the step and the decimation no longer fit the pixels.
        if (m_running && (c.widthPx > before * 5 / 4 || c.widthPx < before * 3 / 4))
            m_widthTimer->start();
    }
}

void MetricsDashboard::refreshCharts()
{
    if (!m_running)
        return;
    for (ChartData &c : m_charts)
        requestChart(c);
}

void MetricsDashboard::requestChart(ChartData &c)
{
    PromRequest r;
    r.id = m_nextId++;
    r.kind = PromRequest::Kind::Range;
    r.tag = kChartTag + c.spec.id;
    r.query = c.spec.query;
    const QueryWindow w = zoomed() ? queryWindow(m_zoomEnd, m_zoomEnd - m_zoomStart, c.widthPx, m_scrapeS)
                                   : queryWindow(nowS(), m_rangeS, c.widthPx, m_scrapeS);
    r.start = w.start;
    r.end = w.end;
    r.step = w.step;
    c.pendingId = r.id;
    emit requested(r);
}

void MetricsDashboard::evaluateAlerts()
{
    if (!m_running)
        return;
    for (const AlertTracker &t : m_alerts->trackers()) {
        PromRequest r;
        r.id = m_nextId++;
        r.kind = PromRequest::Kind::Instant;
        r.tag = kRuleTag + t.rule().name;
        r.query = t.rule().query;
        m_pendingRule.insert(t.rule().name, r.id);
        emit requested(r);
    }
    for (LevelReading &l : m_levels) {
        PromRequest r;
        r.id = m_nextId++;
        r.kind = PromRequest::Kind::Instant;
        r.tag = kLevelTag + l.id;
        r.query = l.query;
        l.pendingId = r.id;
        emit requested(r);
    }
    PromRequest alerts;
    alerts.id = m_nextId++;
    alerts.kind = PromRequest::Kind::Alerts;
    alerts.tag = kAlertsTag;
    m_pendingAlerts = alerts.id;
    emit requested(alerts);
}

void MetricsDashboard::applyAnswer(const PromAnswer &a)
{
    const QString &tag = a.request.tag;
    if (tag.startsWith(kChartTag)) {
        const QString id = tag.mid(kChartTag.size());
        for (ChartData &c : m_charts) {
            if (c.spec.id == id && c.pendingId == a.request.id) {
                applyChart(c, a);
                emit chartChanged(id);
            }
        }
    } else if (tag.startsWith(kRuleTag)) {
        const QString rule = tag.mid(kRuleTag.size());
        if (m_pendingRule.value(rule) == a.request.id)
            applyRule(rule, a);
    } else if (tag.startsWith(kLevelTag)) {
        const QString id = tag.mid(kLevelTag.size());
        for (LevelReading &l : m_levels)
            if (l.id == id && l.pendingId == a.request.id)
                applyLevel(l, a);
    } else if (tag.startsWith(kPresenceTag)) {
        if (m_pendingPresence.value(tag) == a.request.id)
            applyPresence(tag.mid(kPresenceTag.size()), a);
    } else if (tag == kAlertsTag && a.request.id == m_pendingAlerts) {
        // Prometheus' own rules: shown when it has any; a failure leaves the last list.
        if (a.ok())
            m_alerts->setPrometheusAlerts(a.alerts);
    }
}

void MetricsDashboard::applyChart(ChartData &c, const PromAnswer &a)
{
    c.answered = true;
    c.warnings = a.warnings;
    if (!a.ok()) {
        c.error = a.error;
        return; // the old series stay, and the page says how old they are
    }
    c.error.clear();
    c.window = QueryWindow{a.request.start, a.request.end, a.request.step};
    c.series.clear();
    c.rawPoints = 0;
    for (const PromSeries &s : a.series) {
        PromSeries d;
        d.labels = s.labels;
        d.points = decimateMinMax(s.points, a.request.start, a.request.end, c.widthPx);
        c.rawPoints += s.points.size();
        c.series.append(d);
    }
    c.lastSuccess = QDateTime::currentDateTimeUtc();
}

void MetricsDashboard::applyRule(const QString &rule, const PromAnswer &a)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_lastAlertEval = now;
    if (!a.ok()) {
        record(m_alerts->fail(rule, a.error, now));
        return;
    }
    const AlertTracker *t = m_alerts->tracker(rule);
    if (!t)
        return;
    // Each series is an instance with its own state, as Prometheus evaluates an alert.
    record(m_alerts->evaluate(rule, a.series, now));
    if (t->state() == AlertState::NoData)
        askPresence(u"rule:"_s + rule, t->rule().query);
}

void MetricsDashboard::applyLevel(LevelReading &l, const PromAnswer &a)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!a.ok()) {
        setLevel(l.id, std::nullopt, now, a.error);
        return;
    }
    // A fleet-wide sum is one series; no series means the query's metric is absent.
    std::optional<double> value;
    for (const PromSeries &s : a.series)
        if (!s.points.isEmpty())
            value = s.points.last().v;
    // A 0 may be a ratio's fallback for a numerator with no series: none counted yet, or a name
    // the site does not use. Prometheus cannot tell them apart; the reading names the metric.
    const bool zero = value && *value == 0;
    const bool checked = l.presenceChecked;
    setLevel(l.id, value, now, QString(), !value || zero ? l.absent : QStringList());
    l.presenceChecked = (!value || zero) && checked;
    if (!value || zero)
        askPresence(u"level:"_s + l.id, l.query);
}

quint64 MetricsDashboard::askPresence(const QString &tag, const QString &query)
{
    const QStringList names = metricNamesIn(query);
    if (names.isEmpty())
        return 0;
    PromRequest r;
    r.id = m_nextId++;
    r.kind = PromRequest::Kind::Instant;
    r.tag = kPresenceTag + tag;
    r.query = presenceQuery(names);
    m_pendingPresence.insert(r.tag, r.id);
    emit requested(r);
    return r.id;
}

void MetricsDashboard::applyPresence(const QString &tag, const PromAnswer &a)
{
    if (!a.ok())
        return; // the rule or level keeps saying "no series"; the next evaluation asks again
    QStringList present;
    for (const PromSeries &s : a.series)
        present << s.labels.value(u"__name__"_s);
    auto absentOf = [&present](const QString &query) {
        QStringList absent;
        for (const QString &n : metricNamesIn(query))
            if (!present.contains(n))
                absent << n;
        return absent;
    };
    if (tag.startsWith(u"rule:"_s)) {
        const QString rule = tag.mid(5);
        if (const AlertTracker *t = m_alerts->tracker(rule); t && t->state() == AlertState::NoData)
            m_alerts->setAbsentMetrics(rule, absentOf(t->rule().query));
    } else if (tag.startsWith(u"level:"_s)) {
        for (LevelReading &l : m_levels)
            if (l.id == tag.mid(6) && l.error.isEmpty() && (!l.value || *l.value == 0) && l.at.isValid()) {
                l.absent = absentOf(l.query);
                l.presenceChecked = true;
                emit levelsChanged();
            }
    }
}

void MetricsDashboard::record(const QVector<AlertTransition> &transitions)
{
    for (const AlertTransition &t : transitions) {
        m_transitions.prepend(t);
        if (m_transitions.size() > kMaxTransitions)
            m_transitions.removeLast();
        emit transitionOccurred(t);
    }
}

} // namespace sagadeck
