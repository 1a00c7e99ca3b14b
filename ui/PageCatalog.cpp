#include "PageCatalog.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

const QVector<PageSpec> &pageCatalog()
{
    static const QVector<PageSpec> pages{
        {u"overview"_s,
         u"Overview"_s,
         u"Service-level targets, firing alerts, failed and stuck sagas, worst consumer lag "
         u"and deployment readiness at a glance."_s,
         {FeedKind::Postgres, FeedKind::Kafka, FeedKind::Prometheus, FeedKind::Kubernetes}},
        {u"sagas"_s,
         u"Sagas"_s,
         u"Saga instances by status and type from Postgres: failed, stuck and in-flight "
         u"sagas with their steps and errors."_s,
         {FeedKind::Postgres, FeedKind::Orchestrator}},
        {u"kafka"_s,
         u"Kafka"_s,
         u"Consumer groups with per-partition lag in messages and time, topics, and the live "
         u"saga-events stream."_s,
         {FeedKind::Kafka}},
        {u"metrics"_s,
         u"Metrics"_s,
         u"Request, error and saga rates, p95 latency, connections and memory from "
         u"Prometheus, with the runbook's alerts."_s,
         {FeedKind::Prometheus}},
        {u"services"_s,
         u"Services"_s,
         u"Deployments in Kubernetes: replicas, readiness and rollouts, with restart and "
         u"scale actions."_s,
         {FeedKind::Kubernetes}},
        {u"audit"_s, u"Audit"_s, u"Every operator action this console sent: intent, outcome, who, when and why."_s, {}},
        {u"timeline"_s,
         u"Timeline"_s,
         u"Saga failure rate, p95 latency and lag on one time axis, with alert transitions, "
         u"console actions and deployment restarts and scalings (by anyone) as markers."_s,
         {FeedKind::Prometheus, FeedKind::Kubernetes}},
        {u"playbooks"_s,
         u"Playbooks"_s,
         u"The runbook's common issues as live playbooks: symptoms evaluated now, investigation "
         u"data from the feeds and remedies through the action pipeline."_s,
         {FeedKind::Prometheus, FeedKind::Postgres, FeedKind::Kafka}},
        {u"database"_s,
         u"Database"_s,
         u"Postgres' running queries (those over the long-query threshold marked, with cancel and "
         u"terminate) and pg_stat_statements' slowest statements by mean and by total time."_s,
         {FeedKind::Postgres}},
    };
    return pages;
}

int pageIndexOf(const QString &id)
{
    const auto &pages = pageCatalog();
    for (int i = 0; i < pages.size(); ++i)
        if (pages.at(i).id.compare(id, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

QStringList pageIds()
{
    QStringList ids;
    for (const PageSpec &p : pageCatalog())
        ids << p.id;
    return ids;
}

} // namespace sagadeck
