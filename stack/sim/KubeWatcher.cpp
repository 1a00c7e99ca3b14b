#include "KubeWatcher.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

KubeWatcher::KubeWatcher(KubeTarget target, Callback onReaction)
    : m_target(std::move(target))
    , m_onReaction(std::move(onReaction))
{}

KubeWatcher::~KubeWatcher()
{
    stop();
}

bool KubeWatcher::start(std::string &error)
{
    const std::string prefix = "https://";
    if (m_target.server.compare(0, prefix.size(), prefix) != 0) {
        error = "--kube-server must be an https:// URL, got '" + m_target.server + "'";
        return false;
    }
    const std::string hostPort = m_target.server.substr(prefix.size());
    const size_t colon = hostPort.rfind(':');
    m_host = hostPort.substr(0, colon);
    if (colon != std::string::npos) {
        try {
            m_port = std::stoi(hostPort.substr(colon + 1));
        } catch (const std::exception &) {
            error = "--kube-server: bad port in '" + m_target.server + "'";
            return false;
        }
    }
    std::ifstream tokenFile(m_target.tokenFile);
    std::getline(tokenFile, m_token);
    if (m_token.empty()) {
        error = "--kube-token-file: cannot read a token from '" + m_target.tokenFile + "'";
        return false;
    }
    m_thread = std::thread([this] { run(); });
    return true;
}

void KubeWatcher::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void KubeWatcher::report(const std::string &problem)
{
    if (problem != m_lastProblem && !problem.empty())
        std::fprintf(stderr, "saga-sim: kubernetes: %s\n", problem.c_str());
    else if (problem.empty() && !m_lastProblem.empty())
        std::fprintf(stderr, "saga-sim: kubernetes: following %s/%s again\n", m_target.ns.c_str(),
                     m_target.deployment.c_str());
    m_lastProblem = problem;
}

void KubeWatcher::run()
{
    httplib::SSLClient client(m_host, m_port);
    client.set_ca_cert_path(m_target.caFile.c_str());
    client.enable_server_certificate_verification(true);
    client.set_bearer_token_auth(m_token.c_str());
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(5, 0);
    client.set_keep_alive(true);
    const std::string path = "/apis/apps/v1/namespaces/" + m_target.ns + "/deployments/" + m_target.deployment;
    OrchestratorFollower follower;
    while (!m_stop.load()) {
        const auto next = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        auto res = client.Get(path.c_str());
        if (!res) {
            report("GET " + path + ": " + httplib::to_string(res.error()));
        } else if (res->status != 200) {
            report("GET " + path + ": HTTP " + std::to_string(res->status));
        } else {
            std::string error;
            if (const auto o = parseDeployment(res->body, error)) {
                report("");
                const auto reaction = follower.observe(*o);
                if (reaction.restart || reaction.replicas)
                    m_onReaction(reaction);
            } else {
                report(m_target.deployment + ": " + error);
            }
        }
        while (!m_stop.load() && std::chrono::steady_clock::now() < next)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}
