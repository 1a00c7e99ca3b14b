#include "PodTableModel.h"
#include "PlainText.h"

#include <QFont>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

PodTableModel::PodTableModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Pod"_s, u"Deployment"_s, u"Status"_s, u"Ready"_s, u"Restarts"_s, u"Memory"_s, u"CPU"_s,
                          u"Last termination"_s, u"Node"_s, u"Age"_s, u"Limits"_s, u"Image"_s},
                         {}, parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

QString PodTableModel::describeAge(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid())
        return u"?"_s;
    const qint64 s = std::max<qint64>(0, since.secsTo(now));
    if (s < 120)
        return u"%1 s"_s.arg(s);
    if (s < 3600)
        return u"%1 min"_s.arg(s / 60);
    if (s < 48 * 3600)
        return u"%1 h %2 min"_s.arg(s / 3600).arg(s % 3600 / 60);
    return u"%1 d"_s.arg(s / 86400);
}

QString PodTableModel::describeTermination(const ContainerTermination &t, const QDateTime &now)
{
    if (!t.happened())
        return {};
    QString text = t.reason.isEmpty() ? u"terminated"_s : t.reason;
    if (t.exitCode != 0)
        text += u" (exit %1)"_s.arg(t.exitCode);
    if (t.finishedAt.isValid())
        text += u' ' + describeAge(t.finishedAt, now) + u" ago"_s;
    return text;
}

namespace {

QString joined(const PodInfo &p, QString (*field)(const ContainerInfo &))
{
    QStringList parts;
    for (const ContainerInfo &c : p.containers)
        parts << field(c);
    parts.removeAll(QString());
    parts.removeDuplicates();
    return parts.join(u", "_s);
}

QString limitsOf(const ContainerInfo &c)
{
    if (c.memoryLimit.isEmpty() && c.cpuLimit.isEmpty())
        return {};
    QStringList parts;
    if (!c.memoryLimit.isEmpty())
        parts << u"memory "_s + c.memoryLimit;
    if (!c.cpuLimit.isEmpty())
        parts << u"cpu "_s + c.cpuLimit;
    return parts.join(u" · "_s);
}

// The sum of the containers' limits; nullopt when one has none (no pod limit).
std::optional<double> podLimit(const PodInfo &p, QString ContainerInfo::*field)
{
    double sum = 0;
    for (const ContainerInfo &c : p.containers) {
        const std::optional<double> v = parseQuantity(c.*field);
        if (!v)
            return std::nullopt;
        sum += *v;
    }
    return p.containers.isEmpty() ? std::nullopt : std::optional<double>(sum);
}

QString withShare(const QString &value, std::optional<double> used, std::optional<double> limit)
{
    if (!used || !limit || *limit <= 0)
        return value;
    return u"%1 (%2 % of limit)"_s.arg(value).arg(qRound(100.0 * *used / *limit));
}

bool isProblem(const PodInfo &p)
{
    if (p.terminating)
        return false;
    if (p.phase != u"Running"_s && p.phase != u"Succeeded"_s)
        return true;
    for (const ContainerInfo &c : p.containers)
        if (!c.waitingReason.isEmpty() || !c.ready)
            return true;
    return false;
}

} // namespace

