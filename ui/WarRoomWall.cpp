#include "WarRoomWall.h"

#include "AlertTableModel.h"
#include "ChartCatalog.h"
#include "DeploymentTableModel.h"
#include "EscalationPanel.h"
#include "FeedHealthModel.h"
#include "IncidentTimeline.h"
#include "KafkaLagStore.h"
#include "MetricsDashboard.h"
#include "PlaybookBoard.h"
#include "StatusTile.h"
#include "Theme.h"
#include "TrendPlot.h"
#include "WallTiles.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

constexpr int kTrendS = 30 * 60;
constexpr int kChangeRows = 4;

struct TileSpec
{
    const char16_t *id;      // the overview tile it shows
    const char16_t *caption; // short: a wall tile is narrow
    int row;
};
const TileSpec kTiles[] = {
    {u"success", u"Saga success", 0},    {u"availability", u"Availability", 0}, {u"latency", u"p95 latency", 0},
    {u"errors", u"Error rate (5xx)", 0}, {u"alerts", u"Firing alerts", 1},      {u"sagas", u"Failed sagas", 1},
    {u"kafka", u"Consumer lag", 1},      {u"deployments", u"Deployments", 1},   {u"feeds", u"Feeds Live", 1},
};

// "15.49 %" → {"15.49", "%"}; "167 failed · 1 stuck" → {"167", "failed · 1 stuck"}. A number
// keeps at most four significant digits: the room reads the first ones, and width is scarce.
std::pair<QString, QString> splitNumber(const QString &value)
{
    if (value.isEmpty() || value == u"?"_s)
        return {u"?"_s, QString()};
    if (value.startsWith(u"no data"_s) || value.startsWith(u"no groups"_s))
        return {u"?"_s, value};
    const qsizetype space = value.indexOf(u' ');
    QString number = space < 0 ? value : value.left(space);
    // "failed · 1 stuck": the unit is "failed"; the rest is in the detail.
    const QString rest = space < 0 ? QString() : value.mid(space + 1).section(u" · "_s, 0, 0);
    const qsizetype dot = number.indexOf(u'.');
    bool ok = false;
    const double v = number.toDouble(&ok);
    if (dot > 0 && ok) {
        // "15.49", "36.31", "0.023", "1234.5": rounded, not cut.
        const int decimals = int(std::min<qsizetype>(number.size() - dot - 1, std::max<qsizetype>(1, 4 - dot)));
        number = QString::number(v, 'f', decimals);
    }
    return {number, rest};
}

QString compactCount(qint64 n)
{
    if (n < 10000)
        return QString::number(n);
    if (n < 1000000)
        return QString::number(n / 1000.0, 'f', n < 100000 ? 1 : 0) + u'k';
    return QString::number(n / 1e6, 'f', 1) + u'M';
}

const GroupLagRow *worstGroup(const KafkaLagStore *kafka)
{
    if (!kafka || !kafka->hasData())
        return nullptr;
    const GroupLagRow *worst = nullptr;
    for (const GroupLagRow &g : kafka->groups())
        if (!worst || lagStatusSeverity(g.status) > lagStatusSeverity(worst->status)
            || (g.status == worst->status && g.totalLag > worst->totalLag))
            worst = &g;
    return worst;
}

ChartSpec catalogChart(const QString &id)
{
    for (const ChartSpec &c : chartCatalog())
        if (c.id == id)
            return c;
    return {};
}

QVector<QPointF> promPoints(const QVector<PromPoint> &points, double scale)
{
    QVector<QPointF> out;
    out.reserve(points.size());
    for (const PromPoint &p : points)
        if (std::isfinite(p.v))
            out.append(QPointF(p.t * 1000.0, p.v * scale));
    return out;
}

} // namespace

