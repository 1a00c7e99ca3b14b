#pragma once

#include "ActionContext.h"
#include "SagaActionPlan.h"

#include <QHash>
#include <QObject>

namespace sagadeck {

struct OrchestratorAnswer;

// Steps 1 and 2 of the pipeline: reads the sagas' current state from the orchestrator (GET), or
// for "every saga the filter matches" counts and lists them in Postgres (SagaMatchLister),
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
    bool isBusy() const { return !m_pending.isEmpty() || m_matchRequest != 0; }

signals:
    void planReady(const sagadeck::SagaActionPlan &plan);

private:
    void onAnswer(const sagadeck::OrchestratorAnswer &answer);
    void onMatches(quint64 requestId, qint64 matching, const QVector<sagadeck::SagaRow> &first);
    void onMatchesFailed(quint64 requestId, const QString &error);
    void listThroughOrchestrator();
    void listed(); // the filter's sagas are in the plan: read steps if needed, then finish
    void ask(const struct OrchestratorRequest &request, int itemIndex);
    void finishIfDone();
    void emitRefused(const QString &why);

    ActionContext m_ctx;
    SagaActionPlan m_plan;
    QHash<quint64, int> m_pending; // request id -> item index (-1: a list request)
    QString m_listError;
    quint64 m_matchRequest = 0; // the SagaMatchLister request in flight (0: none)
};

} // namespace sagadeck
