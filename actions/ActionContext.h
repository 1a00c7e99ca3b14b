#pragma once

#include <QString>

#include <atomic>

namespace sagadeck {

class AuditWriter;
class OrchestratorClient;

// What the saga action classes share: the profile facts they need and the two workers they
// talk to. The client and the writer live on threads of their own; planner and runner reach
// them only through queued calls and their signals.
struct ActionContext
{
    QString profile;
    bool production = false;
    bool readOnly = false;
    QString readOnlyWhy;            // e.g. "profile 'prod' is read_only" or "--read-only"
    QString orchestratorDisabled;   // non-empty: no orchestrator in this profile, and why
    QString requestedBy;            // the orchestrator's requested_by (OS user)
    int stuckAfterS = 300;
    OrchestratorClient *client = nullptr;
    AuditWriter *audit = nullptr;
    // Verification: re-read the saga every pollMs until it moved on, at most verifyTimeoutMs.
    int verifyTimeoutMs = 15000;
    int verifyPollMs = 300;
    // Bulk: at most this many requests per second.
    double ratePerSecond = 5;
    // A preview older than this is not acted on: the operator confirmed what they saw then.
    int maxPlanAgeS = 600;

    // Unique request ids for the orchestrator, across planners and runners of the process.
    static quint64 nextRequestId()
    {
        static std::atomic<quint64> next{1};
        return next++;
    }
};

} // namespace sagadeck
