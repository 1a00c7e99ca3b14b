#pragma once

#include "ActionTarget.h"
#include "BackendActionPlan.h"

#include <QHash>

namespace sagadeck {

class BackendSignalWorker;

// A Postgres backend as a target of the action pipeline: pg_cancel_backend or
// pg_terminate_backend sent as the profile's operator role, only while the pid is the backend
// (and, for a cancel, the query) the preview showed. Read back from pg_stat_activity: a
// terminate shows when the backend is gone (or the pid belongs to a newer backend), a cancel
// when that query no longer runs (the backend is gone, idle, or runs a later query).
class BackendActionTarget : public ActionTarget
{
    Q_OBJECT
public:
    BackendActionTarget(const BackendActionPlan &plan, BackendSignalWorker *worker, QObject *parent = nullptr);

    PipelinePlan plan() const override;
    QString unavailable() const override;
    void describe(int index, AuditRecord *record) const override;
    void send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded) override;
    void readBack(int index) override;

    const BackendActionPlan &backendPlan() const { return m_plan; }
    // What a read-back shows for this plan (public for the unit tests).
    static EffectReading reading(const BackendActionPlan &plan, const BackendLookup &lookup);

private:
    void onSignalled(const QString &requestId, const sagadeck::RequestOutcome &outcome);
    void onRead(const QString &requestId, const sagadeck::BackendLookup &lookup);

    BackendActionPlan m_plan;
    BackendSignalWorker *m_worker;
    QHash<QString, bool> m_pendingSends; // request id -> an earlier attempt may have landed
    QString m_pendingRead;
    int m_reads = 0;
};

} // namespace sagadeck
