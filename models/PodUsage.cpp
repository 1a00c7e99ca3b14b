#include "PodUsage.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

const QString kMemoryTag = u"pod-usage:memory"_s;
const QString kCpuTag = u"pod-usage:cpu"_s;

} // namespace

PodUsage::PodUsage(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &PodUsage::ask);
}

void PodUsage::start(const SiteNames &names, const QString &ns, int intervalMs)
{
    m_names = names;
    m_readings.clear();
    m_at = {};
    m_error.clear();
    // A pod's containers, not its own cgroup (container="") nor the pause container ("POD").
    const QString selector = u"{${namespace}=\"%1\", ${container}!=\"\", ${container}!=\"POD\"}"_s.arg(ns);
    m_memoryQuery = names.expand(u"sum by (${pod}) (${pod_memory}"_s + selector + u')');
    m_cpuQuery = names.expand(u"sum by (${pod}) (rate(${pod_cpu}"_s + selector + u"[2m]))"_s);
    m_timer->start(intervalMs);
    ask();
}

void PodUsage::stop()
{
    m_timer->stop();
    m_memoryId = m_cpuId = 0;
}

std::optional<PodUsage::Reading> PodUsage::reading(const QString &pod) const
{
    const auto it = m_readings.constFind(pod);
    return it == m_readings.cend() ? std::nullopt : std::optional<Reading>(*it);
}

void PodUsage::ask()
{
    m_incoming.clear();
    m_answers = 0;
    m_failed = false;
    m_problems.clear();
    PromRequest memory;
    memory.id = m_memoryId = m_nextId++;
    memory.tag = kMemoryTag;
    memory.query = m_memoryQuery;
    emit requested(memory);
    PromRequest cpu;
    cpu.id = m_cpuId = m_nextId++;
    cpu.tag = kCpuTag;
    cpu.query = m_cpuQuery;
    emit requested(cpu);
}

void PodUsage::applyAnswer(const PromAnswer &answer)
{
    const bool memory = answer.request.tag == kMemoryTag && answer.request.id == m_memoryId;
    const bool cpu = answer.request.tag == kCpuTag && answer.request.id == m_cpuId;
    if (!memory && !cpu)
        return;
    (memory ? m_memoryId : m_cpuId) = 0;
    const QString metric = m_names.name(memory ? u"pod_memory"_s : u"pod_cpu"_s);
    if (!answer.ok())
        m_problems << u"%1: %2"_s.arg(metric, answer.error);
    else if (answer.series.isEmpty())
        m_problems << u"%1 has no series in the namespace (none yet, or another name at this site)"_s.arg(metric);
    const QString podLabel = m_names.name(u"pod"_s);
    for (const PromSeries &s : answer.series) {
        if (s.points.isEmpty())
            continue;
        Reading &r = m_incoming[s.labels.value(podLabel)];
        (memory ? r.memoryBytes : r.cpuCores) = s.points.last().v;
    }
    if (!answer.ok())
        m_failed = true;
    if (++m_answers < 2)
        return;
    // Both came: one consistent reading of every pod. A failed question keeps the last readings
    // and their time (they are not current, and the error says why).
    if (!m_failed) {
        m_readings = m_incoming;
        m_at = QDateTime::currentDateTimeUtc();
    }
    m_error = m_problems.join(u"; "_s);
    emit changed();
}

} // namespace sagadeck