WarRoomWall::WarRoomWall(const Sources &sources, QWidget *parent)
    : QWidget(parent)
    , m_src(sources)
    , m_overview(new OverviewPage(sources.overview, this))
    , m_changesTitle(wallLabel(this, false))
    , m_escalation(new QFrame(this))
    , m_escalationTitle(wallLabel(m_escalation, true))
    , m_contactsLabel(wallLabel(m_escalation, true))
    , m_tick(new QTimer(this))
{
    setObjectName(u"warRoomWall"_s);
    // The wall never grows the window: its type follows the window's height, so a minimum that
    // pushed the window would push the type, and so on. What does not fit is cut, visibly, and
    // the text-fits tests fail on it.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    // The overview decides every verdict, value and detail; the wall only shows them.
    m_overview->hide();

    auto *layout = new QVBoxLayout(this);
    QHBoxLayout *rows[2] = {new QHBoxLayout, new QHBoxLayout};
    for (const TileSpec &t : kTiles) {
        auto *tile = new WallTile(QString::fromUtf16(t.id), QString::fromUtf16(t.caption), this);
        rows[t.row]->addWidget(tile, 1);
        m_tiles << tile;
    }
    layout->addLayout(rows[0]);
    layout->addLayout(rows[1]);

    auto *charts = new QHBoxLayout;
    for (const auto &[id, title] : {std::pair{u"saga-failure"_s, u"Saga failure rate, 30 min"_s},
                                    std::pair{u"latency-p95"_s, u"p95 latency, 30 min"_s},
                                    std::pair{u"consumer-lag"_s, u"Consumer lag, 30 min"_s}}) {
        auto *chart = new WallChart(id, title, this);
        const ChartSpec spec = catalogChart(id);
        chart->setThresholds(spec.thresholds, displayScale(spec.unit));
        charts->addWidget(chart, 1);
        m_charts << chart;
    }
    layout->addLayout(charts, 1);

    auto *bottom = new QHBoxLayout;
    auto *strip = new QFrame(this);
    strip->setObjectName(u"wallChanges"_s);
    auto *stripLayout = new QVBoxLayout(strip);
    stripLayout->setContentsMargins(0, 0, 0, 0);
    stripLayout->addWidget(m_changesTitle);
    m_changesTitle->setParent(strip);
    for (int i = 0; i < kChangeRows; ++i) {
        QLabel *row = wallLabel(strip, true); // long names wrap, never cut
        stripLayout->addWidget(row);
        m_changeRows << row;
    }
    stripLayout->addStretch(1); // beside a taller escalation box, the entries stay together
    bottom->addWidget(strip, 2);
    m_escalation->setObjectName(u"wallEscalation"_s);
    const ThemeColors &theme = currentTheme();
    m_escalation->setStyleSheet(
        u"QFrame#wallEscalation { background: %1; border: 3px solid %2; border-radius: 6px; }"
        u" QFrame#wallEscalation QLabel { color: %3; background: transparent; border: none; }"_s.arg(
            theme.problemBg.name(), theme.bad.name(), theme.problemFg.name()));
    auto *escalationLayout = new QVBoxLayout(m_escalation);
    escalationLayout->addWidget(m_escalationTitle);
    m_contactsLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    escalationLayout->addWidget(m_contactsLabel, 1);
    bottom->addWidget(m_escalation, 3);
    m_escalation->hide();
    layout->addLayout(bottom);

    if (m_src.overview.health)
        connect(m_src.overview.health, &FeedHealthModel::healthChanged, this,
                [this](const FeedHealth &h) { m_changes.noteFeedHealth(h, QDateTime::currentDateTimeUtc()); });
    if (m_src.overview.deployments)
        connect(m_src.overview.deployments, &DeploymentTableModel::updated, this, [this] {
            m_changes.applyDeployments(m_src.overview.deployments->rows(), QDateTime::currentDateTimeUtc());
        });
    if (m_src.playbooks)
        connect(m_src.playbooks, &PlaybookBoard::changed, this, &WarRoomWall::refreshEscalation);
    // Everything is in memory: once a second (ages and trends move by themselves).
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &WarRoomWall::refresh);
    m_tick->start();
    applyScale();
    refresh();
}

WallTile *WarRoomWall::tile(const QString &id) const
{
    for (WallTile *t : m_tiles)
        if (t->id() == id)
            return t;
    return nullptr;
}

void WarRoomWall::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (window()->height() != m_screenHeight)
        applyScale();
}

