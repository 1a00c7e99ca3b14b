#include "TimelineMarkerModel.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

TimelineMarkerModel::TimelineMarkerModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int TimelineMarkerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_markers.size());
}

int TimelineMarkerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineMarkerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineMarker &m = m_markers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time: return m.at.toLocalTime().toString(u"HH:mm:ss"_s);
        case Kind: return QString(markerKindGlyph(m.kind) + u' ' + markerKindName(m.kind));
        case Who: return m.who;
        case What: return m.what;
        case ColumnCount: break;
        }
        break;
    case Qt::ToolTipRole:
        return QString(m.title + u'\n' + m.at.toUTC().toString(Qt::ISODateWithMs) + u"\nwho: "_s + m.who
                       + u"\nwhat: "_s + m.what + (m.detail.isEmpty() ? QString() : u'\n' + m.detail));
    case SortRole:
        return index.column() == Time ? QVariant(m.at.toMSecsSinceEpoch()) : data(index, Qt::DisplayRole);
    case KindRole:
        return int(m.kind);
    case KeyRole:
        return m.key;
    }
    return {};
}

QVariant TimelineMarkerModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time: return u"Time"_s;
    case Kind: return u"Kind"_s;
    case Who: return u"Who"_s;
    case What: return u"What"_s;
    case ColumnCount: break;
    }
    return {};
}

int TimelineMarkerModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_markers.size(); ++i)
        if (m_markers.at(i).key == key)
            return i;
    return -1;
}

void TimelineMarkerModel::setMarkers(const TimelineMarkers &markers)
{
    if (markers == m_markers)
        return;
    // A whole new set (the window moved, a source re-read): one reset, not a diff.
    beginResetModel();
    m_markers = markers;
    endResetModel();
}

} // namespace sagadeck
