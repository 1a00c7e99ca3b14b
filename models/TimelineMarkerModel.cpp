#include "TimelineMarkerModel.h"
#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

TimelineMarkerModel::TimelineMarkerModel(QObject *parent)
    : SnapshotTableModel(ColumnCount, {u"Time"_s, u"Kind"_s, u"Who"_s, u"What"_s}, {}, parent)
{}

QVariant TimelineMarkerModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const TimelineMarker &m = rowAt(index);
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
        return plainTooltip(m.title + u'\n' + m.at.toUTC().toString(Qt::ISODateWithMs) + u"\nwho: "_s + m.who
                            + u"\nwhat: "_s + m.what + (m.detail.isEmpty() ? QString() : u'\n' + m.detail));
    case SortRole: return index.column() == Time ? QVariant(m.at.toMSecsSinceEpoch()) : data(index, Qt::DisplayRole);
    case KindRole: return int(m.kind);
    case KeyRole: return m.key;
    }
    return {};
}

int TimelineMarkerModel::rowOf(const QString &key) const
{
    return findRow([&](const TimelineMarker &m) { return m.key == key; });
}

void TimelineMarkerModel::setMarkers(const TimelineMarkers &markers)
{
    if (markers == rows())
        return;
    // A whole new set (the window moved, a source re-read): one reset, not a diff.
    resetRows(markers);
}

} // namespace sagadeck
