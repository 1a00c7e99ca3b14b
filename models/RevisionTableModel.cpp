#include "RevisionTableModel.h"

#include "PodTableModel.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace sagadeck {

RevisionTableModel::RevisionTableModel(QObject *parent)
    : SnapshotTableModel(ColumnCount, {u"Revision"_s, u"Image"_s, u"Change cause"_s, u"Made"_s, u"Pods"_s}, {}, parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

QVariant RevisionTableModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const RevisionInfo &r = rowAt(index);
    switch (role) {
    case RevisionRole: return r.revision;
    case CurrentRole: return r.current;
    case Qt::FontRole:
        if (r.current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole: return QString(u"ReplicaSet "_s + r.replicaSet);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Revision: return r.current ? u"%1 (now)"_s.arg(r.revision) : QString::number(r.revision);
        case Images: return r.images.join(u", "_s);
        case ChangeCause: return r.changeCause.isEmpty() ? u"<none>"_s : r.changeCause;
        case Created: return QString(PodTableModel::describeAge(r.created, m_now) + u" ago"_s);
        case Pods: return u"%1/%2"_s.arg(r.readyReplicas).arg(r.replicas);
        default: break;
        }
        break;
    default: break;
    }
    return {};
}

void RevisionTableModel::apply(const RolloutHistory &history)
{
    if (history.name != m_deployment)
        resetRows({});
    m_deployment = history.name;
    m_error = history.error;
    if (!history.error.isEmpty())
        return;
    m_at = QDateTime::currentDateTimeUtc();
    m_now = m_at;
    replaceRows(history.revisions);
}

void RevisionTableModel::clear()
{
    resetRows({});
    m_deployment.clear();
    m_error.clear();
    m_at = {};
}

} // namespace sagadeck
