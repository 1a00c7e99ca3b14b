#pragma once

#include "LogLine.h"

#include <QAbstractTableModel>
#include <QMap>

#include <deque>

namespace sagadeck {

// The lines of one log session, interleaved by time across pods, in a bounded ring: past the
// capacity the oldest lines go and are counted ("N lines dropped"). Paused, the table stands
// still while lines keep arriving into a queue of the same bound, shown when resumed. Each
// stream's state (following, ended, its error) is kept by pod, to be said beside the lines.
// GUI thread only.
class LogBuffer : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Pod,
        Line,
        ColumnCount
    };

    explicit LogBuffer(int capacity = 5000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A new session: the lines go, the counts start again. Returns the session's id.
    quint64 begin(const LogRequest &request);
    // Ends the session (its lines stay).
    void end();
    const LogRequest &request() const { return m_request; }
    bool active() const { return m_active; }
    int capacity() const { return m_capacity; }

    void setPaused(bool paused);
    bool paused() const { return m_paused; }

    qint64 received() const { return m_received; }
    qint64 dropped() const { return m_dropped; }
    int pending() const { return int(m_pending.size()); }
    const LogLine &lineAt(int row) const { return m_lines.at(size_t(row)); }
    // "2026-12-05T21:05:55.091Z payment-service-7d9f8-abcde  message": for copy and save.
    QString textOf(const QList<int> &rows) const;
    // The streams, by pod: "following", "ended", or why not.
    const QMap<QString, QString> &streams() const { return m_streams; }
    // One line for the panel: lines kept, dropped, paused with N waiting, each stream's state.
    QString statusText() const;

public slots:
    void append(quint64 session, const sagadeck::LogLines &lines);
    void setStreamState(quint64 session, const QString &pod, const QString &state);

signals:
    void statusChanged();

private:
    void insert(LogLines lines);
    void trim();

    int m_capacity;
    std::deque<LogLine> m_lines;
    std::deque<LogLine> m_pending;
    LogRequest m_request;
    quint64 m_nextSession = 0;
    bool m_active = false;
    bool m_paused = false;
    qint64 m_received = 0;
    qint64 m_dropped = 0;
    QMap<QString, QString> m_streams;
};

} // namespace sagadeck
