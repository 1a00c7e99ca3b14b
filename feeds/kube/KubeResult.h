#pragma once

#include "DeploymentInfo.h"

#include <QMetaType>
#include <QString>

namespace sagadeck {

// The outcome of one KubeClient mutation or read-back, matched to its caller by requestId.
// `ok` is true only when the API server answered 2xx; a lost answer (network error, timeout)
// has httpStatus 0 and means "outcome unknown", never success.
struct KubeResult
{
    QString requestId;
    QString verb;                     // "restart", "scale", "get"
    QString name;                     // the deployment
    int httpStatus = 0;               // 0: no HTTP answer (refused locally, network, timeout)
    bool ok = false;
    bool answered = false;            // an HTTP answer arrived (false: outcome unknown or refused locally)
    QString message;                  // plain text for the operator; empty when ok
    QString reason;                   // the Status object's reason (Forbidden, Conflict, ...)
    QString auditId;                  // the server's Audit-Id response header
    qint64 generation = -1;           // metadata.generation of the returned object, -1: none
    int replicas = -1;                // spec.replicas of the returned object, -1: none
    bool hasDeployment = false;
    DeploymentInfo deployment;        // when the server returned a Deployment
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KubeResult)