// Type from the screen's height: on a wall the window is the screen.
void WarRoomWall::applyScale()
{
    m_screenHeight = window()->height();
    const WallScale s = wallScale(m_screenHeight, font());
    for (WallTile *t : m_tiles)
        t->applyScale(s);
    for (WallChart *c : m_charts)
        c->applyScale(s);
    QFont heading = s.caption;
    m_changesTitle->setFont(heading);
    for (QLabel *row : m_changeRows)
        row->setFont(s.strip);
    // Whom to call, a size up from the strip beside it: the one thing to read from the door.
    m_escalationTitle->setFont(s.caption);
    m_contactsLabel->setFont(s.caption);
    layout()->setContentsMargins(s.pad * 2, s.pad, s.pad * 2, s.pad);
    layout()->setSpacing(s.pad);
    for (int i = 0; i < layout()->count(); ++i)
        if (QLayout *row = layout()->itemAt(i)->layout())
            row->setSpacing(s.pad);
    m_escalation->layout()->setContentsMargins(s.pad, s.pad / 2, s.pad, s.pad / 2);
}

void WarRoomWall::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A missed resize (the wall was not the page on screen) must not leave type of another size.
    if (window()->height() != m_screenHeight)
        applyScale();
    m_overview->refresh();
    refreshEscalation(); // first: while it is shown, the strip beside it lists fewer entries
    refreshChanges(now);
    refreshTiles(now);
    refreshCharts(now);
}

void WarRoomWall::setContacts(const QVector<EscalationContact> &contacts)
{
    m_contacts = contacts;
    refreshEscalation();
}

void WarRoomWall::setActions(const QVector<ConsoleAction> &actions)
{
    m_changes.setActions(actions);
    refresh();
}

QVector<QPointF> WarRoomWall::prometheusTrend(const QString &id, const QDateTime &now) const
{
    const double to = double(now.toMSecsSinceEpoch()), from = to - kTrendS * 1000.0;
    const MetricsDashboard *metrics = m_src.overview.metrics;
    auto chartTrend = [&](const QString &chartId) -> QVector<QPointF> {
        const ChartData *c = metrics ? metrics->chart(chartId) : nullptr;
        if (!c || c->series.size() != 1)
            return {};
        return pointsInWindow(promPoints(c->series.first().points, displayScale(c->spec.unit)), from, to);
    };
    if (id == u"success"_s)
        return chartTrend(u"saga-success"_s);
    if (id == u"availability"_s)
        return chartTrend(u"availability"_s);
    if (id == u"latency"_s && m_src.timeline)
        if (const TimelineSeries *s = m_src.timeline->seriesById(u"p95"_s))
            return pointsInWindow(promPoints(s->points, s->scale), from, to);
    if (id == u"kafka"_s)
        if (const GroupLagRow *worst = worstGroup(m_src.overview.kafka))
            return pointsInWindow(m_src.overview.kafka->history().series(worst->group), from, to);
    return {};
}

