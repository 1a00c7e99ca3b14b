#include "DeploymentTableModel.h"
#include "PlainText.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

DeploymentTableModel::DeploymentTableModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Deployment"_s, u"Ready"_s, u"Up-to-date"_s, u"Available"_s, u"Rollout"_s, u"Last restart"_s,
                          u"Generation"_s, u"Image"_s, u"Revision"_s, u"Autoscaler"_s},
                         {}, parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

QString DeploymentTableModel::describeRestart(const QDateTime &restartedAt, const QDateTime &now)
{
    if (!restartedAt.isValid())
        return u"never"_s;
    const qint64 s = std::max<qint64>(0, restartedAt.secsTo(now));
    if (s < 60)
        return u"%1 s ago"_s.arg(s);
    if (s < 3600)
        return u"%1 min ago"_s.arg(s / 60);
    if (s < 48 * 3600)
        return u"%1 h %2 min ago"_s.arg(s / 3600).arg(s % 3600 / 60);
    return u"%1 days ago"_s.arg(s / 86400);
}

namespace {
QString rolloutText(const DeploymentInfo &d)
{
    if (d.rolledOut())
        return d.desiredReplicas == 0 ? u"scaled to zero"_s : u"rolled out"_s;
    if (d.observedGeneration < d.generation)
        return u"waiting for the controller"_s;
    return u"rolling out: %1 of %2 updated, %3 ready"_s.arg(d.updatedReplicas)
        .arg(d.desiredReplicas)
        .arg(d.readyReplicas);
}
} // namespace

QVariant DeploymentTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const DeploymentInfo &d = rowAt(index);
    switch (role) {
    case NameRole: return d.name;
    case RolledOutRole: return d.rolledOut();
    case DesiredRole: return d.desiredReplicas;
    case Qt::ToolTipRole: return d.conditions.isEmpty() ? QVariant() : QVariant(plainTooltip(d.conditions));
    case Qt::TextAlignmentRole:
        return index.column() == Ready || index.column() == UpToDate || index.column() == Available
                || index.column() == Generation
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case SortRole:
        switch (index.column()) {
        case Ready: return d.readyReplicas;
        case UpToDate: return d.updatedReplicas;
        case Available: return d.availableReplicas;
        case Rollout: return d.rolledOut() ? 1 : 0;
        case LastRestart:
            return d.restartedAt.isValid() ? d.restartedAt.secsTo(m_now) : std::numeric_limits<qint64>::max();
        case Generation: return d.generation;
        case Revision: return d.revision;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return d.name;
        case Ready: return u"%1/%2"_s.arg(d.readyReplicas).arg(d.desiredReplicas);
        case UpToDate: return d.updatedReplicas;
        case Available: return d.availableReplicas;
        case Rollout: return rolloutText(d);
        case LastRestart: return describeRestart(d.restartedAt, m_now);
        case Generation:
            return d.observedGeneration == d.generation ? QString::number(d.generation)
                                                        : u"%1 (seen %2)"_s.arg(d.generation).arg(d.observedGeneration);
        case Image: return d.images.join(u", "_s);
        case Revision: return d.revision > 0 ? QVariant(d.revision) : QVariant(u"?"_s);
        case Autoscaler: {
            if (const auto a = autoscalerOf(d.name))
                return a->summary();
            return m_autoscalersRead ? u"none"_s : QString();
        }
        default: break;
        }
        break;
    default: break;
    }
    return {};
}

int DeploymentTableModel::rowOf(const QString &name) const
{
    return findRow([&](const DeploymentInfo &d) { return d.name == name; });
}

std::optional<DeploymentInfo> DeploymentTableModel::deployment(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? std::nullopt : std::optional<DeploymentInfo>(rows().at(row));
}

void DeploymentTableModel::apply(const DeploymentList &rows, const QDateTime &fetchedAt)
{
    DeploymentList sorted = rows;
    std::sort(sorted.begin(), sorted.end(),
              [](const DeploymentInfo &a, const DeploymentInfo &b) { return a.name < b.name; });
    m_at = fetchedAt;
    replaceRows(sorted);
    emit updated();
}

std::optional<AutoscalerInfo> DeploymentTableModel::autoscalerOf(const QString &deployment) const
{
    for (const AutoscalerInfo &a : m_autoscalers)
        if (a.scales(deployment))
            return a;
    return std::nullopt;
}

void DeploymentTableModel::setAutoscalers(const AutoscalerList &autoscalers, const QDateTime &, const QString &error)
{
    m_autoscalers = autoscalers;
    m_autoscalersRead = error.isEmpty();
    m_autoscalersError = error;
    if (!rows().isEmpty())
        emit dataChanged(index(0, Autoscaler), index(int(rows().size()) - 1, Autoscaler), {Qt::DisplayRole});
}

void DeploymentTableModel::setContext(const KubeContextInfo &context)
{
    m_context = context;
    emit updated();
}

void DeploymentTableModel::setNow(const QDateTime &now)
{
    m_now = now;
    if (!rows().isEmpty())
        emit dataChanged(index(0, LastRestart), index(int(rows().size()) - 1, LastRestart),
                         {Qt::DisplayRole, SortRole});
}

void DeploymentTableModel::clear()
{
    resetRows({});
    m_at = QDateTime();
    m_context = KubeContextInfo();
    m_autoscalers.clear();
    m_autoscalersRead = false;
    m_autoscalersError.clear();
    emit updated();
}

} // namespace sagadeck
