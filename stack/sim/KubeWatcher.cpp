#include "KubeWatcher.h"

#include <httplib.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

KubeWatcher::KubeWatcher(KubeTarget target, Callback onReaction, ImageCallback onPaymentImage, PodsCallback onPods)
    : m_target(std::move(target))
    , m_onReaction(std::move(onReaction))
    , m_onPaymentImage(std::move(onPaymentImage))
    , m_onPods(std::move(onPods))
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

std::unique_ptr<httplib::SSLClient> KubeWatcher::client() const
{
    auto client = std::make_unique<httplib::SSLClient>(m_host, m_port);
    client->set_ca_cert_path(m_target.caFile.c_str());
    client->enable_server_certificate_verification(true);
    client->set_bearer_token_auth(m_token.c_str());
    client->set_connection_timeout(2, 0);
    client->set_read_timeout(5, 0);
    client->set_keep_alive(true);
    return client;
}

bool KubeWatcher::rollOut(const std::string &deployment, const std::string &container, const std::string &image,
                          const std::string &changeCause, std::string &error)
{
    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    const QJsonObject containerPatch{{k("name"), QString::fromStdString(container)},
                                     {k("image"), QString::fromStdString(image)}};
    const QJsonObject patch{
        {k("metadata"),
         QJsonObject{
             {k("annotations"), QJsonObject{{k("kubernetes.io/change-cause"), QString::fromStdString(changeCause)}}}}},
        {k("spec"),
         QJsonObject{
             {k("template"), QJsonObject{{k("spec"), QJsonObject{{k("containers"), QJsonArray{containerPatch}}}}}}}}};
    const std::string path = "/apis/apps/v1/namespaces/" + m_target.ns + "/deployments/" + deployment;
    auto c = client();
    auto res = c->Patch(path.c_str(), QJsonDocument(patch).toJson(QJsonDocument::Compact).toStdString(),
                        "application/strategic-merge-patch+json");
    if (!res) {
        error = "PATCH " + path + ": " + httplib::to_string(res.error());
        return false;
    }
    if (res->status != 200) {
        error = "PATCH " + path + ": HTTP " + std::to_string(res->status) + ": " + res->body.substr(0, 300);
        return false;
    }
    return true;
}

void KubeWatcher::oomKill(httplib::SSLClient &client)
{
    const std::string pods = "/api/v1/namespaces/" + m_target.ns + "/pods";
    auto list = client.Get((pods + "?labelSelector=app%3D" + m_target.deployment).c_str());
    if (!list || list->status != 200) {
        std::fprintf(stderr, "saga-sim: kubernetes: OOM kill: GET %s: %s\n", pods.c_str(),
                     list ? ("HTTP " + std::to_string(list->status)).c_str()
                          : httplib::to_string(list.error()).c_str());
        return;
    }
    char now[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string error;
    const auto patches = oomKilledPatches(list->body, now, error);
    if (!error.empty())
        std::fprintf(stderr, "saga-sim: kubernetes: OOM kill: %s\n", error.c_str());
    for (const auto &[name, body] : patches) {
        const std::string path = pods + "/" + name + "/status";
        auto res = client.Patch(path.c_str(), body, "application/merge-patch+json");
        if (!res || res->status != 200)
            std::fprintf(stderr, "saga-sim: kubernetes: OOM kill: PATCH %s: %s\n", path.c_str(),
                         res ? ("HTTP " + std::to_string(res->status) + " " + res->body.substr(0, 200)).c_str()
                             : httplib::to_string(res.error()).c_str());
        else
            std::fprintf(stderr, "saga-sim: kubernetes: %s OOMKilled and restarted\n", name.c_str());
    }
}

void KubeWatcher::run()
{
    auto client = this->client();
    const std::string prefix = "/apis/apps/v1/namespaces/" + m_target.ns + "/deployments/";
    const std::string path = prefix + m_target.deployment;
    const std::string paymentPath = prefix + m_target.paymentDeployment;
    const std::string podsPath = "/api/v1/namespaces/" + m_target.ns + "/pods";
    OrchestratorFollower follower;
    std::optional<std::string> paymentImage;
    while (!m_stop.load()) {
        const auto next = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        if (m_oomKills.exchange(0) > 0)
            oomKill(*client);
        auto res = client->Get(path.c_str());
        std::string problem;
        if (!res) {
            problem = "GET " + path + ": " + httplib::to_string(res.error());
        } else if (res->status != 200) {
            problem = "GET " + path + ": HTTP " + std::to_string(res->status);
        } else {
            std::string error;
            if (const auto o = parseDeployment(res->body, error)) {
                const auto reaction = follower.observe(*o);
                if (reaction.restart || reaction.replicas)
                    m_onReaction(reaction);
            } else {
                problem = m_target.deployment + ": " + error;
            }
        }
        if (problem.empty() && m_onPaymentImage) {
            auto pay = client->Get(paymentPath.c_str());
            std::string error;
            if (!pay) {
                problem = "GET " + paymentPath + ": " + httplib::to_string(pay.error());
            } else if (pay->status != 200) {
                problem = "GET " + paymentPath + ": HTTP " + std::to_string(pay->status);
            } else if (const auto o = parseDeployment(pay->body, error)) {
                if (!paymentImage || *paymentImage != o->image) {
                    paymentImage = o->image;
                    m_onPaymentImage(o->image);
                }
            } else {
                problem = m_target.paymentDeployment + ": " + error;
            }
        }
        if (problem.empty() && m_onPods) {
            auto pods = client->Get(podsPath.c_str());
            if (!pods)
                problem = "GET " + podsPath + ": " + httplib::to_string(pods.error());
            else if (pods->status != 200)
                problem = "GET " + podsPath + ": HTTP " + std::to_string(pods->status);
            else
                m_onPods(pods->body);
        }
        report(problem);
        while (!m_stop.load() && std::chrono::steady_clock::now() < next)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}
