#pragma once

#include "DeploymentInfo.h"
#include "RequestOutcome.h"

#include <QMetaType>
#include <QString>

namespace sagadeck {

// The outcome of one KubeClient mutation or read-back, matched to its caller by requestId.
// `outcome` says whether it happened (HttpResult::outcome(), plus the client's own precondition
// check): a lost answer to a mutation (network error, timeout, 5xx) is Unknown, never success;
// a read that got no answer is Failed.
struct KubeResult
{
    QString requestId;
    QString verb; // "restart", "scale", "get"
    QString name; // the deployment
    RequestOutcome outcome;
    int httpStatus = 0;     // 0: no HTTP answer (refused locally, network, timeout)
    QString message;        // plain text for the operator; empty when done
    QString reason;         // the Status object's reason (Forbidden, Conflict, ...)
    QString auditId;        // the server's request id (Audit-Id) response header
    qint64 generation = -1; // metadata.generation of the returned object, -1: none
    int replicas = -1;      // spec.replicas of the returned object, -1: none
    bool hasDeployment = false;
    DeploymentInfo deployment; // when the server returned a Deployment
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KubeResult)
