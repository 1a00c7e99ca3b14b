#pragma once

#include "ActionConfirmDialog.h"
#include "ActionContext.h"
#include "SagaActionPlan.h"

#include <QObject>
#include <QPointer>

namespace sagadeck {

class SagaActionBar;
class SagaActionPlanner;
class ActionPipeline;
class SagasPage;
class TeamTrail;

// Drives one saga action from the Sagas page through the pipeline: the bar's request becomes
// a plan (SagaActionPlanner), the plan a confirmation dialog, the confirmed plan a run
// (an ActionPipeline, owned by the console's ActionTracker so it outlives this page) whose
// progress and outcome the bar shows. One run at a time.
class SagaActionController : public QObject
{
    Q_OBJECT
public:
    SagaActionController(const ActionContext &context, SagasPage *page, QObject *parent = nullptr);

    // The open confirmation dialog, if any (tests answer it).
    ActionConfirmDialog *dialog() const { return m_dialog; }
    bool isRunning() const { return m_pipeline != nullptr; }
    // The confirmation dialog's text for a plan (shared with the Playbooks page's remedies).
    // With `team`, the conflict with someone's action in flight on the same target.
    static ActionConfirmDialog::Content confirmContent(const SagaActionPlan &plan, const TeamTrail *team = nullptr);

signals:
    void planShown(const sagadeck::SagaActionPlan &plan);
    void finished(const sagadeck::ActionReport &report);

private:
    void request(SagaActionVerb verb, bool wholeFilter);
    void onPlan(const SagaActionPlan &plan);
    void run(const SagaActionPlan &plan, const QString &typed, const QString &reason);
    void onFinished(const ActionReport &report);
    void idle(const QString &result);

    ActionContext m_ctx;
    SagasPage *m_page;
    SagaActionBar *m_bar;
    SagaActionPlanner *m_planner;
    QPointer<ActionPipeline> m_pipeline;
    QPointer<ActionConfirmDialog> m_dialog;
    bool m_planning = false;
};

} // namespace sagadeck
