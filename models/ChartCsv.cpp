#include "ChartCsv.h"

#include "MetricsDashboard.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QByteArray quoted(const QString &text)
{
    QByteArray b = text.toUtf8();
    if (b.contains(',') || b.contains('"') || b.contains('\n') || b.contains('\r'))
        b = '"' + b.replace("\"", "\"\"") + '"';
    return b;
}
} // namespace

QByteArray chartCsv(const ChartData &chart)
{
    QByteArray out = "# " + chart.spec.title.toUtf8() + "; query: " + chart.spec.query.toUtf8() + "; start "
        + QByteArray::number(chart.window.start, 'f', 3) + "; end " + QByteArray::number(chart.window.end, 'f', 3)
        + "; step " + QByteArray::number(chart.window.step, 'f', 3) + " s\n";
    out += "series,time_utc,unix_s,value\n";
    for (const PromSeries &s : chart.series) {
        const QByteArray name = quoted(s.displayName());
        for (const PromPoint &p : s.points) {
            const QString time =
                QDateTime::fromMSecsSinceEpoch(qint64(p.t * 1000), Qt::UTC).toString(Qt::ISODateWithMs);
            out += name + ',' + time.toUtf8() + ',' + QByteArray::number(p.t, 'f', 3) + ','
                + QByteArray::number(p.v, 'g', 17) + '\n';
        }
    }
    return out;
}

} // namespace sagadeck
