#pragma once

#include "PodInfo.h"
#include "PodUsage.h"
#include "SnapshotTableModel.h"

#include <QDateTime>

namespace sagadeck {

// The Services page's pods: one row per pod of the namespace, what `kubectl get pods -o wide`
// and `describe` put first — status (CrashLoopBackOff before Running), ready containers,
// restarts, the last termination (OOMKilled 3 min ago, exit 137), node, age, image and the
// container's limits. Fed on the GUI thread from the Kubernetes feed's Pods watch.
class PodTableModel : public SnapshotTableModel<PodInfo>
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Deployment,
        Status,
        Ready,
        Restarts,
        Memory,
        Cpu,
        LastTermination,
        Node,
        Age,
        Limits,
        Image,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers as numbers, ages in seconds
        NameRole,
        DeploymentRole,
        ProblemRole, // bool: a waiting reason, a recent termination other than Completed, not ready
    };
    Q_ENUM(Role)

    explicit PodTableModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &name) const;
    std::optional<PodInfo> pod(const QString &name) const;
    QDateTime dataAt() const { return m_at; }
    bool hasData() const { return m_at.isValid(); }
    // Why the pods are not current (empty: they are).
    QString error() const { return m_error; }
    QDateTime usageAt() const { return m_usageAt; }
    QString usageError() const { return m_usageError; }
    bool hasUsage() const { return m_usageAt.isValid() || !m_usageError.isEmpty(); }
    // "812 MiB", "14m" (millicores): as kubectl top shows them.
    static QString describeBytes(double bytes);
    static QString describeCores(double cores);
    int podsOf(const QString &deployment) const;

    // "OOMKilled (exit 137) 3 min ago", "" when it never ended.
    static QString describeTermination(const ContainerTermination &t, const QDateTime &now);
    // "45 s", "12 min", "3 h 4 min", "2 d".
    static QString describeAge(const QDateTime &since, const QDateTime &now);

public slots:
    void apply(const sagadeck::PodList &pods, const QDateTime &at, const QString &error);
    // What each pod uses (Prometheus), as of `at`; `error` why some or all is missing.
    void setUsage(const QHash<QString, sagadeck::PodUsage::Reading> &usage, const QDateTime &at, const QString &error);
    void setNow(const QDateTime &now);
    void clear();

signals:
    void updated();

private:
    QDateTime m_at;
    QDateTime m_now;
    QString m_error;
    QHash<QString, PodUsage::Reading> m_usage;
    QDateTime m_usageAt;
    QString m_usageError;
};

} // namespace sagadeck
