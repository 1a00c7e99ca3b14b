#pragma once

#include "DatabaseActivity.h"
#include "SnapshotTableModel.h"

#include <QObject>
#include <QTimer>

namespace sagadeck {

// The Database page's running queries: one row per non-idle backend, longest first; those
// running longer than the threshold say so (LongRunningRole, and "▲" before their duration).
class RunningQueryModel : public SnapshotTableModel<RunningQuery>
{
    Q_OBJECT
public:
    enum Column
    {
        Pid,
        User,
        Application,
        Client,
        State,
        RunningFor,
        Wait,
        Query,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        PidRole,
        LongRunningRole, // bool: over the threshold
    };
    Q_ENUM(Role)

    explicit RunningQueryModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setRows(const QVector<RunningQuery> &rows, int thresholdS);
    int thresholdS() const { return m_thresholdS; }
    // The row of a pid, or -1.
    int rowOfPid(int pid) const;

private:
    int m_thresholdS = kDefaultLongQueryAfterS;
};

// pg_stat_statements' top rows, by mean or by total execution time.
class SlowStatementModel : public SnapshotTableModel<SlowStatement>
{
    Q_OBJECT
public:
    enum Column
    {
        MeanMs,
        TotalMs,
        Calls,
        Rows,
        User,
        QueryId,
        Query,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
    };
    Q_ENUM(Role)

    explicit SlowStatementModel(QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    void setRows(const QVector<SlowStatement> &rows) { replaceRows(rows); }
};

// The Database page's data: what the database-activity worker read last, asked for every
// refresh interval while started (one question out at a time), with the reason when the last
// reading failed and the age of what is shown. GUI thread; values in, requests out (queued to
// the worker by the session).
class DatabaseActivityStore : public QObject
{
    Q_OBJECT
public:
    explicit DatabaseActivityStore(QObject *parent = nullptr);

    // Asks every `refreshMs` while wanted (the page is on screen); queries over `thresholdS`
    // are highlighted.
    void start(int refreshMs, int thresholdS);
    void stop();
    // Whether anyone looks: readings are asked for only then (at once when it turns true).
    void setWanted(bool wanted);
    bool isActive() const { return m_timer.isActive(); }
    void clear();

    const DatabaseActivity &activity() const { return m_activity; }
    bool hasData() const { return m_activity.at.isValid(); }
    QDateTime dataAt() const { return m_activity.at; }
    QString error() const { return m_error; } // why the last reading failed (empty: it did not)
    int thresholdS() const { return m_thresholdS; }
    void setThresholdS(int seconds);
    int longRunning() const { return longRunningCount(m_activity.running, m_thresholdS); }

    RunningQueryModel *running() const { return m_running; }
    SlowStatementModel *byMean() const { return m_byMean; }
    SlowStatementModel *byTotal() const { return m_byTotal; }

public slots:
    void apply(quint64 requestId, const sagadeck::DatabaseActivity &activity);
    void applyError(quint64 requestId, const QString &error);
    // Asks for a reading now (after an action, or the page's Refresh).
    void refresh();

signals:
    void requested(quint64 requestId);
    void changed();

private:
    DatabaseActivity m_activity;
    QString m_error;
    int m_thresholdS = kDefaultLongQueryAfterS;
    quint64 m_pending = 0;
    quint64 m_next = 1;
    int m_refreshMs = 0; // 0: not started
    bool m_wanted = false;
    QTimer m_timer;
    RunningQueryModel *m_running;
    SlowStatementModel *m_byMean;
    SlowStatementModel *m_byTotal;
};

} // namespace sagadeck
