#pragma once

#include "ActionId.h"
#include "ConfirmationRequirement.h"
#include "RequestOutcome.h"

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QVector>

namespace sagadeck {

struct AuditRecord;

// One thing a plan acts on, in the pipeline's terms.
struct PipelineItem
{
    QString target;  // as the audit log names it: a saga id, a deployment name
    QString skipped; // non-empty: it is not sent, and this is why
};

// What the pipeline needs to know of a kind's own plan (SagaActionPlan, DeploymentActionPlan).
struct PipelinePlan
{
    QString verb;         // retry, compensate, restart, scale (the audit log's verb)
    QString refusal;      // non-empty: nothing may run, and this is why
    QDateTime preparedAt; // when the preview was read; too old is refused
    ConfirmationRequirement confirmation;
    QVector<PipelineItem> items;

    int actionableCount() const;
};

// What reading a target back showed after its request was accepted.
struct EffectReading
{
    enum class State
    {
        Shown,     // the effect is there: done
        Partial,   // what was asked for holds but has not fully played out (scale: spec set,
                   // pods still starting): done if it is still so at the verification deadline
        NotYet,    // not visible yet: read again
        Unreadable // the read failed: read again
    };
    State state = State::NotYet;
    QString note; // what was seen ("attempt 1 → 2, now IN_PROGRESS"), plain text
};

// The adapter of one kind of target (sagas, deployments, and the kinds to come) to the action
// pipeline: it knows how to send the kind's request through its client and how to tell from a
// read-back whether the effect shows. Everything else — refusals, confirmation, the audit
// log, the ActionId, retries, deadlines and the outcome — is ActionPipeline's, the same for
// every kind. Adding a kind is one ActionTarget and its planner.
//
// Threading: the GUI (or the CLI's main) thread, like the pipeline; the clients it talks to live
// on threads of their own and are reached through queued calls. Every send() is answered by
// exactly one sent(), every readBack() by exactly one read(), both asynchronously.
class ActionTarget : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual PipelinePlan plan() const = 0;
    // Non-empty when the target cannot act at all (its client is not running), and why.
    virtual QString unavailable() const = 0;
    // The kind's part of an audit record of item `index`: identity, target and parameters.
    // `attempts` and `httpStatus` are filled in for outcome records.
    virtual void describe(int index, AuditRecord *record) const = 0;
    // Sends item `index`'s request with this ActionId (the idempotency key, the same on every
    // attempt). `earlierMayHaveLanded`: an earlier attempt of this intent may have been applied.
    virtual void send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded) = 0;
    // Reads item `index` back to see whether the effect shows.
    virtual void readBack(int index) = 0;

signals:
    void sent(int index, const sagadeck::RequestOutcome &outcome);
    void read(int index, const sagadeck::EffectReading &reading);
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::EffectReading)
