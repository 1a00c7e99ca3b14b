#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include "ErrorBudget.h"
#include "SiteNames.h"

namespace sagadeck {

// The one definition of each service-level quantity the console shows, in the site's names
// (SiteNames): the overview's tiles,
// the Metrics page's charts, the timeline's lanes and the playbooks' symptoms read these very
// queries, so two pages cannot disagree about one number (tests check the playbooks' file and
// the built-in alert rules against them).
//
// Zero is not no data: a counter that never incremented has no series, so a ratio whose
// numerator is such a counter would read "no data" on a healthy system. Each ratio takes its
// numerator `or` the denominator times 0, so it is 0 wherever the denominator exists, and has
// no series only where the denominator has none (the metric is truly absent).
namespace levelquery {
// Saga success, the runbook's "Saga Success Rate": completed / created.
QString sagaSuccess(const SiteNames &names = {});
// Saga failure: failed / created (the runbook's SagaFailureRate, over all saga types).
QString sagaFailure(const SiteNames &names = {});
// Saga failure per saga_type: the SagaFailureRate rule.
QString sagaFailureByType(const SiteNames &names = {});
// The share of HTTP requests answered with a 5xx, over all services.
QString errorRatio(const SiteNames &names = {});
// The same per service: the Metrics page's error chart and the HighErrorRate rule.
QString errorRatioByService(const SiteNames &names = {});
// Availability from its own signal: the share of requests NOT answered with a 5xx (so it
// stays a separate query a site can point elsewhere, e.g. at `up`).
QString availability(const SiteNames &names = {});
// API p95 latency over all services, and per service (the HighLatency rule).
QString latencyP95(const SiteNames &names = {});
QString latencyP95ByService(const SiteNames &names = {});
// Connection pool use per service: the DatabaseConnections rule.
QString dbConnectionsByService(const SiteNames &names = {});
// Request rate and memory per service: the Metrics page's charts.
QString requestRateByService(const SiteNames &names = {});
QString memoryByService(const SiteNames &names = {});
// Consumer lag of one topic (empty: every topic), in all and per consumer group: the timeline's
// lag lane and the lag history from before the console started.
QString lagOfTopic(const SiteNames &names, const QString &topic);
QString lagByGroupOfTopic(const SiteNames &names, const QString &topic);
// An objective's bad share over a window ("30d", "1h"): for "success" the failed sagas per
// created one, for "availability" the requests answered 5xx. resources/slo-rules.json's burn
// rules divide these by the budget.
QString sloBadRatio(const QString &slo, const QString &window, const SiteNames &names = {});
} // namespace levelquery

// A service-level tile: which quantity, which query, what the signal is (for the tooltip).
struct ServiceLevelQuery
{
    QString id; // success, latency, availability, errors (the overview's tile ids)
    QString query;
    QString signal; // "completed / created sagas over 5 min"
};
// The four tiles' quantities, then each objective's bad share over every burn::windows() window
// (ids sloLevelId()).
QVector<ServiceLevelQuery> serviceLevelQueries(const SiteNames &names = {}, const SloSettings &objectives = {});
QString sloLevelId(const QString &slo, const QString &window); // "budget:success:1h"
// resources/slo-rules.json with the objectives' budgets written in (${budget_success},
// ${budget_availability}); the names are left for parseAlertRules.
QByteArray sloRulesWithBudgets(QByteArray json, const SloSettings &objectives);

QString serviceLevelQuery(const QString &id, const SiteNames &names = {});

// The metric names a PromQL expression reads (selectors' names, not functions, keywords,
// labels or strings), sorted and unique.
QStringList metricNamesIn(const QString &query);
// Which of `names` have any series now: an instant query answering one series per present name
// (its __name__ label).
QString presenceQuery(const QStringList &names);

} // namespace sagadeck
