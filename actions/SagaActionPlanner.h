#pragma once

#include "ActionContext.h"
#include "SagaActionPlan.h"

#include <QHash>
#include <QObject>

namespace sagadeck {

struct OrchestratorAnswer;

// Steps 1 and 2 of the pipeline: reads the sagas' current state from the orchestrator (GET),
// applies SagaActionRules to each and builds the preview with its confirmation requirement.
// A read-only profile or a missing orchestrator is refused at once, without any request.
//
// Threading: lives on the GUI thread (or the CLI's main thread); it never blocks. prepare() is
// answered by exactly one planReady(). A newer prepare() supersedes an unfinished one.
class SagaActionPlanner : public QObject
{
    Q_OBJECT
public:
    explicit SagaActionPlanner(const ActionContext &context, QObject *parent = nullptr);

    void prepare(const sagadeck::SagaActionRequest &request);
    bool isBusy() const { return !m_pending.isEmpty(); }

signals:
    void planReady(const sagadeck::SagaActionPlan &plan);

private:
    void onAnswer(const sagadeck::OrchestratorAnswer &answer);
    void ask(const struct OrchestratorRequest &request, int itemIndex);
    void finishIfDone();
    void emitRefused(const QString &why);

    ActionContext m_ctx;
    SagaActionPlan m_plan;
    QHash<quint64, int> m_pending; // request id -> item index (-1: a list request)
    QString m_listError;
};

} // namespace sagadeck
