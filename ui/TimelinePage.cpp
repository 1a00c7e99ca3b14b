#include "TimelinePage.h"

#include "AuditActionJoin.h"
#include "AuditLogFollower.h"
#include "TeamTrail.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "PageWidgets.h"
#include "TimelineChart.h"
#include "TimelineMarkerModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QString spanLabel(int s)
{
    return s < 3600 ? u"Last %1 minutes"_s.arg(s / 60)
        : s == 3600 ? u"Last 1 hour"_s
                    : u"Last %1 hours"_s.arg(s / 3600);
}
} // namespace

TimelinePage::TimelinePage(IncidentTimeline *timeline, FeedHealthModel *health, const QString &auditLogPath,
                           QWidget *parent)
    : QWidget(parent)
    , m_timeline(timeline)
    , m_health(health)
    , m_audit(new AuditLogFollower(auditLogPath, this))
    , m_chart(new TimelineChart(this))
    , m_markers(new TimelineMarkerModel(this))
    , m_span(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_banner(makeProblemBanner(u"timelineBanner"_s, this))
    , m_legend(new QLabel(this))
    , m_coalesce(new QTimer(this))
    , m_tick(new QTimer(this))
{
    setObjectName(u"timelinePage"_s);
    m_span->setObjectName(u"timelineSpan"_s);
    for (int s : IncidentTimeline::spanChoicesS())
        m_span->addItem(spanLabel(s), s);
    m_span->setCurrentIndex(m_span->findData(m_timeline->spanS()));
    connect(m_span, &QComboBox::activated, this, [this](int i) { m_timeline->setSpanS(m_span->itemData(i).toInt()); });

    m_status->setObjectName(u"timelineStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_legend->setObjectName(u"timelineLegend"_s);
    m_legend->setTextFormat(Qt::PlainText);
    m_legend->setText(
        u"Markers: ▲A alert transition (solid line) · ●C console action from the audit log (dashed) · "
        u"◆D deployment restart/scale seen on Kubernetes, by anyone (dotted) — hover for who/what/when"_s);

    m_view = makeReadOnlyTable(m_markers, u"timelineMarkers"_s, this);
    m_view->setColumnWidth(TimelineMarkerModel::Time, 90);
    m_view->setColumnWidth(TimelineMarkerModel::Kind, 120);
    m_view->setColumnWidth(TimelineMarkerModel::Who, 300);
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_view, &QTableView::clicked, this, &TimelinePage::onRowClicked);
    connect(m_chart, &TimelineChart::markerClicked, this, &TimelinePage::onMarkerClicked);
    connect(m_chart, &TimelineChart::plotWidthChanged, m_timeline, &IncidentTimeline::setWidth);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(u"Window:"_s, this));
    top->addWidget(m_span);
    top->addWidget(m_status, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({520, 220}); // room for a handful of markers under the chart
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_legend);
    layout->addWidget(splitter, 1);

    // Bursts (three answers, a poll, an audit read) are drawn once.
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(100);
    connect(m_coalesce, &QTimer::timeout, this, &TimelinePage::sync);
    connect(m_timeline, &IncidentTimeline::seriesChanged, this, &TimelinePage::scheduleSync);
    connect(m_timeline, &IncidentTimeline::markersChanged, this, &TimelinePage::scheduleSync);
    connect(m_timeline, &IncidentTimeline::windowChanged, this, &TimelinePage::scheduleSync);
    connect(m_audit, &AuditLogFollower::loaded, this, &TimelinePage::onAuditLoaded);
    m_tick->setInterval(1000); // data ages move without any news
    connect(m_tick, &QTimer::timeout, this, &TimelinePage::refreshStatus);
    m_tick->start();
    m_audit->reload();
    sync();
}

