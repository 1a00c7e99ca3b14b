#include "OverviewPage.h"

#include "AlertTableModel.h"
#include "DeploymentTableModel.h"
#include "EscalationPanel.h"
#include "FeedHealthIndicator.h"
#include "FeedHealthModel.h"
#include "Glyph.h"
#include "KafkaLagStore.h"
#include "MetricsDashboard.h"
#include "PlainText.h"
#include "SagaSummaryStore.h"
#include "ServiceLevels.h"
#include "ServiceLevelQueries.h"
#include "StatusTile.h"
#include "Theme.h"

#include <QGridLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

const QString kMet = u"met"_s;
const QString kMissed = u"missed"_s;
const QString kNoData = u"no data"_s;
const QString kAtRisk = u"at risk"_s; // e.g. an alert pending, not yet firing

const LevelReading *reading(const MetricsDashboard *metrics, const QString &id)
{
    return metrics ? metrics->level(id) : nullptr;
}

std::optional<double> levelValue(const MetricsDashboard *metrics, const QString &id)
{
    const LevelReading *r = reading(metrics, id);
    if (!r || !r->at.isValid() || !r->value || !std::isfinite(*r->value))
        return std::nullopt;
    return r->value;
}

// A 0 read from a ratio whose numerator has no series: none counted yet, or the site calls
// the metric otherwise. Prometheus cannot tell which; the tile names it so a person can.
QString zeroNote(const LevelReading *r)
{
    if (!r || !r->value || *r->value != 0 || r->absent.isEmpty())
        return {};
    return u" · 0 because %1 has no series: none yet, or another name at this site"_s.arg(r->absent.join(u", "_s));
}

// Why a tile cannot give a verdict now: its feed is not Live. Empty when it is.
QString feedProblem(const FeedHealthModel *health, FeedKind kind)
{
    const FeedHealth h = health->health(kind);
    if (h.state == FeedState::Live)
        return {};
    return healthSummary(h, QDateTime::currentDateTimeUtc());
}

} // namespace

