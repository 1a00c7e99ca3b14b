#include "IncidentTimeline.h"

#include "SeriesDecimator.h"
#include "ServiceLevelQueries.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
const QString kTag = u"timeline:"_s;
constexpr int kMaxAlertMarkers = 1000;
constexpr int kMaxChanges = 2000;

TimelineSeries lane(const QString &id, const QString &title, const QString &unit, double scale, const QString &query)
{
    TimelineSeries s;
    s.id = id;
    s.title = title;
    s.unit = unit;
    s.scale = scale;
    s.query = query;
    return s;
}
} // namespace

IncidentTimeline::IncidentTimeline(QObject *parent)
    : QObject(parent)
    , m_end(QDateTime::currentDateTimeUtc())
    , m_timer(new QTimer(this))
{
    m_series = {lane(u"failure"_s, u"Saga failure rate"_s, u"%"_s, 100, failureQuery()),
                lane(u"p95"_s, u"p95 latency"_s, u"ms"_s, 1000, latencyQuery()),
                lane(u"lag"_s, u"Consumer lag"_s, u"messages"_s, 1, QString())};
    m_series[2].unavailable = u"no Kafka section in the profile"_s;
    connect(m_timer, &QTimer::timeout, this, &IncidentTimeline::refresh);
}

const QVector<int> &IncidentTimeline::spanChoicesS()
{
    static const QVector<int> spans{15 * 60, 30 * 60, 60 * 60, 3 * 60 * 60};
    return spans;
}

QString IncidentTimeline::failureQuery(const SiteNames &names)
{
    // The Metrics page's saga-failure chart (0, not "no samples", before any saga failed).
    return levelquery::sagaFailure(names);
}

QString IncidentTimeline::latencyQuery(const SiteNames &names)
{
    // One line for all services: the overview's p95 tile.
    return levelquery::latencyP95(names);
}

int IncidentTimeline::refreshMs() const
{
    return m_refreshMs;
}

void IncidentTimeline::start(double scrapeIntervalS, int refreshMs, const QString &lagQuery,
                             const QString &lagUnavailable, const SiteNames &names)
{
    m_series[0].query = failureQuery(names);
    m_series[1].query = latencyQuery(names);
    m_scrapeS = scrapeIntervalS;
    // About once per scrape: a new sample exists no sooner.
    m_refreshMs = std::max(refreshMs, int(scrapeIntervalS * 1000));
    TimelineSeries &lag = m_series[2];
    lag.query = lagQuery;
    lag.unavailable = lagQuery.isEmpty() ? lagUnavailable : QString();
    m_running = true;
    m_timer->start(m_refreshMs);
    refresh();
}

void IncidentTimeline::stop()
{
    m_running = false;
    m_timer->stop();
}

void IncidentTimeline::clear()
{
    stop();
    for (TimelineSeries &s : m_series) {
        TimelineSeries fresh = lane(s.id, s.title, s.unit, s.scale, s.query);
        fresh.unavailable = s.unavailable;
        s = fresh;
    }
    m_alerts.clear();
    m_changes.clear();
    m_actions.clear();
    m_detector.reset();
    m_actionsReadAt = QDateTime();
    m_actionsError.clear();
    m_deploymentsAt = QDateTime();
    emit seriesChanged();
    emit markersChanged();
}

const TimelineSeries *IncidentTimeline::seriesById(const QString &id) const
{
    for (const TimelineSeries &s : m_series)
        if (s.id == id)
            return &s;
    return nullptr;
}

TimelineMarkers IncidentTimeline::markers() const
{
    TimelineMarkers all = m_alerts;
    for (const ConsoleAction &a : m_actions)
        all.append(actionMarker(a));
    for (const DeploymentChange &c : m_changes)
        all.append(deploymentMarker(c, m_actions));
    return markersInWindow(all, windowStart(), windowEnd());
}

void IncidentTimeline::setSpanS(int spanS)
{
    const int s = std::clamp(spanS, 60, kMaxSpanS);
    if (s == m_spanS)
        return;
    m_spanS = s;
    follow();
    refresh();
}

void IncidentTimeline::setWidth(int px)
{
    const int before = m_widthPx;
    m_widthPx = std::max(10, px);
    // Much wider or narrower: the step no longer fits the pixels.
    if (m_running && (m_widthPx > before * 5 / 4 || m_widthPx < before * 3 / 4))
        refresh();
}

