#pragma once

#include "SagaActionRules.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace sagadeck {

// The Sagas page's repair buttons: retry or compensate the selected sagas or every saga the
// filter matches, with progress, cancel and the outcome. Holds no pipeline: it asks
// (requested) and shows what SagaActionController tells it. Unavailable buttons say why.
class SagaActionBar : public QWidget
{
    Q_OBJECT
public:
    explicit SagaActionBar(QWidget *parent = nullptr);

    QPushButton *retryButton() const { return m_retry; }
    QPushButton *compensateButton() const { return m_compensate; }
    QPushButton *cancelButton() const { return m_cancel; }
    QComboBox *scopeBox() const { return m_scope; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *reportButton() const { return m_reportButton; }
    QString reportText() const { return m_report; }
    QString resultText() const;
    bool wholeFilter() const;

public slots:
    // Why no action can run at all (read-only profile, no orchestrator); empty: they can.
    void setBlocked(const QString &why);
    void setSelectionCount(int count);
    // From the click to the terminal state the buttons stay disabled (one intent, one run).
    void setRunning(bool running);
    void setProgress(int done, int total);
    void setResult(const QString &text);
    // The last run's per-saga results (plain text), shown by the Report button.
    void setReport(const QString &text);

signals:
    void requested(sagadeck::SagaActionVerb verb, bool wholeFilter);
    void cancelRequested();

private:
    void updateButtons();

    QPushButton *m_retry;
    QPushButton *m_compensate;
    QComboBox *m_scope;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_result;
    QPushButton *m_reportButton;
    QString m_report;
    QString m_blocked;
    int m_selected = 0;
    bool m_running = false;
};

} // namespace sagadeck