OverviewPage::OverviewPage(const Sources &sources, QWidget *parent)
    : QWidget(parent)
    , m_src(sources)
    , m_updated(new QLabel(this))
    , m_tick(new QTimer(this))
    , m_escalation(new EscalationPanel(EscalationPanel::Dashboards::Links, this))
{
    setObjectName(u"overviewPage"_s);
    auto *title = new QLabel(u"Overview"_s, this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    m_updated->setTextFormat(Qt::PlainText);

    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    const struct
    {
        const char16_t *id;
        const char16_t *caption;
        const char16_t *page;
    } tiles[] = {
        {u"success", u"Saga success rate", u"metrics"},
        {u"latency", u"API p95 latency", u"metrics"},
        {u"availability", u"Availability", u"metrics"},
        {u"errors", u"Error rate", u"metrics"},
        {u"budget-success", u"Saga success budget", u"metrics"},
        {u"budget-availability", u"Availability budget", u"metrics"},
        {u"alerts", u"Firing alerts", u"metrics"},
        {u"sagas", u"Failed and stuck sagas", u"sagas"},
        {u"kafka", u"Worst consumer group", u"kafka"},
        {u"deployments", u"Deployments ready", u"services"},
        {u"feeds", u"Feeds", u""},
    };
    int i = 0;
    for (const auto &t : tiles) {
        StatusTile *tile = addTile(QString::fromUtf16(t.id), QString::fromUtf16(t.caption), QString::fromUtf16(t.page));
        tile->setMinimumHeight(96);
        grid->addWidget(tile, i / 4, i % 4);
        ++i;
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(title);
    layout->addWidget(m_updated);
    layout->addLayout(grid);
    layout->addWidget(m_escalation);
    layout->addStretch(1);

    // Everything it shows is already in memory: recompute once a second (ages move too), and
    // soon after any source changes (coalesced: a burst of changes is one refresh).
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &OverviewPage::refresh);
    m_tick->start();
    auto *soon = new QTimer(this);
    soon->setSingleShot(true);
    soon->setInterval(50);
    connect(soon, &QTimer::timeout, this, &OverviewPage::refresh);
    auto later = [soon] { soon->start(); };
    connect(m_src.health, &QAbstractItemModel::dataChanged, soon, later);
    if (m_src.sagas)
        connect(m_src.sagas, &SagaSummaryStore::changed, soon, later);
    if (m_src.kafka)
        connect(m_src.kafka, &KafkaLagStore::updated, soon, later);
    if (m_src.deployments)
        connect(m_src.deployments, &DeploymentTableModel::updated, soon, later);
    if (m_src.metrics) {
        connect(m_src.metrics->alerts(), &QAbstractItemModel::dataChanged, soon, later);
        connect(m_src.metrics->alerts(), &QAbstractItemModel::modelReset, soon, later);
        connect(m_src.metrics->alerts(), &AlertTableModel::silencesChanged, soon, later);
        connect(m_src.metrics, &MetricsDashboard::levelsChanged, soon, later);
    }
    refresh();
}

StatusTile *OverviewPage::addTile(const QString &id, const QString &caption, const QString &page)
{
    auto *tile = new StatusTile(caption, glyphIcon(Glyph::Question, currentTheme().neutral, 18), currentTheme().neutral,
                                this);
    tile->setObjectName(u"overview_"_s + id);
    if (!page.isEmpty())
        connect(tile, &StatusTile::clicked, this, [this, page] { emit pageRequested(page); });
    else
        tile->setCursor(Qt::ArrowCursor);
    m_tiles.insert(id, tile);
    m_order << id;
    return tile;
}

void OverviewPage::show(const QString &id, const QString &verdict, const QString &value, const QString &detail)
{
    StatusTile *tile = m_tiles.value(id);
    // Restyling a tile is costly (a style sheet): only when its verdict changes.
    const bool restyle = !m_verdicts.contains(id) || m_verdicts.value(id) != verdict;
    m_verdicts.insert(id, verdict);
    // Shape and word carry the verdict; colour only repeats it.
    if (restyle) {
        const ThemeColors &t = currentTheme();
        if (verdict == kMet)
            tile->setAccent(glyphIcon(Glyph::Check, t.good, 18), t.good);
        else if (verdict == kMissed)
            tile->setAccent(glyphIcon(Glyph::Cross, t.bad, 18), t.bad);
        else if (verdict == kAtRisk)
            tile->setAccent(glyphIcon(Glyph::Triangle, t.warn, 18), t.warn);
        else
            tile->setAccent(glyphIcon(Glyph::Question, t.neutral, 18), t.neutral);
    }
    tile->setValue(value);
    tile->setDetail(detail);
    tile->setToolTip(plainTooltip(detail)); // the detail quotes feed errors and group names
}

void OverviewPage::refresh()
{
    refreshServiceLevels();
    refreshBudgets();
    refreshAlerts();
    refreshSagas();
    refreshKafka();
    refreshDeployments();
    refreshFeeds();
    m_updated->setText(u"Service-level targets from their own queries (the Metrics page's); every tile opens its page. "
                       u"Updated %1."_s.arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
}

void OverviewPage::refreshServiceLevels()
{
    const QString down = feedProblem(m_src.health, FeedKind::Prometheus);
    const MetricsDashboard *m = m_src.metrics;
    const QVector<ServiceLevel> levels = evaluateServiceLevels(levelValue(m, u"success"_s), levelValue(m, u"latency"_s),
                                                               levelValue(m, u"availability"_s),
                                                               levelValue(m, u"errors"_s));
    for (const ServiceLevel &l : levels) {
        const LevelReading *r = reading(m, l.id);
        if (!down.isEmpty()) {
            show(l.id, kNoData, l.state == ServiceLevel::State::Unknown ? u"no data"_s : l.value + u" (old)"_s,
                 u"target %1 · %2"_s.arg(l.target, down));
        } else if (r && !r->error.isEmpty()) {
            show(l.id, kNoData, l.state == ServiceLevel::State::Unknown ? u"no data"_s : l.value + u" (old)"_s,
                 u"target %1 · the query failed: %2"_s.arg(l.target, r->error));
        } else if (l.state == ServiceLevel::State::Unknown) {
            // Zero is a value (the queries make it so); no data means nothing was measured.
            const QString why = !r || !r->at.isValid() ? u"waiting for the first reading"_s
                : r->absent.isEmpty()                  ? u"the query returns no series"_s
                                      : u"no series of %1 in Prometheus"_s.arg(r->absent.join(u", "_s));
            show(l.id, kNoData, u"no data"_s, u"target %1 · %2"_s.arg(l.target, why));
        } else {
            show(l.id, serviceLevelStateName(l.state), l.value, l.detail + zeroNote(r));
        }
        // Which signal the tile reads: the one query the Metrics page, timeline and playbooks share.
        if (r)
            m_tiles.value(l.id)->setToolTip(
                plainTooltip(u"%1\nMeasured as the %2:\n%3"_s.arg(m_tiles.value(l.id)->detail(), r->signal, r->query)));
    }
}

void OverviewPage::refreshBudgets()
{
    const QString down = feedProblem(m_src.health, FeedKind::Prometheus);
    const MetricsDashboard *m = m_src.metrics;
    const SloSettings objectives = m ? m->objectives() : SloSettings();
    for (const QString &slo : {u"success"_s, u"availability"_s}) {
        const QString id = u"budget-"_s + slo;
        auto bad = [m, &slo](const QString &window) { return levelValue(m, sloLevelId(slo, window)); };
        const BudgetInputs in{bad(u"slo"_s), bad(u"1h"_s), bad(u"5m"_s), bad(u"6h"_s), bad(u"30m"_s)};
        const ErrorBudget b = evaluateErrorBudget(slo, m_tiles.value(id)->caption(), objectives.objective(slo),
                                                  objectives.windowDays, in);
        const LevelReading *r = reading(m, sloLevelId(slo, u"slo"_s));
        if (!down.isEmpty()) {
            show(id, kNoData, b.left ? b.value + u" (old)"_s : u"no data"_s, down);
        } else if (r && !r->error.isEmpty()) {
            show(id, kNoData, b.left ? b.value + u" (old)"_s : u"no data"_s, u"the query failed: "_s + r->error);
        } else if (b.state == ErrorBudget::State::Unknown) {
            const QString why = !r || !r->at.isValid() ? u"waiting for the first reading"_s
                : r->absent.isEmpty()                  ? u"the query returns no series"_s
                                      : u"no series of %1 in Prometheus"_s.arg(r->absent.join(u", "_s));
            show(id, kNoData, u"no data"_s, b.detail + u" · "_s + why);
        } else {
            const QString verdict = b.state == ErrorBudget::State::Spent ? kMissed
                : b.state == ErrorBudget::State::Burning                 ? kAtRisk
                                                                         : kMet;
            show(id, verdict, b.value, b.detail + zeroNote(r));
        }
        if (r)
            m_tiles.value(id)->setToolTip(
                plainTooltip(u"%1\nError budget: 1 - objective of the bad share (%2) over the window:\n%3"_s.arg(
                    m_tiles.value(id)->detail(), r->signal, r->query)));
    }
}

void OverviewPage::refreshAlerts()
{
    const QString down = feedProblem(m_src.health, FeedKind::Prometheus);
    if (!m_src.metrics || m_src.metrics->alerts()->trackers().isEmpty() || !down.isEmpty()) {
        show(u"alerts"_s, kNoData, u"?"_s, down.isEmpty() ? u"no alert rules"_s : down);
        return;
    }
    const AlertTableModel *alerts = m_src.metrics->alerts();
    // A silenced instance still fires and is counted, apart, with who silenced it until when;
    // only unsilenced ones make the tile "missed" (silenced ones alone: "at risk", never "met").
    const QStringList firing = alerts->instanceNames(AlertState::Firing, false);
    const QStringList pending = alerts->instanceNames(AlertState::Pending);
    // Grouped by silence, its words first: a wall tile shows one line, and "silenced by alice
    // until 14:30" is what the room must read.
    QMap<QString, QStringList> silencedBy;
    int silencedCount = 0;
    for (const AlertTracker &t : alerts->trackers())
        for (const AlertInstance &i : t.instances())
            if (i.state == AlertState::Firing)
                if (const auto s = alerts->silence(t.rule().name, i.labels)) {
                    silencedBy[s->text(alerts->silences()->now())] << alertInstanceName(t.rule().name, i.labels);
                    ++silencedCount;
                }
    QStringList silenced;
    for (auto it = silencedBy.cbegin(); it != silencedBy.cend(); ++it)
        silenced << it.key() + u": "_s + it.value().join(u", "_s);
    // A rule that could not look (Error) or found nothing to look at (No data) is never "met".
    QStringList blind, waiting;
    for (const AlertTracker &t : alerts->trackers()) {
        if (!t.lastEvaluated().isValid())
            waiting << t.rule().name;
        else if (t.state() == AlertState::Error || t.state() == AlertState::NoData)
            blind << u"%1 %2 (%3)"_s.arg(t.rule().name, alertStateName(t.state()), t.detail());
    }
    QStringList parts;
    if (!firing.isEmpty())
        parts << u"firing: "_s + firing.join(u", "_s);
    parts += silenced;
    if (!pending.isEmpty())
        parts << u"pending: "_s + pending.join(u", "_s);
    parts += blind;
    if (!waiting.isEmpty())
        parts << u"not evaluated yet: "_s + waiting.join(u", "_s);
    show(u"alerts"_s,
         !firing.isEmpty()                               ? kMissed
             : !blind.isEmpty() || !waiting.isEmpty()    ? kNoData
             : !pending.isEmpty() || !silenced.isEmpty() ? kAtRisk
                                                         : kMet,
         silencedCount == 0     ? QString::number(firing.size())
             : firing.isEmpty() ? u"%1 silenced"_s.arg(silencedCount)
                                : u"%1 (+%2 silenced)"_s.arg(firing.size()).arg(silencedCount),
         parts.isEmpty() ? u"none firing"_s : parts.join(u" · "_s));
}

void OverviewPage::refreshSagas()
{
    const QString down = feedProblem(m_src.health, FeedKind::Postgres);
    if (!m_src.sagas || !m_src.sagas->hasSummary()) {
        show(u"sagas"_s, kNoData, u"?"_s, down.isEmpty() ? u"waiting for the first summary"_s : down);
        return;
    }
    const SagaSummary &s = m_src.sagas->summary();
    const qint64 failed = s.byStatus.value(u"FAILED"_s);
    QMap<QString, int> stuckByType;
    for (const SagaRow &r : s.stuck)
        ++stuckByType[r.type];
    QStringList types;
    for (auto it = stuckByType.cbegin(); it != stuckByType.cend(); ++it)
        types << u"%1 %2"_s.arg(it.value()).arg(it.key());
    // FAILED counts over the summary's window (an hour): failures of last month do not keep
    // the tile red for ever, and one of the last hour does not hide.
    const QString window = s.finishedWindowText();
    QString detail = u"failed in the last %1 · %2 stuck > %3 s%4 · %5 failed or compensated in the last %6 min"_s
                         .arg(window)
                         .arg(s.stuckTotal)
                         .arg(s.stuckAfterS)
                         .arg(types.isEmpty() ? QString() : u" ("_s + types.join(u", "_s) + u")"_s)
                         .arg(s.failedInWindow)
                         .arg(s.windowMinutes);
    if (!down.isEmpty())
        detail = down + u" · "_s + detail;
    show(u"sagas"_s, !down.isEmpty() ? kNoData : (failed == 0 && s.stuckTotal == 0 ? kMet : kMissed),
         u"%1 failed · %2 stuck"_s.arg(failed).arg(s.stuckTotal), detail);
}

void OverviewPage::refreshKafka()
{
    const QString down = feedProblem(m_src.health, FeedKind::Kafka);
    if (!m_src.kafka || !m_src.kafka->hasData()) {
        show(u"kafka"_s, kNoData, u"?"_s, down.isEmpty() ? u"waiting for the first lag refresh"_s : down);
        return;
    }
    const GroupLagRow *worst = nullptr;
    for (const GroupLagRow &g : m_src.kafka->groups())
        if (!worst || lagStatusSeverity(g.status) > lagStatusSeverity(worst->status)
            || (g.status == worst->status && g.totalLag > worst->totalLag))
            worst = &g;
    if (!worst) {
        show(u"kafka"_s, kNoData, u"no groups"_s, down);
        return;
    }
    // A leaderless partition is missed (nothing can be read from it), an under-replicated one
    // at risk (one more broker lost and it may be): the same replication the Kafka page shows.
    const ReplicationSummary &replication = m_src.kafka->replication();
    const bool ok = worst->status == LagStatus::Ok || worst->status == LagStatus::Pending;
    QString detail = u"%1 · lag %2"_s.arg(worst->group, worst->lagText())
        + (worst->reason.isEmpty() ? QString() : u" · "_s + worst->reason);
    if (!replication.allOk())
        detail = replication.brief() + u" · "_s + detail;
    show(u"kafka"_s,
         !down.isEmpty()                           ? kNoData
             : !ok || replication.leaderless() > 0 ? kMissed
             : replication.underReplicated() > 0   ? kAtRisk
                                                   : kMet,
         lagStatusName(worst->status), down.isEmpty() ? detail : down + u" · "_s + detail);
}

void OverviewPage::refreshDeployments()
{
    const QString down = feedProblem(m_src.health, FeedKind::Kubernetes);
    if (!m_src.deployments || !m_src.deployments->hasData()) {
        show(u"deployments"_s, kNoData, u"?"_s, down.isEmpty() ? u"waiting for the deployments"_s : down);
        return;
    }
    int ready = 0;
    QStringList notReady;
    for (const DeploymentInfo &d : m_src.deployments->rows()) {
        if (d.rolledOut() && d.readyReplicas == d.desiredReplicas)
            ++ready;
        else
            notReady << u"%1 %2/%3"_s.arg(d.name).arg(d.readyReplicas).arg(d.desiredReplicas);
    }
    const int total = int(m_src.deployments->rows().size());
    QString detail = notReady.isEmpty() ? u"all rolled out"_s : u"not ready: "_s + notReady.join(u", "_s);
    if (!down.isEmpty())
        detail = down + u" · "_s + detail;
    show(u"deployments"_s,
         !down.isEmpty()          ? kNoData
             : notReady.isEmpty() ? kMet
                                  : kMissed,
         u"%1 of %2"_s.arg(ready).arg(total), detail);
}

void OverviewPage::refreshFeeds()
{
    int live = 0, used = 0;
    QStringList problems;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (FeedKind kind : allFeedKinds) {
        const FeedHealth h = m_src.health->health(kind);
        if (h.state == FeedState::Disabled)
            continue;
        ++used;
        if (h.state == FeedState::Live)
            ++live;
        else
            problems << healthSummary(h, now);
    }
    show(u"feeds"_s,
         used == 0          ? kNoData
             : live == used ? kMet
                            : kMissed,
         u"%1 of %2 Live"_s.arg(live).arg(used),
         problems.isEmpty() ? u"every configured feed is Live"_s : problems.join(u" · "_s));
}

} // namespace sagadeck
