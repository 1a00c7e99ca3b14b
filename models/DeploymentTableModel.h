#pragma once

#include "AutoscalerInfo.h"
#include "DeploymentInfo.h"
#include "KubeContextInfo.h"
#include "SnapshotTableModel.h"

#include <QDateTime>

namespace sagadeck {

// The Services page's table: one row per Deployment of the namespace with desired, ready,
// up-to-date and available replicas, its rollout state and the age of its last restart. Fed
// on the GUI thread from the Kubernetes feed's lists; values change with dataChanged per run
// of rows, the age column with setNow() once a second.
class DeploymentTableModel : public SnapshotTableModel<DeploymentInfo>
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Ready,
        UpToDate,
        Available,
        Rollout,
        LastRestart,
        Generation,
        Image,
        Revision,
        Autoscaler,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers as numbers, ages in seconds
        NameRole,                // QString deployment name
        RolledOutRole,           // bool
        DesiredRole,             // int spec.replicas
    };
    Q_ENUM(Role)

    explicit DeploymentTableModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &name) const;
    std::optional<DeploymentInfo> deployment(const QString &name) const;
    std::optional<AutoscalerInfo> autoscalerOf(const QString &deployment) const;
    QString autoscalersError() const { return m_autoscalersError; }
    QDateTime dataAt() const { return m_at; }
    bool hasData() const { return m_at.isValid(); }
    const KubeContextInfo &context() const { return m_context; }

    // "3 min ago", "2 h ago", "never".
    static QString describeRestart(const QDateTime &restartedAt, const QDateTime &now);

public slots:
    void apply(const sagadeck::DeploymentList &rows, const QDateTime &fetchedAt);
    // The namespace's HorizontalPodAutoscalers: each deployment's shows in its row.
    void setAutoscalers(const sagadeck::AutoscalerList &autoscalers, const QDateTime &at, const QString &error);
    void setContext(const sagadeck::KubeContextInfo &context);
    void setNow(const QDateTime &now);
    void clear();

signals:
    void updated();

private:
    KubeContextInfo m_context;
    AutoscalerList m_autoscalers;
    bool m_autoscalersRead = false;
    QString m_autoscalersError;
    QDateTime m_at;
    QDateTime m_now;
};

} // namespace sagadeck
