#include "MetricChart.h"
#include "PlainText.h"

#include "FeedHealthIndicator.h"
#include "StatusGlyph.h"
#include "Theme.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QRubberBand>
#include <QValueAxis>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kHeaderPx = 40;
const char *const kThresholdProperty = "sagadeckThreshold";
} // namespace

MetricChart::MetricChart(const ChartSpec &spec, QWidget *parent)
    : QChartView(new QChart, parent)
    , m_spec(spec)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
    , m_status(new QLabel(this))
    , m_readout(new QLabel(this))
{
    setObjectName(u"chart-"_s + spec.id);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(340, 250);
    QChart *c = chart();
    applyChartTheme(c);
    c->setMargins(QMargins(4, kHeaderPx, 4, 2));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->legend()->setShowToolTips(true);
    QFont legendFont = c->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.8);
    c->legend()->setFont(legendFont);
    m_x->setTitleText(u"time (local)"_s);
    m_y->setTitleText(unitAxisTitle(spec.unit));
    m_y->setLabelFormat(u"%.4g"_s);
    QFont small = m_x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_x->setLabelsFont(small);
    m_y->setLabelsFont(small);
    m_x->setTitleFont(small);
    m_y->setTitleFont(small);
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);

    m_status->setTextFormat(Qt::PlainText); // errors come from outside
    m_status->setWordWrap(false);
    m_status->move(8, 4);
    m_readout->setTextFormat(Qt::PlainText);
    m_readout->setObjectName(u"readout"_s);
    m_readout->setStyleSheet(u"QLabel { background: rgba(255,255,255,230); border: 1px solid #888;"
                             u" padding: 3px; color: black; }"_s);
    m_readout->hide();
    setMouseTracking(true);
    m_data.spec = spec;
    rebuildSeries();
}

int MetricChart::plotWidth() const
{
    const int w = int(chart()->plotArea().width());
    return w > 10 ? w : std::max(10, width() - 80);
}

void MetricChart::setData(const ChartData &data)
{
    m_data = data;
    // Rebuilding QtCharts series costs tens of milliseconds on the GUI thread: a chart on a
    // page nobody looks at does it when it is shown.
    m_seriesStale = !isVisible();
    if (!m_seriesStale)
        rebuildSeries();
    setFeedHealth(m_health, QDateTime::currentDateTimeUtc());
}

void MetricChart::showEvent(QShowEvent *event)
{
    if (m_seriesStale) {
        m_seriesStale = false;
        rebuildSeries();
    }
    if (m_statusStale)
        applyStatus();
    QChartView::showEvent(event);
}

void MetricChart::rebuildSeries()
{
    QChart *c = chart();
    c->removeAllSeries();
    const double scale = displayScale(m_spec.unit);
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const PromSeries &s : std::as_const(m_data.series)) {
        auto *line = new QLineSeries;
        line->setName(s.displayName());
        QList<QPointF> pts;
        pts.reserve(s.points.size());
        for (const PromPoint &p : s.points) {
            pts.append(QPointF(p.t * 1000, p.v * scale));
            lo = std::min(lo, p.v * scale);
            hi = std::max(hi, p.v * scale);
        }
        line->replace(pts);
        c->addSeries(line);
        line->attachAxis(m_x);
        line->attachAxis(m_y);
        line->setVisible(!m_hidden.contains(line->name()));
    }
    const double t0 = m_data.window.step > 0 ? m_data.window.start
                                             : QDateTime::currentMSecsSinceEpoch() / 1000.0 - 3600;
    const double t1 = m_data.window.step > 0 ? m_data.window.end : QDateTime::currentMSecsSinceEpoch() / 1000.0;
    for (const ChartThreshold &t : m_spec.thresholds) {
        auto *line = new QLineSeries;
        line->setName(t.label);
        line->setProperty(kThresholdProperty, true);
        QPen pen(currentTheme().bad);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        line->setPen(pen);
        line->append(t0 * 1000, t.value * scale);
        line->append(t1 * 1000, t.value * scale);
        c->addSeries(line);
        line->attachAxis(m_x);
        line->attachAxis(m_y);
        // A threshold far from the data would flatten the lines: show it only when near.
        if (std::isfinite(hi) && t.value * scale <= hi * 10 + 1e-12)
            hi = std::max(hi, t.value * scale);
        if (std::isfinite(lo) && t.value * scale >= lo - std::abs(lo) * 0.5)
            lo = std::min(lo, t.value * scale);
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(std::abs(hi) * 0.1, 1e-6);
    m_y->setRange(lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad);
    m_y->applyNiceNumbers();
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(t0 * 1000)), QDateTime::fromMSecsSinceEpoch(qint64(t1 * 1000)));
    const double span = t1 - t0;
    m_x->setFormat(span > 2 * 86400 ? u"dd MMM HH:mm"_s : span > 600 ? u"HH:mm"_s : u"HH:mm:ss"_s);
    m_x->setTickCount(5);
    // Legend markers switch their series on and off.
    for (QLegendMarker *m : c->legend()->markers()) {
        QObject::connect(m, &QLegendMarker::clicked, this, [this, m] {
            auto *s = m->series();
            if (s->property(kThresholdProperty).toBool())
                return;
            setSeriesVisible(s->name(), !s->isVisible());
        });
        if (!m->series()->isVisible()) {
            QFont f = m->font();
            f.setStrikeOut(true);
            m->setFont(f);
        }
    }
}

