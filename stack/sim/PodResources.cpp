#include "PodResources.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QString>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <regex>

std::optional<double> parseQuantity(const std::string &quantity)
{
    static const std::regex re(
        R"(^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$)");
    std::smatch m;
    if (!std::regex_match(quantity, m, re))
        return std::nullopt;
    static const std::map<std::string, double> factor = {{"", 1},
                                                         {"n", 1e-9},
                                                         {"u", 1e-6},
                                                         {"m", 1e-3},
                                                         {"k", 1e3},
                                                         {"M", 1e6},
                                                         {"G", 1e9},
                                                         {"T", 1e12},
                                                         {"P", 1e15},
                                                         {"E", 1e18},
                                                         {"Ki", 1024},
                                                         {"Mi", 1048576.0},
                                                         {"Gi", 1073741824.0},
                                                         {"Ti", 1099511627776.0},
                                                         {"Pi", std::pow(1024.0, 5)},
                                                         {"Ei", std::pow(1024.0, 6)}};
    const double v = std::stod(m[1].str()) * factor.at(m[2].str());
    if (!std::isfinite(v))
        return std::nullopt;
    return v;
}

std::vector<PodContainer> runningContainers(const std::string &podListJson, const std::vector<std::string> &deployments,
                                            std::string &error)
{
    std::vector<PodContainer> out;
    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(podListJson), &parseError);
    if (!doc.isObject() || !doc.object().value(k("items")).isArray()) {
        error = "not a PodList: " + parseError.errorString().toStdString();
        return out;
    }
    for (const QJsonValue &item : doc.object().value(k("items")).toArray()) {
        const QJsonObject pod = item.toObject();
        const QJsonObject meta = pod.value(k("metadata")).toObject();
        if (meta.contains(k("deletionTimestamp"))
            || pod.value(k("status")).toObject().value(k("phase")).toString() != k("Running"))
            continue;
        const std::string name = meta.value(k("name")).toString().toStdString();
        for (const QJsonValue &c : pod.value(k("spec")).toObject().value(k("containers")).toArray()) {
            const QJsonObject container = c.toObject();
            PodContainer pc;
            pc.pod = name;
            pc.container = container.value(k("name")).toString().toStdString();
            if (std::find(deployments.begin(), deployments.end(), pc.container) == deployments.end())
                continue;
            const QJsonObject limits = container.value(k("resources")).toObject().value(k("limits")).toObject();
            // the API server normalises quantities to strings; a number is accepted too
            const auto quantity = [&](const char *key) -> std::optional<double> {
                const QJsonValue v = limits.value(k(key));
                if (v.isDouble())
                    return v.toDouble();
                return v.isString() ? parseQuantity(v.toString().toStdString()) : std::nullopt;
            };
            pc.memoryLimitBytes = quantity("memory");
            pc.cpuLimitCores = quantity("cpu");
            out.push_back(std::move(pc));
        }
    }
    return out;
}

double modelledServiceMemoryBytes(const std::string &service, double seconds)
{
    constexpr double MiB = 1024 * 1024;
    const double wobble = std::sin(seconds / 60.0) * 4.0 * MiB; // a period of ~6 minutes
    if (service == "inventory-service")
        return 96 * MiB + wobble;
    if (service == "payment-service")
        return 112 * MiB - wobble;
    if (service == "notification-service")
        return 80 * MiB + wobble / 2;
    return 64 * MiB;
}

double podSkew(const std::string &pod)
{
    // FNV-1a: stable across runs and platforms (std::hash is not)
    uint32_t h = 2166136261u;
    for (unsigned char c : pod)
        h = (h ^ c) * 16777619u;
    return double(h % 2001) / 1000.0 - 1.0;
}

std::vector<PodUsage::Sample> PodUsage::update(const std::vector<PodContainer> &containers, double now,
                                               const std::map<std::string, double> &requestTotals,
                                               double orchestratorResidentBytes)
{
    const double dt = m_lastNow ? std::max(0.0, now - *m_lastNow) : 0.0;
    m_lastNow = now;
    // requests served since the last update, per service (a counter that went back: none)
    std::map<std::string, double> served;
    double stepCalls = 0;
    for (const auto &[service, total] : requestTotals) {
        const auto last = m_lastTotals.find(service);
        const double d = last == m_lastTotals.end() ? 0.0 : std::max(0.0, total - last->second);
        served[service] = d;
        if (service != "saga-orchestrator")
            stepCalls += d;
    }
    m_lastTotals = requestTotals;

    std::map<std::string, int> podsOf;
    for (const PodContainer &c : containers)
        ++podsOf[c.container];

    std::map<std::string, State> next;
    std::vector<Sample> out;
    for (const PodContainer &c : containers) {
        const std::string key = c.pod + "/" + c.container;
        State state;
        if (const auto it = m_state.find(key); it != m_state.end())
            state = it->second;
        const double skew = podSkew(c.pod);
        const double share = (1.0 + 0.1 * skew) / podsOf[c.container];
        double work = served[c.container] * kCpuPerRequestSeconds;
        if (c.container == "saga-orchestrator")
            work += stepCalls * kCpuPerCallSeconds;
        state.cpuSeconds += kIdleCores * dt + work * share;
        next[key] = state;

        Sample s;
        s.container = c;
        s.cpuSeconds = state.cpuSeconds;
        s.memoryBytes = c.container == "saga-orchestrator"
            ? orchestratorResidentBytes
            : modelledServiceMemoryBytes(c.container, now) * (1.0 + 0.05 * skew);
        out.push_back(std::move(s));
    }
    m_state = std::move(next);
    return out;
}
