#pragma once

#include "ActionTargets.h"
#include "ConfirmationRequirement.h"
#include "DatabaseActivity.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace sagadeck {

enum class BackendActionVerb
{
    Cancel,   // pg_cancel_backend: the running query stops, the session stays
    Terminate // pg_terminate_backend: the session ends (its transaction rolls back)
};
QString backendActionVerbName(BackendActionVerb verb); // cancel-query | terminate-backend

// What the operator asked for: one backend of the watched database, by pid.
struct BackendActionRequest
{
    BackendActionVerb verb = BackendActionVerb::Cancel;
    int pid = 0;
};

// The preview of a cancel or terminate: the backend as read (pid, user, application, client,
// query, how long it has run), where it goes and as whom, and the confirmation it needs.
struct BackendActionPlan
{
    BackendActionRequest request;
    QString profile;
    bool production = false;
    QString database;     // the watched database
    QString operatorRole; // the operator conninfo's user, when it names one (the audit identity)
    QString operatorHost; // host:port of the operator conninfo, when it names them
    QString refusal;      // non-empty: nothing may be sent, and why
    QString noOp;         // non-empty: nothing to do ("pid 42 runs no query")
    bool found = false;
    RunningQuery before; // the backend when the plan was made
    int longQueryAfterS = kDefaultLongQueryAfterS;
    ConfirmationRequirement confirmation;
    QDateTime preparedAt;

    bool isActionable() const { return refusal.isEmpty() && noOp.isEmpty() && found; }
    // "terminate backend 4242 (saga_sim, psql)"
    QString summary() const;
    // What it acts on, as its audit records name it: the backend's pid in its database.
    ActionTargets targets() const;
    // Plain text, several lines: for the CLI and the dialog's details box.
    QString describe() const;
};

void registerBackendActionMetaTypes();

// A backend's query on one line for a preview, at most 500 characters and the length of the rest.
QString printableQuery(const RunningQuery &backend);

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::BackendActionRequest)
Q_DECLARE_METATYPE(sagadeck::BackendActionPlan)