QVariant PodTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const PodInfo &p = rowAt(index);
    const ContainerTermination last = p.lastTermination();
    switch (role) {
    case NameRole: return p.name;
    case DeploymentRole: return p.deployment;
    case ProblemRole: return isProblem(p);
    case Qt::ToolTipRole: {
        QStringList lines;
        for (const ContainerInfo &c : p.containers) {
            QString line = u"%1: %2, %3 restarts"_s.arg(c.name, c.waitingReason.isEmpty() ? c.state : c.waitingReason)
                               .arg(c.restarts);
            const QString t = describeTermination(c.lastTermination, m_now);
            if (!t.isEmpty())
                line += u", last ended "_s + t;
            lines << line;
        }
        if (!p.ownerName.isEmpty())
            lines << u"owner %1 %2"_s.arg(p.ownerKind, p.ownerName);
        return plainTooltip(lines.join(u'\n'));
    }
    case Qt::FontRole:
        if (index.column() == Status && isProblem(p)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Ready || index.column() == Restarts || index.column() == Memory
                || index.column() == Cpu
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case SortRole:
        switch (index.column()) {
        case Ready: return p.readyContainers();
        case Restarts: return p.restarts();
        case LastTermination:
            return last.finishedAt.isValid() ? last.finishedAt.secsTo(m_now) : std::numeric_limits<qint64>::max();
        case Age: return p.created.isValid() ? p.created.secsTo(m_now) : std::numeric_limits<qint64>::max();
        // kubectl top --sort-by: no reading sorts below any reading.
        case Memory: return m_usage.value(p.name).memoryBytes.value_or(-1);
        case Cpu: return m_usage.value(p.name).cpuCores.value_or(-1);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return p.name;
        case Deployment: return p.deployment.isEmpty() ? p.ownerName : p.deployment;
        case Status: return p.status();
        case Ready: return u"%1/%2"_s.arg(p.readyContainers()).arg(p.containers.size());
        case Restarts: return p.restarts();
        case LastTermination: return describeTermination(last, m_now);
        case Node: return p.node;
        case Age: return describeAge(p.created, m_now);
        case Image: return joined(p, [](const ContainerInfo &c) { return c.image; });
        case Memory: {
            if (!hasUsage())
                return QString();
            const auto used = m_usage.value(p.name).memoryBytes;
            return used ? withShare(describeBytes(*used), used, podLimit(p, &ContainerInfo::memoryLimit))
                        : u"no data"_s;
        }
        case Cpu: {
            if (!hasUsage())
                return QString();
            const auto used = m_usage.value(p.name).cpuCores;
            return used ? withShare(describeCores(*used), used, podLimit(p, &ContainerInfo::cpuLimit)) : u"no data"_s;
        }
        case Limits: return joined(p, limitsOf);
        default: break;
        }
        break;
    default: break;
    }
    return {};
}

int PodTableModel::rowOf(const QString &name) const
{
    return findRow([&](const PodInfo &p) { return p.name == name; });
}

std::optional<PodInfo> PodTableModel::pod(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? std::nullopt : std::optional<PodInfo>(rows().at(row));
}

int PodTableModel::podsOf(const QString &deployment) const
{
    return int(
        std::count_if(rows().begin(), rows().end(), [&](const PodInfo &p) { return p.deployment == deployment; }));
}

void PodTableModel::apply(const PodList &pods, const QDateTime &at, const QString &error)
{
    PodList sorted = pods;
    std::sort(sorted.begin(), sorted.end(), [](const PodInfo &a, const PodInfo &b) { return a.name < b.name; });
    m_error = error;
    // With an error the pods are the last known: their time stays that of the last good answer.
    if (error.isEmpty())
        m_at = at;
    replaceRows(sorted);
    emit updated();
}

QString PodTableModel::describeBytes(double bytes)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        return u"%1 GiB"_s.arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 2);
    if (bytes >= 1024.0 * 1024)
        return u"%1 MiB"_s.arg(qRound64(bytes / (1024.0 * 1024)));
    return u"%1 KiB"_s.arg(qRound64(bytes / 1024.0));
}

QString PodTableModel::describeCores(double cores)
{
    return u"%1m"_s.arg(qRound64(cores * 1000));
}

void PodTableModel::setUsage(const QHash<QString, PodUsage::Reading> &usage, const QDateTime &at, const QString &error)
{
    m_usage = usage;
    m_usageAt = at;
    m_usageError = error;
    if (!rows().isEmpty())
        emit dataChanged(index(0, Memory), index(int(rows().size()) - 1, Cpu), {Qt::DisplayRole, SortRole});
    emit updated();
}

void PodTableModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (!rows().isEmpty())
        emit dataChanged(index(0, LastTermination), index(int(rows().size()) - 1, Age), {Qt::DisplayRole, SortRole});
}

void PodTableModel::clear()
{
    resetRows({});
    m_at = QDateTime();
    m_error.clear();
    m_usage.clear();
    m_usageAt = {};
    m_usageError.clear();
    emit updated();
}

} // namespace sagadeck
