#include "ServiceLevels.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString serviceLevelStateName(ServiceLevel::State state)
{
    switch (state) {
    case ServiceLevel::State::Met: return u"met"_s;
    case ServiceLevel::State::Missed: return u"missed"_s;
    case ServiceLevel::State::Unknown: break;
    }
    return u"no data"_s;
}

namespace {

bool known(const std::optional<double> &v)
{
    return v && std::isfinite(*v);
}

ServiceLevel level(const QString &id, const QString &caption, const QString &target, std::optional<double> shown,
                   bool met, const QString &valueText)
{
    ServiceLevel s;
    s.id = id;
    s.caption = caption;
    s.target = target;
    s.state = !known(shown) ? ServiceLevel::State::Unknown
        : met               ? ServiceLevel::State::Met
                            : ServiceLevel::State::Missed;
    s.value = known(shown) ? valueText : u"no data"_s;
    s.detail = u"target %1 · %2"_s.arg(target, serviceLevelStateName(s.state));
    return s;
}

QString percent(double ratio, int decimals)
{
    return QString::number(ratio * 100.0, 'f', decimals) + u" %"_s;
}

} // namespace

QVector<ServiceLevel> evaluateServiceLevels(std::optional<double> sagaSuccessRatio, std::optional<double> p95Seconds,
                                            std::optional<double> availabilityRatio, std::optional<double> errorRatio)
{
    QVector<ServiceLevel> out;
    const std::optional<double> &success = sagaSuccessRatio;
    out.append(level(u"success"_s, u"Saga success rate"_s, u"> 99.5 %"_s, success, known(success) && *success > 0.995,
                     known(success) ? percent(*success, 2) : QString()));
    out.append(level(u"latency"_s, u"API p95 latency"_s, u"< 500 ms"_s, p95Seconds,
                     known(p95Seconds) && *p95Seconds < 0.5,
                     known(p95Seconds) ? QString::number(*p95Seconds * 1000.0, 'f', 0) + u" ms"_s : QString()));
    const std::optional<double> &availability = availabilityRatio;
    out.append(level(u"availability"_s, u"Availability"_s, u"> 99.95 %"_s, availability,
                     known(availability) && *availability > 0.9995,
                     known(availability) ? percent(*availability, 3) : QString()));
    out.append(level(u"errors"_s, u"Error rate"_s, u"< 0.1 %"_s, errorRatio, known(errorRatio) && *errorRatio < 0.001,
                     known(errorRatio) ? percent(*errorRatio, 3) : QString()));
    return out;
}

} // namespace sagadeck
