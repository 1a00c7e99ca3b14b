#pragma once

#include "ActionConfirmDialog.h"
#include "ActionContext.h"
#include "BackendActionPlan.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace sagadeck {

class DatabasePage;
class TeamTrail;

// Drives the Database page's Cancel query and Terminate backend buttons through the pipeline:
// request → plan (BackendActionPlanner: the backend as pg_stat_activity shows it now) →
// confirmation dialog (reason, typed pid) → run (an ActionPipeline owned by the console's
// ActionTracker) → outcome on the page. Without an operator conninfo, or in a read-only
// profile, the buttons are off and say why.
class BackendActionController : public QObject
{
    Q_OBJECT
public:
    using ContextProvider = std::function<ActionContext()>;

    BackendActionController(ContextProvider context, DatabasePage *page, QObject *parent = nullptr);

    ActionConfirmDialog *dialog() const { return m_dialog; }
    bool isBusy() const { return m_busy; }
    // With `team`, the conflict with someone's action in flight on the same target.
    static ActionConfirmDialog::Content confirmContent(const BackendActionPlan &plan, const TeamTrail *team = nullptr);

signals:
    void finished(const sagadeck::ActionReport &report);

private:
    void request(const BackendActionRequest &request);
    void onPlan(const BackendActionPlan &plan);
    void run(const BackendActionPlan &plan, const QString &typed, const QString &reason);
    void done(const QString &note);

    ContextProvider m_context;
    DatabasePage *m_page;
    QPointer<ActionConfirmDialog> m_dialog;
    bool m_busy = false;
};

} // namespace sagadeck
