#pragma once

#include "LogLine.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace sagadeck {

class LogBuffer;

// `kubectl logs` in the console: a deployment's pods interleaved by time (or one pod), the last
// N lines, following, --previous, a filter, pause, copy and save. The lines are in a bounded
// ring (LogBuffer) that says how many it dropped; every stream's state and error is said under
// the lines. It holds no client: it asks (requested/stopped) and app/ routes to the feed.
class LogsPanel : public QWidget
{
    Q_OBJECT
public:
    LogsPanel(LogBuffer *buffer, QWidget *parent = nullptr);

    // What Read asks for: a deployment's pods, or one pod of it.
    void setTarget(const QString &deployment, const QString &pod);
    // Why reading cannot be asked for (no Kubernetes); empty: it can.
    void setBlocked(const QString &why);
    // Starts reading the target now (Read).
    void read();
    void stop();

    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QPushButton *pauseButton() const { return m_pause; }
    QSpinBox *tailBox() const { return m_tail; }
    QCheckBox *followBox() const { return m_follow; }
    QCheckBox *previousBox() const { return m_previous; }
    QString targetText() const;
    QString statusText() const;
    int visibleLines() const;
    // The visible (filtered) lines as text, for copy and save.
    QString visibleText() const;
    // What Copy puts on the clipboard: the selected lines, or every visible one when none is.
    QString copyText() const;

signals:
    void requested(const sagadeck::LogRequest &request);
    void stopped(quint64 session);

private:
    void applyFilter();
    void refreshStatus();
    void updateButtons();
    void copyLines();
    void saveLines();

    LogBuffer *m_buffer;
    QSortFilterProxyModel *m_filtered;
    QLabel *m_target;
    QSpinBox *m_tail;
    QCheckBox *m_follow;
    QCheckBox *m_previous;
    QPushButton *m_read;
    QPushButton *m_stop;
    QLineEdit *m_filter;
    QPushButton *m_pause;
    QPushButton *m_copy;
    QPushButton *m_save;
    QTableView *m_view;
    QLabel *m_status;
    QString m_deployment;
    QString m_pod;
    QString m_blocked;
    QString m_note;
};

} // namespace sagadeck