int MetricChart::seriesCount() const
{
    return int(m_data.series.size());
}

bool MetricChart::seriesVisible(const QString &name) const
{
    return !m_hidden.contains(name);
}

void MetricChart::setSeriesVisible(const QString &name, bool visible)
{
    if (visible)
        m_hidden.remove(name);
    else
        m_hidden.insert(name);
    for (QAbstractSeries *s : chart()->series()) {
        if (s->name() != name)
            continue;
        s->setVisible(visible);
        for (QLegendMarker *m : chart()->legend()->markers(s)) {
            m->setVisible(true); // the marker stays so the series can be switched back on
            QFont f = m->font();
            f.setStrikeOut(!visible);
            m->setFont(f);
        }
    }
}

void MetricChart::setFeedHealth(const FeedHealth &health, const QDateTime &now)
{
    m_health = health;
    QString line;
    FeedState shown = health.state;
    if (!m_data.lastSuccess.isValid()) {
        line = m_data.error.isEmpty() ? (health.state == FeedState::Live || health.state == FeedState::Connecting
                                             ? u"waiting for the first answer"_s
                                             : u"no data: "_s + healthSummary(health, now))
                                      : u"no data: "_s + m_data.error;
        if (!m_data.error.isEmpty() && shown == FeedState::Live)
            shown = FeedState::Down;
    } else {
        const QString age = describeAge(m_data.lastSuccess.msecsTo(now));
        line = u"data %1 old · step %2 s · %3 → %4 points"_s.arg(age)
                   .arg(m_data.window.step)
                   .arg(m_data.rawPoints)
                   .arg([this] {
                       qsizetype n = 0;
                       for (const auto &s : m_data.series)
                           n += s.points.size();
                       return n;
                   }());
        if (!m_data.error.isEmpty()) {
            line = u"last refresh failed (%1); showing data %2 old"_s.arg(m_data.error, age);
            if (shown == FeedState::Live)
                shown = FeedState::Stale;
        } else if (health.state != FeedState::Live) {
            line = stateName(health.state) + u": "_s + health.reason + u" — showing data %1 old"_s.arg(age);
        }
        if (m_data.series.isEmpty() && m_data.error.isEmpty())
            line = u"query returned no series (nothing matches) · data %1 old"_s.arg(age);
    }
    const QString glyph = shown == FeedState::Live ? u"●"_s
        : shown == FeedState::Down                 ? u"✕"_s
        : shown == FeedState::Stale                ? u"▲"_s
        : shown == FeedState::Disabled             ? u"–"_s
                                                   : u"◌"_s;
    const QString text = m_spec.title + u"\n"_s + glyph + u' ' + stateName(shown) + u" · "_s + line;
    if (text == m_statusText)
        return;
    m_statusText = text;
    m_statusLine = line;
    m_statusShown = shown;
    if (isVisible())
        applyStatus();
    else
        m_statusStale = true;
}