void TimelinePage::scheduleSync()
{
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

QHash<QString, QString> TimelinePage::laneNotes() const
{
    const FeedHealth prom = m_health->health(FeedKind::Prometheus);
    QHash<QString, QString> notes;
    for (const TimelineSeries &s : m_timeline->series()) {
        QString note;
        if (!s.unavailable.isEmpty())
            note = u"no lane data: "_s + s.unavailable;
        else if (prom.state != FeedState::Live && s.points.isEmpty())
            note = u"no data: Prometheus is "_s + stateName(prom.state)
                + (prom.reason.isEmpty() ? QString() : u" — "_s + prom.reason);
        else if (!s.error.isEmpty() && s.points.isEmpty())
            note = u"no data: "_s + s.error;
        else if (!s.answered)
            note = u"waiting for Prometheus' first answer"_s;
        else if (s.points.isEmpty())
            note = u"Prometheus has no samples of this series in the window"_s;
        if (!note.isEmpty())
            notes.insert(s.id, note);
    }
    return notes;
}

void TimelinePage::sync()
{
    const TimelineMarkers markers = m_timeline->markers();
    m_chart->setData(m_timeline->series(), m_timeline->windowStart(), m_timeline->windowEnd(), markers, laneNotes());
    m_markers->setMarkers(markers);
    const int row = m_markers->rowOf(m_chart->highlighted());
    if (row >= 0)
        m_view->selectRow(row);
    refreshStatus();
}

void TimelinePage::refreshStatus()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime newest;
    for (const TimelineSeries &s : m_timeline->series())
        if (s.lastSuccess.isValid() && (!newest.isValid() || s.lastSuccess > newest))
            newest = s.lastSuccess;
    auto age = [&now](const QDateTime &t) {
        return t.isValid() ? describeAge(t.msecsTo(now)) + u" ago"_s : u"never"_s;
    };
    m_status->setText(
        u"%1 ending %2 · series from Prometheus %3 · deployments seen %4 · audit log read %5 · %6 markers"_s
            .arg(spanLabel(m_timeline->spanS()), m_timeline->windowEnd().toLocalTime().toString(u"HH:mm:ss"_s),
                 age(newest), age(m_timeline->deploymentsSeenAt()), age(m_timeline->actionsReadAt()))
            .arg(m_markers->rowCount()));

    // A feed that is not Live is said, never shown as a quiet, empty timeline.
    QStringList problems;
    const FeedHealth prom = m_health->health(FeedKind::Prometheus);
    if (prom.state != FeedState::Live)
        problems << healthSummary(prom, now) + (prom.reason.isEmpty() ? QString() : u": "_s + prom.reason)
                + u" — the failure, latency and lag lanes are not current"_s;
    for (const TimelineSeries &s : m_timeline->series())
        if (!s.error.isEmpty() && prom.state == FeedState::Live)
            problems << s.title + u": "_s + s.error;
    const FeedHealth kube = m_health->health(FeedKind::Kubernetes);
    if (kube.state != FeedState::Live)
        problems << healthSummary(kube, now) + (kube.reason.isEmpty() ? QString() : u": "_s + kube.reason)
                + u" — restarts and scalings made now are not seen"_s;
    if (!m_timeline->actionsError().isEmpty())
        problems << u"audit log: "_s + m_timeline->actionsError() + u" — console actions shown as last read"_s;
    m_banner->setText(problems.join(u'\n'));
    m_banner->setVisible(!problems.isEmpty());
}

void TimelinePage::setTeamTrail(TeamTrail *trail)
{
    m_trail = trail;
    connect(m_trail, &TeamTrail::changed, this, &TimelinePage::pushActions);
    pushActions();
}

void TimelinePage::onAuditLoaded(const AuditReadResult &result)
{
    if (result.ok())
        m_localRecords = result.records;
    m_localError = result.error;
    pushActions();
}

void TimelinePage::pushActions()
{
    const QVector<AuditRecord> records = m_trail ? m_trail->mergedWith(m_localRecords) : m_localRecords;
    m_timeline->setConsoleActions(joinAuditRecords(records), QDateTime::currentDateTimeUtc(), m_localError);
}

void TimelinePage::onRowClicked(const QModelIndex &index)
{
    const QString key = index.data(TimelineMarkerModel::KeyRole).toString();
    m_chart->setHighlighted(key);
}

void TimelinePage::onMarkerClicked(const QString &key)
{
    const int row = m_markers->rowOf(key);
    if (row >= 0)
        m_view->selectRow(row);
}

QString TimelinePage::statusText() const
{
    return m_status->text();
}

QString TimelinePage::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

QString TimelinePage::legendText() const
{
    return m_legend->text();
}

} // namespace sagadeck
