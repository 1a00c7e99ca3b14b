#include "PromEnvelope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

PromAnswer malformed(const QString &why, int httpStatus)
{
    PromAnswer a;
    a.errorType = u"malformed"_s;
    a.error = httpStatus >= 300 || httpStatus < 200 ? u"HTTP %1 with an unreadable body (%2)"_s.arg(httpStatus).arg(why)
                                                    : u"not a Prometheus API answer: "_s + why;
    return a;
}

QMap<QString, QString> labelsOf(const QJsonObject &o)
{
    QMap<QString, QString> labels;
    for (auto it = o.begin(); it != o.end(); ++it)
        labels.insert(it.key(), it.value().toString());
    return labels;
}

// [ <unix seconds>, "<value>" ]
bool pointOf(const QJsonValue &v, PromPoint *out)
{
    const QJsonArray pair = v.toArray();
    if (pair.size() != 2 || !pair.at(0).isDouble() || !pair.at(1).isString())
        return false;
    out->t = pair.at(0).toDouble();
    return parsePromValue(pair.at(1).toString(), &out->v);
}

bool readResult(const QJsonObject &data, PromAnswer *a, QString *why)
{
    a->resultType = data.value(u"resultType"_s).toString();
    const QJsonValue result = data.value(u"result"_s);
    if (a->resultType == u"scalar"_s || a->resultType == u"string"_s) {
        PromSeries s;
        PromPoint p;
        if (a->resultType == u"scalar"_s && !pointOf(result, &p)) {
            *why = u"scalar result is not [time, \"value\"]"_s;
            return false;
        }
        s.points.append(p);
        a->series.append(s);
        return true;
    }
    if (a->resultType != u"matrix"_s && a->resultType != u"vector"_s) {
        *why = u"unknown resultType '%1'"_s.arg(a->resultType);
        return false;
    }
    if (!result.isArray()) {
        *why = u"result is not a list"_s;
        return false;
    }
    const bool matrix = a->resultType == u"matrix"_s;
    const QJsonArray items = result.toArray();
    a->series.reserve(items.size());
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        PromSeries s;
        s.labels = labelsOf(o.value(u"metric"_s).toObject());
        if (matrix) {
            const QJsonArray values = o.value(u"values"_s).toArray();
            s.points.reserve(values.size());
            for (const QJsonValue &v : values) {
                PromPoint p;
                if (!pointOf(v, &p)) {
                    *why = u"a sample is not [time, \"value\"]"_s;
                    return false;
                }
                s.points.append(p);
            }
        } else {
            PromPoint p;
            if (!pointOf(o.value(u"value"_s), &p)) {
                *why = u"a sample is not [time, \"value\"]"_s;
                return false;
            }
            s.points.append(p);
        }
        a->series.append(s);
    }
    return true;
}

bool readAlerts(const QJsonObject &data, PromAnswer *a, QString *why)
{
    if (!data.value(u"alerts"_s).isArray()) {
        *why = u"alerts is not a list"_s;
        return false;
    }
    a->resultType = u"alerts"_s;
    for (const QJsonValue &v : data.value(u"alerts"_s).toArray()) {
        const QJsonObject o = v.toObject();
        PromAlert al;
        al.labels = labelsOf(o.value(u"labels"_s).toObject());
        al.name = al.labels.value(u"alertname"_s);
        al.state = o.value(u"state"_s).toString();
        al.activeAt = o.value(u"activeAt"_s).toString();
        double value = 0;
        if (parsePromValue(o.value(u"value"_s).toString(), &value))
            al.value = value;
        a->alerts.append(al);
    }
    return true;
}

} // namespace

bool parsePromValue(const QString &text, double *out)
{
    if (text == u"NaN"_s) {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (text == u"+Inf"_s || text == u"Inf"_s) {
        *out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == u"-Inf"_s) {
        *out = -std::numeric_limits<double>::infinity();
        return true;
    }
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok;
}

PromAnswer parsePromEnvelope(const QByteArray &body, int httpStatus)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformed(u"JSON error at byte %1: %2"_s.arg(parseError.offset).arg(parseError.errorString()),
                         httpStatus);
    if (!doc.isObject())
        return malformed(u"the body is not a JSON object"_s, httpStatus);
    const QJsonObject root = doc.object();
    PromAnswer a;
    for (const QJsonValue &w : root.value(u"warnings"_s).toArray())
        a.warnings << w.toString();
    const QString status = root.value(u"status"_s).toString();
    if (status == u"error"_s) {
        a.errorType = root.value(u"errorType"_s).toString();
        if (a.errorType.isEmpty())
            a.errorType = u"unknown"_s;
        const QString message = root.value(u"error"_s).toString();
        a.error = u"Prometheus %1 error: %2"_s.arg(a.errorType, message.isEmpty() ? u"(no message)"_s : message);
        return a;
    }
    if (status != u"success"_s)
        return malformed(u"status is '%1', not success or error"_s.arg(status), httpStatus);
    const QJsonObject data = root.value(u"data"_s).toObject();
    QString why;
    const bool ok = data.contains(u"alerts"_s) ? readAlerts(data, &a, &why) : readResult(data, &a, &why);
    if (!ok) {
        PromAnswer bad = malformed(why, httpStatus);
        bad.warnings = a.warnings;
        return bad;
    }
    return a;
}

QString PromSeries::displayName() const
{
    if (labels.isEmpty())
        return u"value"_s;
    // A single "service" label reads best alone.
    if (labels.size() == 1)
        return labels.first();
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(u", "_s);
}

} // namespace sagadeck
