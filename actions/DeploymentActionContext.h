#pragma once

#include "KubeTarget.h"

#include <QString>

namespace sagadeck {

class AuditWriter;
class KubeClient;

// What the deployment action classes share: the profile facts they need and the two workers
// they talk to. The KubeClient and the AuditWriter live on threads of their own; planner and
// runner reach them only through queued calls and their signals.
struct DeploymentActionContext
{
    QString profile;
    bool production = false;
    bool readOnly = false;
    QString readOnlyWhy;            // e.g. "profile 'prod' is read_only" or "--read-only"
    QString kubernetesDisabled;     // non-empty: no Kubernetes in this profile, and why
    QString ns;                     // the profile's namespace, until the client names its own
    // The client's last targetChanged() (context, cluster, user, insecure flag). Planner and
    // runner also follow targetChanged() themselves; pass it here when the client already
    // announced it before they were made (the console's session keeps the last one).
    KubeTarget target;
    KubeClient *client = nullptr;
    AuditWriter *audit = nullptr;
    // Network retries of one intent (same ActionId, same restartedAt): at most this many
    // attempts, waiting retryBaseMs, 2x, 4x... between them.
    int maxAttempts = 3;
    int retryBaseMs = 500;
    // Verification: re-read the deployment every pollMs until the effect shows, at most
    // verifyTimeoutMs.
    int verifyTimeoutMs = 30000;
    int verifyPollMs = 500;
};

} // namespace sagadeck
