#pragma once

#include "AuditLogReader.h"

#include <QDateTime>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace sagadeck {

class AuditLogFollower;
class AuditTableModel;
class TeamTrail;

// The Audit page: every operator action from the audit log (intent joined with outcome),
// newest first, re-read when the file changes. The file is read on a worker thread; a
// malformed line is listed as a problem and the rest is shown.
class AuditPage : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPage(const QString &logPath, QWidget *parent = nullptr);

    AuditTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString statusText() const;
    QString problemText() const;
    bool isLoading() const;
    // Everyone's actions: the records other consoles published to the team trail are shown
    // beside this console's own log.
    void setTeamTrail(TeamTrail *trail);

public slots:
    void reload();

signals:
    void loaded();

private:
    void applyResult(const sagadeck::AuditReadResult &result);
    void showRecords();

    QString m_path;
    AuditTableModel *m_model;
    QSortFilterProxyModel *m_sort;
    QLabel *m_status;
    QLabel *m_problems;
    QTableView *m_view;
    QPushButton *m_reload;
    AuditLogFollower *m_follower; // reads off the GUI thread, again when the file changes
    QDateTime m_loadedAt;
    QVector<AuditRecord> m_local; // the last good read of this console's log
    bool m_localMissing = true;
    TeamTrail *m_trail = nullptr;
};

} // namespace sagadeck
