#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTimer;

namespace sagadeck {

class DeploymentTableModel;
class FeedHealthModel;
class PodTableModel;
class LogBuffer;
class LogsPanel;
class RevisionTableModel;
struct RolloutHistory;

// The Services page: the namespace's Deployments (desired, ready, up-to-date and available
// replicas, rollout state, age of the last restart) and under them their pods (status,
// restarts, last termination such as OOMKilled, node, age, image), which cluster and identity the console
// talks to (with a red "TLS not verified" badge when the kubeconfig says so), and the restart
// and scale buttons. It holds no client: the buttons ask, app/ routes the request to the
// action pipeline, and the page says why a button cannot be used instead of hiding it.
class ServicesPage : public QWidget
{
    Q_OBJECT
public:
    // `pods` and `logs` may be null (no pods section, no logs panel).
    ServicesPage(DeploymentTableModel *deployments, PodTableModel *pods, LogBuffer *logs, FeedHealthModel *health,
                 QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QTableView *podView() const { return m_podView; }
    QCheckBox *podsOfSelectedBox() const { return m_podsOfSelected; }
    QString podsHeaderText() const;
    LogsPanel *logsPanel() const { return m_logs; }
    QPushButton *logsButton() const { return m_logsButton; }
    // The logs of one pod (a double-click on its row does this).
    void showPodLogs(const QString &pod);
    QTableView *revisionView() const { return m_revisionView; }
    QPushButton *undoButton() const { return m_undo; }
    QPushButton *rollbackToButton() const { return m_rollbackTo; }
    QString revisionsHeaderText() const;
    RevisionTableModel *revisions() const { return m_revisions; }
    QPushButton *restartButton() const { return m_restart; }
    QPushButton *scaleButton() const { return m_scale; }
    QSpinBox *replicasBox() const { return m_replicas; }
    QCheckBox *preconditionBox() const { return m_precondition; }
    QString selectedDeployment() const { return m_selected; }
    void selectDeployment(const QString &name);
    QString bannerText() const;
    QString identityText() const;
    bool tlsBadgeShown() const;
    QString actionNote() const;

    // Why the actions cannot be used at all (read-only profile, no Kubernetes, no pipeline);
    // empty: they can, once a deployment is selected.
    void setActionsBlocked(const QString &why);
    // An action's progress or outcome, shown under the buttons (plain text).
    void showActionNote(const QString &text);
    // While an action on `name` runs its buttons stay disabled (one intent, one request).
    void setBusy(const QString &name, bool busy);
    // The selected deployment's revisions, as read (historyRequested asks for them).
    void showHistory(const sagadeck::RolloutHistory &history);

signals:
    void restartRequested(const QString &deployment);
    // expectedReplicas >= 0: only if it still has that many (the count shown when clicked).
    void scaleRequested(const QString &deployment, int replicas, int expectedReplicas);
    // toRevision 0: the one before the current (kubectl rollout undo).
    void rollbackRequested(const QString &deployment, qint64 toRevision);
    // The revisions of `deployment` are wanted (selected, or its revision changed).
    void historyRequested(const QString &deployment);

private:
    void refreshData();
    void refreshPods();
    void refreshHealth();
    void updateButtons();
    void askForHistory();

    DeploymentTableModel *m_model;
    FeedHealthModel *m_health;
    QSortFilterProxyModel *m_sort;
    PodTableModel *m_pods;
    QSortFilterProxyModel *m_podSort = nullptr;
    QTableView *m_podView = nullptr;
    QCheckBox *m_podsOfSelected = nullptr;
    QLabel *m_podsHeader = nullptr;
    LogsPanel *m_logs = nullptr;
    RevisionTableModel *m_revisions;
    QTableView *m_revisionView;
    QLabel *m_revisionsHeader;
    QPushButton *m_undo;
    QPushButton *m_rollbackTo;
    QString m_historyOf;      // the deployment the revisions were asked for
    QString m_historyVersion; // and its resourceVersion then: a change asks again
    QPushButton *m_logsButton = nullptr;
    QLabel *m_identity;
    QLabel *m_tlsBadge;
    QLabel *m_banner;
    QLabel *m_age;
    QTableView *m_view;
    QPushButton *m_restart;
    QSpinBox *m_replicas;
    QPushButton *m_scale;
    QCheckBox *m_precondition;
    QLabel *m_note;
    QTimer *m_tick;
    QString m_selected;
    QString m_blocked;
    QString m_busy;
};

} // namespace sagadeck
