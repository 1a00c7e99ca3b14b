#pragma once

#include "SnapshotTableModel.h"
#include "TimelineMarker.h"

namespace sagadeck {

// The list under the timeline chart: one row per marker in the window, oldest first, with its
// time, kind (glyph + word), who and what. The set is replaced as a whole when it changes.
class TimelineMarkerModel : public SnapshotTableModel<TimelineMarker>
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Kind,
        Who,
        What,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // time in ms for Time, text otherwise
        KindRole,                // int TimelineMarker::Kind
        KeyRole,                 // QString marker key
    };
    Q_ENUM(Role)

    explicit TimelineMarkerModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    const TimelineMarkers &markers() const { return rows(); }
    int rowOf(const QString &key) const;

public slots:
    void setMarkers(const sagadeck::TimelineMarkers &markers);
};

} // namespace sagadeck
