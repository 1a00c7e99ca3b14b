#pragma once

#include "FeedHealth.h"

#include <QAbstractListModel>
#include <QVector>

namespace sagadeck {

// One row per feed (in allFeedKinds order) with its latest health snapshot. Lives on the GUI
// thread; feeds' health signals reach it through queued connections made by the app.
class FeedHealthModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        FeedRole = Qt::UserRole, // FeedKind as int
        StateRole,               // FeedState as int
        ReasonRole,              // QString
        LastSuccessRole,         // QDateTime, invalid if never
        HealthRole,              // the whole FeedHealth
        SortRole,                // severity: Down first, Disabled last
    };
    Q_ENUM(Role)

    explicit FeedHealthModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    FeedHealth health(FeedKind kind) const;
    int rowOf(FeedKind kind) const;

public slots:
    // Replaces one feed's snapshot; emits dataChanged for that row only if anything changed.
    void update(const sagadeck::FeedHealth &health);

signals:
    void healthChanged(const sagadeck::FeedHealth &health);

private:
    QVector<FeedHealth> m_rows;
};

// Lower is worse: what an operator must look at first sorts first.
int severityRank(FeedState state);

} // namespace sagadeck
