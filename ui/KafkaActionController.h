#pragma once

#include "ActionConfirmDialog.h"
#include "ActionContext.h"
#include "KafkaActionPlan.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace sagadeck {

class KafkaPage;
class TeamTrail;

// Drives the Kafka page's repairs through the pipeline, like DeploymentActionController: the
// small dialog (where to reset to; the new partition count) → plan (KafkaActionPlanner: the
// group and topic read off the GUI thread) → the confirmation dialog with the preview → run (an
// ActionPipeline owned by the console's ActionTracker) → the outcome on the page.
class KafkaActionController : public QObject
{
    Q_OBJECT
public:
    using ContextProvider = std::function<ActionContext()>;

    KafkaActionController(ContextProvider context, KafkaPage *page, QObject *parent = nullptr);

    ActionConfirmDialog *dialog() const { return m_dialog; }
    bool isBusy() const { return m_busy; }
    // The confirmation dialog's text for a plan.
    // With `team`, the conflict with someone's action in flight on the same target.
    static ActionConfirmDialog::Content confirmContent(const KafkaActionPlan &plan, const TeamTrail *team = nullptr);
    // Plan a request directly (the page's dialogs call this; so can a test).
    void request(const KafkaActionRequest &request);

signals:
    void finished(const sagadeck::ActionReport &report);

private:
    void onPlan(const KafkaActionPlan &plan);
    void run(const KafkaActionPlan &plan, const QString &typed, const QString &reason);
    void done(const QString &note);

    ContextProvider m_context;
    KafkaPage *m_page;
    QPointer<ActionConfirmDialog> m_dialog;
    bool m_busy = false;
};

} // namespace sagadeck
