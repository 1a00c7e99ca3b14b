#pragma once

#include "AlertRule.h"
#include "PgActivity.h"
#include "Playbook.h"
#include "PromTypes.h"

#include <QObject>
#include <QVector>

class QTimer;

namespace sagadeck {

class MetricsDashboard;

// A prom_by_label investigation's latest answer: one row per series, named by its label.
struct PromTable
{
    QVector<QPair<QString, double>> rows; // label value, value (NaN shown as "no data")
    QString error;                        // the last request's failure; old rows stay
    QDateTime lastSuccess;
    bool answered = false;
    quint64 pendingId = 0;
};

// What the board knows about one playbook now.
struct PlaybookLive
{
    RaiseState raise;
    QVector<SymptomReading> symptoms;
    QVector<quint64> pendingSymptom; // latest request id per symptom
    QVector<PromTable> tables;       // per investigation (only prom_by_label ones are used)
};

// A Postgres investigation's latest answer (or why there is none).
template <typename T>
struct PgAnswer
{
    T value;
    bool has = false;
    QString error;
    QDateTime lastSuccess;
    quint64 pendingId = 0;

    // Takes the answer to request `requestId`; false (and nothing changes) for a late one.
    bool accept(quint64 requestId, const T &answer)
    {
        if (requestId != pendingId)
            return false;
        value = answer;
        has = true;
        error.clear();
        lastSuccess = QDateTime::currentDateTimeUtc();
        return true;
    }

    // Takes the failure of request `requestId` (the last good value stays); false for a late one.
    bool reject(quint64 requestId, const QString &why)
    {
        if (requestId != pendingId)
            return false;
        error = why;
        return true;
    }
};

// The Playbooks page's state on the GUI thread: evaluates every playbook's symptoms and
// Prometheus investigations at the alert interval by asking through requested() (the session
// routes it to the PrometheusClient) and raises playbooks from the alert transitions. Postgres
// investigations are asked for only while a playbook that shows them is on screen
// (setOnScreen), every 5 s. No I/O here; late answers (not the latest id) are dropped.
class PlaybookBoard : public QObject
{
    Q_OBJECT
public:
    explicit PlaybookBoard(const MetricsDashboard *alerts = nullptr, QObject *parent = nullptr);

    static constexpr int pgIntervalMs = 5000;

    void start(int intervalMs, const QVector<Playbook> &playbooks, const QString &error);
    void stop();
    void clear();
    bool running() const { return m_running; }

    const QVector<Playbook> &playbooks() const { return m_playbooks; }
    const PlaybookLive &live(int index) const { return m_live.at(index); }
    QString error() const { return m_error; } // why there are no playbooks
    int indexOf(const QString &id) const;
    PlaybookStatus status(int index) const;
    int raisedCount() const;
    // Indices in display order: raised first (newest raise first), then file order.
    QVector<int> order() const;
    // Every symptom of every playbook evaluated at least once (snapshot readiness).
    bool evaluatedOnce() const;
    QDateTime lastEvaluation() const { return m_lastEval; }
    // Everything the shown playbook needs has answered once (data or a reason): snapshots.
    bool answeredOnce() const;

    const PgAnswer<PgActivity> &activity() const { return m_activity; }
    const PgAnswer<FailedSagas> &failedSagas() const { return m_failed; }

public slots:
    void evaluate();
    void applyAnswer(const sagadeck::PromAnswer &answer);
    void onAlertTransition(const sagadeck::AlertTransition &transition);
    // The page: whether it is visible and which playbook it shows (-1: none).
    void setOnScreen(bool visible, int index);
    void refreshPostgres();
    void applyActivity(quint64 requestId, const sagadeck::PgActivity &activity);
    void applyActivityError(quint64 requestId, const QString &error);
    void applyFailedSagas(quint64 requestId, const sagadeck::FailedSagas &sagas);
    void applyFailedSagasError(quint64 requestId, const QString &error);

signals:
    void requested(const sagadeck::PromRequest &request);
    void activityRequested(quint64 requestId);
    void failedSagasRequested(quint64 requestId);
    void changed();
    void raisedChanged(int index, bool raised);
    // The playbook is raised and not every instance that raised it is silenced: it was raised
    // now, or its last silence ended (expired or unsilenced) while it stays raised. The
    // war-room wall turns to it.
    void attentionNeeded(int index);

private:
    void syncWithAlerts();
    // Names the instances of the raised playbook's rule anew, with their silences; a playbook
    // whose last silence ended needs attention again.
    void followSilences(int index);
    void setRaise(int index, const RaiseState &state, bool changedRaise);
    bool wantsOnScreen(InvestigationKind kind) const;

    const MetricsDashboard *m_alerts;
    QVector<Playbook> m_playbooks;
    QVector<PlaybookLive> m_live;
    QString m_error;
    QDateTime m_lastEval;
    PgAnswer<PgActivity> m_activity;
    PgAnswer<FailedSagas> m_failed;
    QTimer *m_timer;
    QTimer *m_pgTimer;
    quint64 m_nextId = 1;
    int m_onScreen = -1;
    bool m_visible = false;
    bool m_running = false;
};

} // namespace sagadeck
