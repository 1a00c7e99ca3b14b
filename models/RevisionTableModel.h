#pragma once

#include "RolloutHistory.h"
#include "SnapshotTableModel.h"

namespace sagadeck {

// The Services page's revision history of the selected Deployment, as `kubectl rollout
// history` with the image and the pods each revision's ReplicaSet runs, newest first, the
// current one marked. GUI thread.
class RevisionTableModel : public SnapshotTableModel<RevisionInfo>
{
    Q_OBJECT
public:
    enum Column
    {
        Revision,
        Images,
        ChangeCause,
        Created,
        Pods,
        ColumnCount
    };
    enum Role
    {
        RevisionRole = Qt::UserRole, // qint64
        CurrentRole,                 // bool
    };

    explicit RevisionTableModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The history of `history.name`; with an error, the rows stay those of before and error() says why.
    void apply(const RolloutHistory &history);
    void clear();
    QString deployment() const { return m_deployment; }
    QString error() const { return m_error; }
    QDateTime readAt() const { return m_at; }
    void setNow(const QDateTime &now) { m_now = now; }

private:
    QString m_deployment;
    QString m_error;
    QDateTime m_at;
    QDateTime m_now;
};

} // namespace sagadeck
