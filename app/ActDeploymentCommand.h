#pragma once

#include "CommandLineOptions.h"
#include "Profile.h"

#include <cstdio>

namespace sagadeck {

// `sagadeck act restart|scale DEPLOYMENT`: the Kubernetes half of `act`, through the same
// pipeline as the console (DeploymentActionPlanner, then DeploymentActionRunner): prints the
// preview, asks on `in` unless --yes (type the deployment's name for restart and scale to
// zero, "yes" for another scale), prints the stages and the outcome and returns the exit code
// of ActExitCode: 0 only on verified success, 1 failed, 4 refused before sending (read-only,
// no Kubernetes, no such deployment, already at N replicas, not confirmed), 5 outcome unknown.
// Needs a QCoreApplication; blocks the calling thread (a CLI has no GUI to keep responsive).
int runDeploymentActCommand(const Profile &profile, const CommandLineOptions::ActOptions &act, FILE *out,
                            FILE *err, FILE *in = stdin);

} // namespace sagadeck
