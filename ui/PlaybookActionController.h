#pragma once

#include "ActionConfirmDialog.h"
#include "ActionContext.h"
#include "Playbook.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace sagadeck {

class ActionPipeline;
class PlaybooksPage;

// Drives the Playbooks page's remedy buttons through the same pipeline as the Sagas and
// Services pages: restart and scale through DeploymentActionPlanner, "retry failed sagas"
// through SagaActionPlanner with the FAILED/COMPENSATED filter; each plan opens the same
// confirmation dialog (the controllers' confirmContent) and runs in an ActionPipeline.
// One intent at a time.
class PlaybookActionController : public QObject
{
    Q_OBJECT
public:
    using ContextProvider = std::function<ActionContext()>;

    PlaybookActionController(ContextProvider context, PlaybooksPage *page, QObject *parent = nullptr);

    ActionConfirmDialog *dialog() const { return m_dialog; }
    bool isBusy() const { return m_busy; }

private:
    void request(const PlaybookRemedy &remedy);
    void requestDeployment(const PlaybookRemedy &remedy);
    void requestRetry(const PlaybookRemedy &remedy);
    void openDialog(const ActionConfirmDialog::Content &content, ActionConfirmDialog::Accepted run);
    void done(const QString &note);

    void runPipeline(ActionPipeline *pipeline, const QString &typed, const QString &reason);

    ContextProvider m_context;
    PlaybooksPage *m_page;
    QPointer<ActionConfirmDialog> m_dialog;
    bool m_busy = false;
};

} // namespace sagadeck
