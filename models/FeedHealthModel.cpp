#include "FeedHealthModel.h"
#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

int severityRank(FeedState state)
{
    switch (state) {
    case FeedState::Down: return 0;
    case FeedState::Stale: return 1;
    case FeedState::Connecting: return 2;
    case FeedState::Live: return 3;
    case FeedState::Disabled: return 4;
    }
    return 5;
}

FeedHealthModel::FeedHealthModel(QObject *parent)
    : QAbstractListModel(parent)
{
    for (FeedKind kind : allFeedKinds) {
        FeedHealth h;
        h.feed = kind;
        h.state = FeedState::Disabled;
        h.reason = u"not configured"_s;
        m_rows.append(h);
    }
}

int FeedHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant FeedHealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FeedHealth &h = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return QString(feedName(h.feed) + u": "_s + stateName(h.state));
    case Qt::ToolTipRole: return plainTooltip(h.reason.isEmpty() ? stateName(h.state) : h.reason);
    case FeedRole: return int(h.feed);
    case StateRole: return int(h.state);
    case ReasonRole: return h.reason;
    case LastSuccessRole: return h.lastSuccess;
    case HealthRole: return QVariant::fromValue(h);
    case SortRole: return severityRank(h.state) * 100 + index.row();
    default: return {};
    }
}

QHash<int, QByteArray> FeedHealthModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(FeedRole, "feed");
    names.insert(StateRole, "state");
    names.insert(ReasonRole, "reason");
    names.insert(LastSuccessRole, "lastSuccess");
    names.insert(HealthRole, "health");
    names.insert(SortRole, "sort");
    return names;
}

int FeedHealthModel::rowOf(FeedKind kind) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).feed == kind)
            return i;
    return -1;
}

FeedHealth FeedHealthModel::health(FeedKind kind) const
{
    const int row = rowOf(kind);
    return row >= 0 ? m_rows.at(row) : FeedHealth{};
}

void FeedHealthModel::update(const FeedHealth &health)
{
    const int row = rowOf(health.feed);
    if (row < 0 || m_rows.at(row) == health)
        return;
    m_rows[row] = health;
    const QModelIndex idx = index(row);
    emit dataChanged(idx, idx,
                     {Qt::DisplayRole, Qt::ToolTipRole, StateRole, ReasonRole, LastSuccessRole, HealthRole, SortRole});
    emit healthChanged(health);
}

} // namespace sagadeck
