#pragma once

#include "ActionContext.h"
#include "AlertSilence.h"
#include "AlertSilenceDialog.h"
#include "AuditRecord.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace sagadeck {

class MetricsPage;

// Silences and unsilences alert instances from the Metrics page's alert table. A silence is
// local to the console, yet an operator action like any other: refused in a read-only profile
// (with the reason), and audited the way the pipeline audits — the intent is written (fsync)
// first, then the silence is stored in the profile's state file (SilenceStateFile, its own
// thread), then the outcome record says done or why not. Only a stored silence applies, so
// what the console shows is what survives a restart. The context is asked for at each request.
class AlertSilenceController : public QObject
{
    Q_OBJECT
public:
    using ContextProvider = std::function<ActionContext()>;

    AlertSilenceController(ContextProvider context, AlertSilences *silences, MetricsPage *page,
                           QObject *parent = nullptr);

    // Why silencing is refused now (read-only, no audit log, no state file); empty: allowed.
    QString refusal() const;
    // Starts the audited silence of one instance; false (with finished()) when refused at once.
    bool silence(const QString &rule, const AlertLabels &labels, qint64 durationS, const QString &reason);
    // Starts the audited end of a silence (expire now).
    bool unsilence(const QString &silenceId, const QString &reason);
    AlertSilenceDialog *dialog() const { return m_dialog; }
    // Requests that have not ended yet (intent written, state not stored, outcome not written).
    int pending() const { return int(m_pending.size()); }

signals:
    // The end of a request, in words for the page: "Silenced X until 14:30" or why not.
    void finished(const QString &message, bool ok);

private:
    struct Pending
    {
        AuditRecord intent;
        AlertSilence silence; // for unsilence: the one being ended
        bool unsilence = false;
        quint64 stateRequest = 0;
    };

    void openDialog(const QString &rule, const AlertLabels &labels);
    void askUnsilence(const QString &silenceId);
    bool start(const ActionContext &c, Pending p);
    void onAudit(const AuditRecord &record, const QString &error);
    void onStored(quint64 requestId, const QString &profile, const QVector<AlertSilence> &silences,
                  const QString &error);
    void finish(const Pending &p, bool ok, const QString &message);
    void wire(const ActionContext &c);

    ContextProvider m_context;
    QPointer<AlertSilences> m_silences;
    MetricsPage *m_page;
    QPointer<AlertSilenceDialog> m_dialog;
    QHash<QString, Pending> m_pending; // by ActionId
    QPointer<QObject> m_wiredAudit;
    QPointer<QObject> m_wiredState;
    static quint64 s_nextRequest;
};

} // namespace sagadeck
