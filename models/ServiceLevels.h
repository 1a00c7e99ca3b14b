#pragma once

#include <QString>
#include <QVector>

#include <cmath>
#include <optional>

namespace sagadeck {

// The service-level targets of docs/architecture.md §1 read against the latest values of their own
// queries (ServiceLevelQueries, shared with the Metrics page, the timeline and the playbooks):
// saga success rate > 99.5 %, API p95 < 500 ms, availability > 99.95 %, error rate < 0.1 %.
struct ServiceLevel
{
    enum class State
    {
        Met,
        Missed,
        Unknown
    };

    QString id;      // success, latency, availability, errors
    QString caption; // "Saga success rate"
    QString target;  // "> 99.5 %"
    State state = State::Unknown;
    QString value;  // "99.82 %", "312 ms", "no data"
    QString detail; // target and verdict in words: "target > 99.5 % · met"
};

QString serviceLevelStateName(ServiceLevel::State state); // met | missed | no data

// Inputs: the last values of the service-level queries: saga success (completed/created),
// p95 in seconds, availability (share of non-5xx requests) and the error ratio (5xx/all);
// nullopt or NaN = no data.
QVector<ServiceLevel> evaluateServiceLevels(std::optional<double> sagaSuccessRatio, std::optional<double> p95Seconds,
                                            std::optional<double> availabilityRatio, std::optional<double> errorRatio);

} // namespace sagadeck
