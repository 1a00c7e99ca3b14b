#pragma once

#include "ActionContext.h"
#include "BackendActionPlan.h"

#include <QObject>

namespace sagadeck {

// Steps 1 and 2 of the pipeline for cancel query / terminate backend: reads the backend by pid
// from pg_stat_activity (the console's read-only connection, through BackendSignalWorker),
// applies BackendActionRules and builds the preview with its confirmation (the typed pid). A
// read-only profile, a profile without an operator conninfo or a malformed request is refused
// at once, without any request.
//
// Threading: the GUI (or the CLI's main) thread; never blocks. prepare() is answered by exactly
// one planReady(); a newer prepare() supersedes an unfinished one.
class BackendActionPlanner : public QObject
{
    Q_OBJECT
public:
    explicit BackendActionPlanner(const ActionContext &context, QObject *parent = nullptr);

    void prepare(const sagadeck::BackendActionRequest &request);

signals:
    void planReady(const sagadeck::BackendActionPlan &plan);

private:
    void onRead(const QString &requestId, const sagadeck::BackendLookup &lookup);

    ActionContext m_ctx;
    BackendActionPlan m_plan;
    QString m_pendingId;
};

} // namespace sagadeck
