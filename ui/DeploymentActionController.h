#pragma once

#include "ActionConfirmDialog.h"
#include "ActionContext.h"
#include "DeploymentActionPlan.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace sagadeck {

class ServicesPage;
class TeamTrail;

// Drives the Services page's restart and scale buttons through the pipeline: request → plan
// (DeploymentActionPlanner) → confirmation dialog → run (an ActionPipeline, owned by the
// console's ActionTracker so it outlives this page) → outcome on the page. The context is asked for at each request, so
// it carries the client's newest target.
class DeploymentActionController : public QObject
{
    Q_OBJECT
public:
    using ContextProvider = std::function<ActionContext()>;

    DeploymentActionController(ContextProvider context, ServicesPage *page, QObject *parent = nullptr);

    ActionConfirmDialog *dialog() const { return m_dialog; }
    bool isBusy() const { return m_busy; }
    // The confirmation dialog's text for a plan (shared with the Playbooks page's remedies).
    // With `team`, the conflict with someone's action in flight on the same target.
    static ActionConfirmDialog::Content confirmContent(const DeploymentActionPlan &plan,
                                                       const TeamTrail *team = nullptr);

signals:
    void finished(const sagadeck::ActionReport &report);

private:
    void request(const DeploymentActionRequest &request);
    void onPlan(const DeploymentActionPlan &plan);
    void run(const DeploymentActionPlan &plan, const QString &typed, const QString &reason);
    void done(const QString &name, const QString &note);

    ContextProvider m_context;
    ServicesPage *m_page;
    QPointer<ActionConfirmDialog> m_dialog;
    bool m_busy = false;
};

} // namespace sagadeck