void IncidentTimeline::follow()
{
    m_end = QDateTime::currentDateTimeUtc();
    emit windowChanged();
}

void IncidentTimeline::refresh()
{
    follow();
    if (!m_running)
        return;
    const double endS = double(m_end.toMSecsSinceEpoch()) / 1000.0;
    for (TimelineSeries &s : m_series) {
        if (s.query.isEmpty())
            continue;
        const QueryWindow w = queryWindow(endS, m_spanS, m_widthPx, m_scrapeS);
        PromRequest r;
        r.id = m_nextId++;
        r.kind = PromRequest::Kind::Range;
        r.tag = kTag + s.id;
        r.query = s.query;
        r.start = w.start;
        r.end = w.end;
        r.step = w.step;
        s.pendingId = r.id;
        emit requested(r);
    }
}

void IncidentTimeline::applyAnswer(const PromAnswer &a)
{
    if (!a.request.tag.startsWith(kTag))
        return;
    const QString id = a.request.tag.mid(kTag.size());
    for (TimelineSeries &s : m_series) {
        if (s.id != id || s.pendingId != a.request.id)
            continue; // another lane's, or late: a newer request is on its way
        s.answered = true;
        if (!a.ok()) {
            s.error = a.error;
        } else {
            s.error.clear();
            s.window = QueryWindow{a.request.start, a.request.end, a.request.step};
            s.points.clear();
            s.rawPoints = 0;
            // A sum without `by` is one series; should a query return several, add them up
            // per sample time rather than draw one at random.
            QMap<double, double> sum;
            for (const PromSeries &ps : a.series) {
                s.rawPoints += ps.points.size();
                for (const PromPoint &p : ps.points)
                    sum[p.t] += p.v;
            }
            QVector<PromPoint> raw;
            raw.reserve(sum.size());
            for (auto it = sum.cbegin(); it != sum.cend(); ++it)
                raw.append({it.key(), it.value()});
            s.points = decimateMinMax(raw, a.request.start, a.request.end, m_widthPx);
            s.lastSuccess = QDateTime::currentDateTimeUtc();
        }
        emit seriesChanged();
    }
}

void IncidentTimeline::addAlertTransition(const AlertTransition &t)
{
    m_alerts.append(alertMarker(t));
    prune();
    follow();
    emit markersChanged();
}

void IncidentTimeline::setConsoleActions(const QVector<ConsoleAction> &actions, const QDateTime &readAt,
                                         const QString &error)
{
    m_actionsReadAt = readAt;
    m_actionsError = error;
    if (error.isEmpty())
        m_actions = actions; // a failed read keeps what was read before
    follow();
    emit markersChanged();
}

void IncidentTimeline::applyDeployments(const DeploymentList &deployments, const QDateTime &seenAt)
{
    m_deploymentsAt = seenAt;
    const QVector<DeploymentChange> changes = m_detector.apply(deployments, seenAt);
    if (changes.isEmpty())
        return;
    for (const DeploymentChange &c : changes) {
        const bool known = std::any_of(m_changes.cbegin(), m_changes.cend(), [&c](const DeploymentChange &o) {
            return o.kind == c.kind && o.name == c.name && o.ns == c.ns && o.at == c.at;
        });
        if (!known)
            m_changes.append(c);
    }
    prune();
    follow();
    emit markersChanged();
}

void IncidentTimeline::prune()
{
    // Nothing older than the widest window is ever shown.
    const QDateTime oldest = QDateTime::currentDateTimeUtc().addSecs(-kMaxSpanS - 60);
    m_changes.erase(std::remove_if(m_changes.begin(), m_changes.end(),
                                   [&oldest](const DeploymentChange &c) { return c.at < oldest; }),
                    m_changes.end());
    m_alerts.erase(
        std::remove_if(m_alerts.begin(), m_alerts.end(), [&oldest](const TimelineMarker &m) { return m.at < oldest; }),
        m_alerts.end());
    while (m_changes.size() > kMaxChanges)
        m_changes.removeFirst();
    while (m_alerts.size() > kMaxAlertMarkers)
        m_alerts.removeFirst();
}

} // namespace sagadeck
