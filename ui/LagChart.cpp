#include "LagChart.h"
#include "Theme.h"

#include "LagHistory.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace sagadeck {

LagChart::LagChart(QWidget *parent)
    : QChartView(parent)
    , m_chart(new QChart)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    applyChartTheme(m_chart);
    m_chart->setTitle(u"Consumer lag (messages), last 15 minutes"_s);
    m_chart->legend()->setAlignment(Qt::AlignRight); // group ids are long: one per line
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    m_chart->legend()->setFont(legendFont);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setFormat(u"HH:mm:ss"_s);
    m_x->setTickCount(3); // the chart is narrow: three readable times beat six cut ones
    m_x->setTitleText(u"local time"_s);
    const QDateTime now = QDateTime::currentDateTime();
    m_x->setRange(now.addSecs(-60), now);
    m_y->setLabelFormat(u"%.0f"_s);
    m_y->setMin(0);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

int LagChart::pointCount(const QString &group) const
{
    const QLineSeries *s = m_series.value(group);
    int n = s ? int(s->count()) : 0;
    for (const QLineSeries *more : m_more.value(group))
        n += int(more->count());
    return n;
}

void LagChart::setHighlighted(const QString &group)
{
    m_highlight = group;
    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
        QPen pen = it.value()->pen();
        pen.setWidthF(it.key() == group ? 3.0 : 1.5);
        it.value()->setPen(pen);
        for (QLineSeries *more : m_more.value(it.key()))
            more->setPen(pen);
    }
}

void LagChart::render(const LagHistory &history, qint64 nowMs, qint64 spanMs)
{
    const qint64 fromMs = nowMs - spanMs;
    const int columns = std::max(10, int(m_chart->plotArea().width()));
    double maxLag = 10; // an empty or tiny chart still gets whole-number ticks
    qint64 oldest = nowMs;
    for (const QString &group : history.groups()) {
        QLineSeries *s = m_series.value(group);
        if (!s) {
            s = new QLineSeries;
            s->setName(group);
            m_chart->addSeries(s);
            s->attachAxis(m_x);
            s->attachAxis(m_y);
            m_series.insert(group, s);
        }
        const QVector<QPointF> all = history.series(group);
        if (!all.isEmpty())
            oldest = std::min<qint64>(oldest, qint64(all.first().x()));
        const QVector<QPointF> pts = LagHistory::decimate(all, double(fromMs), double(nowMs), columns);
        for (const QPointF &p : pts)
            maxLag = std::max(maxLag, p.y());
        // One line per run of measurements: a stretch without data stays empty.
        const QVector<QVector<QPointF>> runs = LagHistory::splitAtGaps(pts, LagHistory::gapThresholdMs(all));
        const QVector<QPointF> first = runs.value(0);
        s->replace(QList<QPointF>(first.cbegin(), first.cend()));
        QVector<QLineSeries *> &more = m_more[group];
        while (more.size() < runs.size() - 1) {
            auto *extra = new QLineSeries;
            extra->setName(group);
            m_chart->addSeries(extra);
            extra->attachAxis(m_x);
            extra->attachAxis(m_y);
            extra->setPen(s->pen());
            for (QLegendMarker *marker : m_chart->legend()->markers(extra))
                marker->setVisible(false);
            more.append(extra);
        }
        for (qsizetype i = 0; i < more.size(); ++i) {
            const QVector<QPointF> run = i + 1 < runs.size() ? runs.at(i + 1) : QVector<QPointF>();
            more.at(i)->replace(QList<QPointF>(run.cbegin(), run.cend()));
        }
    }
    // Show from the first sample (not an empty 15 minutes) until the history is that long.
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(std::max(fromMs, oldest - 1000)),
                  QDateTime::fromMSecsSinceEpoch(nowMs));
    m_y->setRange(0, maxLag * 1.1);
    m_y->applyNiceNumbers(); // round ticks the eye can read
    setHighlighted(m_highlight);
}

} // namespace sagadeck
