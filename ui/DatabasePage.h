#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace sagadeck {

class DatabaseActivityStore;
class FeedHealthModel;

// The Database page: the runbook's pool-exhaustion checks without psql. The watched database's
// running queries (pg_stat_activity; those over the long-query threshold marked ▲ and in the
// alarm colour) with Cancel query / Terminate backend through the action pipeline, and
// pg_stat_statements' slowest statements by mean and by total time — or, when the extension
// cannot be read, why and how to install it. Every panel says the age of its data; a banner
// says when Postgres is not Live. Built from models only (the session attaches the actions).
class DatabasePage : public QWidget
{
    Q_OBJECT
public:
    DatabasePage(DatabaseActivityStore *store, FeedHealthModel *health, QWidget *parent = nullptr);

    // Non-empty: cancel and terminate are off, and this is why (shown on the buttons).
    void setActionsBlocked(const QString &why);
    void showActionNote(const QString &text);
    void setBusy(bool busy);

    // The selected running query's pid, or 0.
    int selectedPid() const;
    bool selectPid(int pid);

    // What the page says, for tests and snapshots.
    QString bannerText() const;
    QString ageText() const;
    QString runningHeaderText() const;
    QString statementsText() const; // the statements panel's header, or why it cannot be read
    QString actionNote() const;
    QString actionsBlocked() const { return m_blocked; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *terminateButton() const { return m_terminate; }
    QTableView *runningTable() const { return m_running; }
    QTableView *byMeanTable() const { return m_byMean; }
    QTableView *byTotalTable() const { return m_byTotal; }

public slots:
    void refresh();

signals:
    void cancelRequested(int pid);
    void terminateRequested(int pid);
    void refreshRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateButtons();

    DatabaseActivityStore *m_store;
    FeedHealthModel *m_health;
    QLabel *m_banner;
    QLabel *m_age;
    QLabel *m_runningHeader;
    QTableView *m_running;
    QPushButton *m_cancel;
    QPushButton *m_terminate;
    QLabel *m_blockedLabel;
    QLabel *m_note;
    QLabel *m_statementsHeader;
    QLabel *m_statementsProblem;
    QTabWidget *m_tabs;
    QTableView *m_byMean;
    QTableView *m_byTotal;
    QTimer *m_tick;
    QString m_blocked;
    bool m_busy = false;
};

} // namespace sagadeck
