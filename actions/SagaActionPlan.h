#pragma once

#include "ActionTargets.h"
#include "ConfirmationRequirement.h"
#include "Saga.h"
#include "SagaActionRules.h"
#include "SagaFilter.h"

#include <QDateTime>
#include <QMetaType>
#include <QUuid>
#include <QVector>

#include <optional>

namespace sagadeck {

// What the operator asked for: a verb on some sagas, named or "everything the filter shows".
struct SagaActionRequest
{
    SagaActionVerb verb = SagaActionVerb::Retry;
    QVector<QUuid> sagaIds;           // used when `filter` is not set
    std::optional<SagaFilter> filter; // the Sagas page's current filter
    int maxItems = 500;               // a filter matching more is cut here (and says so)
};

// One saga of a plan, as it was when the plan was made.
struct SagaActionItem
{
    QUuid id;
    bool found = false; // false: the orchestrator does not know it (or could not say)
    SagaRow saga;
    SagaActionAvailability availability;
    QStringList stepsToUndo; // compensation preview, newest first
    int stepCount = -1;      // saga_steps rows seen (-1: not read); verification compares
};

// The preview: what exactly will happen and to what, and what confirmation it needs.
struct SagaActionPlan
{
    SagaActionRequest request;
    QString profile;
    bool production = false;
    QString refusal; // non-empty: the whole action is refused (read-only, no orchestrator...)
    QVector<SagaActionItem> items;
    bool truncated = false; // the filter matches (or may match) more sagas than `items`
    // How many sagas the filter matches in Postgres, counted with the table's SQL; -1 when they
    // were listed through the orchestrator, whose list has a limit and no total.
    qint64 matching = -1;
    QString listNote; // why the count is missing, when Postgres was asked and could not say
    ConfirmationRequirement confirmation;
    QDateTime preparedAt;

    int actionableCount() const;
    // For a filter plan: what it covers of what the filter matches ("... 234 more match: narrow
    // the filter"), never silently fewer. Empty for a plan of selected sagas.
    QString coverage() const;
    QVector<SagaActionItem> actionable() const;
    // The sagas it acts on (the actionable ones), as their audit records name them.
    static inline const QString kSagaTargetKind = QStringLiteral("saga");
    ActionTargets targets() const;
    // Plain text, one saga per line: for the CLI and the dialog's details box.
    QString describe() const;
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SagaActionPlan)