void MetricChart::applyStatus()
{
    m_statusStale = false;
    m_status->setText(m_statusText);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText,
               m_statusShown == FeedState::Live ? palette().color(QPalette::WindowText) : stateColor(m_statusShown));
    m_status->setPalette(p);
    m_status->setToolTip(plainTooltip(m_statusLine));
    m_status->adjustSize();
    m_status->setMaximumWidth(width() - 16);
}

QString MetricChart::statusText() const
{
    return m_statusText;
}

QString MetricChart::readoutText() const
{
    return m_readout->isVisible() ? m_readout->text() : QString();
}

double MetricChart::timeAt(double viewX) const
{
    const QPointF scene = mapToScene(QPoint(int(viewX), 0));
    const QPointF value = chart()->mapToValue(chart()->mapFromScene(scene));
    return value.x() / 1000.0;
}

void MetricChart::showReadoutAt(const QPointF &viewPos)
{
    const QRectF plot = chart()->plotArea();
    const QPointF inChart = chart()->mapFromScene(mapToScene(viewPos.toPoint()));
    if (!plot.contains(inChart) || m_data.series.isEmpty()) {
        m_readout->hide();
        return;
    }
    const double t = timeAt(viewPos.x());
    QStringList lines;
    double nearestT = 0;
    for (const PromSeries &s : std::as_const(m_data.series)) {
        if (m_hidden.contains(s.displayName()) || s.points.isEmpty())
            continue;
        // The sample closest in time: its exact value, not an interpolation.
        auto it = std::lower_bound(s.points.cbegin(), s.points.cend(), t,
                                   [](const PromPoint &p, double x) { return p.t < x; });
        if (it == s.points.cend() || (it != s.points.cbegin() && t - (it - 1)->t < it->t - t))
            --it;
        nearestT = it->t;
        lines << s.displayName() + u": "_s + formatValue(it->v, m_spec.unit);
    }
    if (lines.isEmpty()) {
        m_readout->hide();
        return;
    }
    lines.prepend(QDateTime::fromMSecsSinceEpoch(qint64(nearestT * 1000)).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    m_readout->setText(lines.join(u'\n'));
    m_readout->adjustSize();
    const int x = viewPos.x() + 14 + m_readout->width() < width() ? int(viewPos.x()) + 14
                                                                  : int(viewPos.x()) - 14 - m_readout->width();
    m_readout->move(std::max(0, x), kHeaderPx);
    m_readout->show();
    m_readout->raise();
}

void MetricChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressAt = event->pos();
        m_dragging = true;
        if (!m_band)
            m_band = new QRubberBand(QRubberBand::Rectangle, this);
        m_band->setGeometry(QRect(m_pressAt, QSize(1, height())));
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void MetricChart::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging && m_band) {
        const QRect plot = mapFromScene(chart()->mapToScene(chart()->plotArea())).boundingRect();
        m_band->setGeometry(QRect(QPoint(std::min(m_pressAt.x(), event->pos().x()), plot.top()),
                                  QPoint(std::max(m_pressAt.x(), event->pos().x()), plot.bottom())));
        m_band->show();
    }
    showReadoutAt(event->position());
    QChartView::mouseMoveEvent(event);
}

void MetricChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        if (m_band)
            m_band->hide();
        if (std::abs(event->pos().x() - m_pressAt.x()) >= 8) {
            const double a = timeAt(m_pressAt.x());
            const double b = timeAt(event->pos().x());
            emit zoomRequested(std::min(a, b), std::max(a, b));
        }
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void MetricChart::leaveEvent(QEvent *event)
{
    m_readout->hide();
    QChartView::leaveEvent(event);
}

void MetricChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    m_status->setMaximumWidth(width() - 16);
    emit widthChanged(m_spec.id, plotWidth());
}

void MetricChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(u"Back to the full range"_s, this, [this] { emit resetZoomRequested(); });
    menu.addAction(u"Export PNG…"_s, this, [this] { emit exportPngRequested(m_spec.id); });
    menu.addAction(u"Export CSV…"_s, this, [this] { emit exportCsvRequested(m_spec.id); });
    menu.exec(event->globalPos());
}

} // namespace sagadeck