void WarRoomWall::refreshTiles(const QDateTime &now)
{
    const double to = double(now.toMSecsSinceEpoch());
    const QDateTime lastAction = m_changes.lastActionAt();
    const double mark = lastAction.isValid() ? double(lastAction.toMSecsSinceEpoch()) : std::nan("");
    for (WallTile *t : m_tiles) {
        const QString id = t->id();
        const StatusTile *source = m_overview->tile(id);
        auto [number, unit] = splitNumber(source->value());
        QString detail = source->detail();
        if (id == u"success"_s || id == u"availability"_s) {
            // The service level with its error budget: what is left of it is the first thing said.
            const StatusTile *budget = m_overview->tile(u"budget-"_s + id);
            const QString verdict = m_overview->verdict(u"budget-"_s + id);
            QString budgetText = u"budget "_s + budget->value();
            if (verdict == u"missed"_s || verdict == u"at risk"_s)
                budgetText += u" ("_s + verdict + u')';
            detail = budgetText + u" · "_s + detail + u" · "_s + budget->detail();
        } else if (id == u"alerts"_s && m_src.overview.metrics) {
            // Rule names with their count first: the instances' label sets are too long for a wall.
            auto byRule = [](const QStringList &instances) {
                QMap<QString, int> counts;
                for (const QString &i : instances)
                    ++counts[i.section(u'{', 0, 0)];
                QStringList out;
                for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                    out << (it.value() > 1 ? u"%1 ×%2"_s.arg(it.key()).arg(it.value()) : it.key());
                return out.join(u" · "_s); // segments: as many as fit are shown
            };
            const AlertTableModel *alerts = m_src.overview.metrics->alerts();
            const QString firing = byRule(alerts->instanceNames(AlertState::Firing, false));
            const QString pending = byRule(alerts->instanceNames(AlertState::Pending));
            QStringList lead;
            if (!firing.isEmpty())
                lead << firing;
            if (!pending.isEmpty())
                lead << u"pending "_s + pending;
            if (!lead.isEmpty())
                detail = lead.join(u" · "_s) + u" · "_s + detail;
        } else if (id == u"kafka"_s) {
            // The worst group's lag as the number, its status beside it (a word too wide to headline).
            if (const GroupLagRow *worst = worstGroup(m_src.overview.kafka)) {
                // Some partitions unreadable (no leader): the known lag is a floor.
                number = compactCount(worst->totalLag) + (worst->lagUnknown > 0 ? u"+"_s : QString());
                unit = lagStatusName(worst->status);
            }
        }
        // "15.49 % (old)": the number is the last one read, and the detail says so first.
        if (unit.endsWith(u"(old)"_s)) {
            unit = unit.chopped(5).trimmed();
            detail = u"the number is old · "_s + detail;
        }
        // "167 failed" under "Failed sagas": the caption already says it.
        if (t->caption().contains(unit, Qt::CaseInsensitive))
            unit.clear();
        t->setVerdict(m_overview->verdict(id));
        t->setNumber(number, unit);
        t->setDetail(detail);
        bool ok = false;
        const double value = QString(number).remove(u'k').remove(u'M').toDouble(&ok);
        if (ok)
            m_trends.add(id, now, value);
        QVector<QPointF> points = prometheusTrend(id, now);
        if (points.isEmpty())
            points = m_trends.points(id, now);
        t->trend()->setWindow(to - kTrendS * 1000.0, to);
        t->trend()->setPoints(points);
        t->trend()->setMarkAt(mark);
    }
}

void WarRoomWall::refreshCharts(const QDateTime &now)
{
    const ThemeColors &theme = currentTheme();
    const double to = double(now.toMSecsSinceEpoch()), from = to - kTrendS * 1000.0;
    const QDateTime lastAction = m_changes.lastActionAt();
    const double mark = lastAction.isValid() ? double(lastAction.toMSecsSinceEpoch()) : std::nan("");
    // A chart whose feed is not Live shows its last values as such: neutral, and says why.
    auto feedNote = [this](FeedKind kind) -> QString {
        if (!m_src.overview.health)
            return {};
        const FeedHealth h = m_src.overview.health->health(kind);
        return h.state == FeedState::Live ? QString() : u"old: %1 %2 · "_s.arg(feedName(kind), stateName(h.state));
    };
    for (WallChart *c : m_charts) {
        c->trend()->setWindow(from, to);
        c->trend()->setMarkAt(mark);
        if (c->id() == u"consumer-lag"_s) {
            const GroupLagRow *worst = worstGroup(m_src.overview.kafka);
            if (!worst) {
                c->trend()->setPoints({});
                c->setReading(u"?"_s, u"no consumer group measured yet"_s, theme.neutral);
                continue;
            }
            c->trend()->setPoints(pointsInWindow(m_src.overview.kafka->history().series(worst->group), from, to));
            const bool ok = worst->status == LagStatus::Ok || worst->status == LagStatus::Pending;
            // Burrow-style: the status follows how offsets move, there is no lag threshold to draw.
            const QString old = feedNote(FeedKind::Kafka);
            c->setReading(compactCount(worst->totalLag) + (worst->lagUnknown > 0 ? u"+"_s : QString()),
                          old + u"%1 %2 · no threshold"_s.arg(worst->group, lagStatusName(worst->status)),
                          !old.isEmpty() ? theme.neutral
                              : ok       ? theme.text
                                         : theme.bad);
            continue;
        }
        const TimelineSeries *s = m_src.timeline
            ? m_src.timeline->seriesById(c->id() == u"saga-failure"_s ? u"failure"_s : u"p95"_s)
            : nullptr;
        const ChartSpec spec = catalogChart(c->id());
        QStringList limits;
        for (const ChartThreshold &t : spec.thresholds)
            limits << t.label;
        if (!s || s->points.isEmpty()) {
            c->trend()->setPoints({});
            const QString why = !s    ? u"no timeline"_s
                : !s->error.isEmpty() ? u"no data: "_s + s->error
                : s->answered         ? u"no data in the last 30 min"_s
                                      : u"waiting for Prometheus"_s;
            c->setReading(u"?"_s, limits.join(u" · "_s) + u" · "_s + why, theme.neutral);
            continue;
        }
        c->trend()->setPoints(pointsInWindow(promPoints(s->points, displayScale(spec.unit)), from, to));
        const PromPoint last = s->points.last();
        bool over = false;
        for (const ChartThreshold &t : spec.thresholds)
            over = over || last.v > t.value; // both are upper bounds
        const QString old = feedNote(FeedKind::Prometheus);
        QString note = old + limits.join(u" · "_s);
        if (!s->error.isEmpty())
            note += u" · old: "_s + s->error;
        c->setReading(formatValue(last.v, spec.unit), note,
                      !old.isEmpty() || !s->error.isEmpty() ? theme.neutral
                          : over                            ? theme.bad
                                                            : theme.good);
    }
}

