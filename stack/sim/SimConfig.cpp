#include "SimConfig.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace {

bool toLong(const std::string &text, long long &out)
{
    if (text.empty())
        return false;
    char *end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    out = v;
    return true;
}

bool toDouble(const std::string &text, double &out)
{
    if (text.empty())
        return false;
    char *end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v))
        return false;
    out = v;
    return true;
}

std::string joined(const std::vector<std::string> &names)
{
    std::string s;
    for (const std::string &n : names)
        s += (s.empty() ? "" : ", ") + n;
    return s;
}

} // namespace

std::string SimConfig::usage()
{
    return "usage: saga-sim run --pg CONNINFO --kafka BOOTSTRAP [--topic saga-events] [--api-port 28080]\n"
           "                    [--metrics-port 29100] [--rate 5] [--seed N] [--scenario NAME]\n"
           "                    [--kube-server URL --kube-ca FILE --kube-token-file FILE\n"
           "                     [--kube-namespace microservices] [--kube-deployment saga-orchestrator]\n"
           "                     [--oom-after-mib N]]\n"
           "                    [--log-dir DIR]\n"
           "       saga-sim seed --pg CONNINFO --sagas N [--seed N]\n"
           "scenarios: "
        + joined(scenarioNames()) + "\n";
}

bool SimConfig::parse(const std::vector<std::string> &args, SimConfig &out, std::string &error)
{
    out = SimConfig();
    if (args.empty()) {
        error = "missing command (run or seed)";
        return false;
    }
    if (args[0] == "run") {
        out.command = Command::Run;
    } else if (args[0] == "seed") {
        out.command = Command::Seed;
    } else {
        error = "unknown command '" + args[0] + "' (expected run or seed)";
        return false;
    }
    const bool run = out.command == Command::Run;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &opt = args[i];
        if (i + 1 >= args.size()) {
            error = "option " + opt + " needs a value";
            return false;
        }
        const std::string &value = args[++i];
        long long n = 0;
        auto port = [&](int &target) {
            if (!toLong(value, n) || n < 1 || n > 65535) {
                error = opt + ": not a port: '" + value + "'";
                return false;
            }
            target = int(n);
            return true;
        };
        if (opt == "--pg") {
            out.pgConninfo = value;
        } else if (opt == "--seed") {
            if (!toLong(value, n) || n < 0) {
                error = "--seed: not a non-negative integer: '" + value + "'";
                return false;
            }
            out.seed = uint64_t(n);
            out.seedGiven = true;
        } else if (run && opt == "--kafka") {
            out.kafkaBootstrap = value;
        } else if (run && opt == "--topic") {
            out.topic = value;
        } else if (run && opt == "--api-port") {
            if (!port(out.apiPort))
                return false;
        } else if (run && opt == "--metrics-port") {
            if (!port(out.metricsPort))
                return false;
        } else if (run && opt == "--rate") {
            if (!toDouble(value, out.rate) || out.rate < 0 || out.rate > 1000) {
                error = "--rate: expected sagas per second between 0 and 1000, got '" + value + "'";
                return false;
            }
        } else if (run && opt == "--scenario") {
            const auto s = parseScenario(value);
            if (!s) {
                error = "--scenario: unknown scenario '" + value + "' (valid: " + joined(scenarioNames()) + ")";
                return false;
            }
            out.scenario = *s;
        } else if (run && opt == "--kube-server") {
            out.kubeServer = value;
        } else if (run && opt == "--kube-ca") {
            out.kubeCa = value;
        } else if (run && opt == "--kube-token-file") {
            out.kubeTokenFile = value;
        } else if (run && opt == "--kube-namespace") {
            out.kubeNamespace = value;
        } else if (run && opt == "--kube-deployment") {
            out.kubeDeployment = value;
        } else if (run && opt == "--oom-after-mib") {
            if (!toLong(value, n) || n < 0 || n > 4096) {
                error = "--oom-after-mib: expected MiB between 0 and 4096, got '" + value + "'";
                return false;
            }
            out.oomAfterMib = int(n);
        } else if (run && opt == "--log-dir") {
            out.logDir = value;
        } else if (!run && opt == "--sagas") {
            if (!toLong(value, out.sagas) || out.sagas < 1 || out.sagas > 100000000) {
                error = "--sagas: expected a count between 1 and 100000000, got '" + value + "'";
                return false;
            }
        } else {
            error = "unknown option '" + opt + "' for " + args[0];
            return false;
        }
    }
    if (out.pgConninfo.empty()) {
        error = "--pg CONNINFO is required";
        return false;
    }
    if (run && out.kafkaBootstrap.empty()) {
        error = "--kafka BOOTSTRAP is required";
        return false;
    }
    if (run && !out.kubeServer.empty() && (out.kubeCa.empty() || out.kubeTokenFile.empty())) {
        error = "--kube-server needs --kube-ca and --kube-token-file";
        return false;
    }
    if (!run && out.sagas == 0) {
        error = "--sagas N is required";
        return false;
    }
    return true;
}