void WarRoomWall::refreshChanges(const QDateTime &now)
{
    if (m_src.overview.metrics)
        m_changes.setAlertTransitions(m_src.overview.metrics->transitions());
    const QVector<ChangeEntry> all = m_changes.entries(now);
    m_inWindow = int(all.size());
    // Beside the escalation box the strip keeps to the newest two: whom to call comes first.
    const int rows = escalationShown() ? 2 : kChangeRows;
    m_shown = all.mid(0, rows);
    m_changesTitle->setText(all.size() > rows
                                ? u"What changed · last 15 min · newest %1 of %2"_s.arg(rows).arg(all.size())
                                : u"What changed · last 15 min"_s);
    for (int i = 0; i < kChangeRows; ++i) {
        QLabel *row = m_changeRows.at(i);
        // Rows without an entry take no room: the charts above have it.
        row->setVisible(i < std::max<qsizetype>(1, m_shown.size()));
        if (i >= m_shown.size()) {
            row->setText(i == 0 ? u"nothing: no alert, feed, deployment or action changed"_s : QString());
            continue;
        }
        const ChangeEntry &e = m_shown.at(i);
        row->setText(breakableText(u"%1  %2  %3"_s.arg(e.age, WhatChanged::kindGlyph(e.kind), e.text)));
    }
}

void WarRoomWall::refreshEscalation()
{
    const PlaybookBoard *board = m_src.playbooks;
    int raised = -1;
    if (board)
        for (int i : board->order())
            if (board->live(i).raise.raised && !board->live(i).raise.silenced) {
                raised = i;
                break;
            }
    m_escalation->setVisible(raised >= 0);
    if (raised < 0)
        return;
    // One line: what and since when (who raised it is on the strip and the Playbooks page).
    m_escalationTitle->setText(u"ESCALATE · %1 · since %2"_s.arg(
        board->playbooks().at(raised).title, board->live(raised).raise.at.toLocalTime().toString(u"HH:mm:ss"_s)));
    QStringList lines;
    for (const EscalationContact &c : m_contacts)
        lines << EscalationPanel::contactLine(c);
    m_contactsLabel->setText(lines.isEmpty() ? u"No contacts: the profile has no contacts: list"_s
                                             : breakableText(lines.join(u'\n')));
}

bool WarRoomWall::escalationShown() const
{
    return !m_escalation->isHidden();
}

QString WarRoomWall::escalationTitle() const
{
    return escalationShown() ? m_escalationTitle->text() : QString();
}

QStringList WarRoomWall::contactsShown() const
{
    if (!escalationShown())
        return {};
    return QString(m_contactsLabel->text()).remove(QChar(0x200B)).split(u'\n');
}

} // namespace sagadeck
