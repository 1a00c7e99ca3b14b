#include "SagaActionPlan.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

int SagaActionPlan::actionableCount() const
{
    if (!refusal.isEmpty())
        return 0;
    int n = 0;
    for (const SagaActionItem &i : items)
        n += i.found && i.availability.available ? 1 : 0;
    return n;
}

ActionTargets SagaActionPlan::targets() const
{
    ActionTargets t{kSagaTargetKind, QString(), {}};
    for (const SagaActionItem &i : actionable())
        t.names << i.id.toString(QUuid::WithoutBraces);
    return t;
}

QVector<SagaActionItem> SagaActionPlan::actionable() const
{
    QVector<SagaActionItem> out;
    if (!refusal.isEmpty())
        return out;
    for (const SagaActionItem &i : items)
        if (i.found && i.availability.available)
            out.append(i);
    return out;
}

QString SagaActionPlan::coverage() const
{
    if (!request.filter || !refusal.isEmpty())
        return {};
    const qint64 listed = items.size();
    if (matching >= 0) {
        if (listed >= matching)
            return matching == 1 ? u"the filter matches 1 saga; it is covered"_s
                                 : u"the filter matches %1 sagas; all are covered"_s.arg(matching);
        return u"the filter matches %1 sagas; this covers the first %2 in the table's order; %3 more match: "
               "narrow the filter to reach them"_s.arg(matching)
                   .arg(listed)
                   .arg(matching - listed);
    }
    QString text = truncated ? u"the orchestrator lists at most %1 sagas per status: more may match than the %2 "
                               "covered, and how many is not known; narrow the filter"_s.arg(request.maxItems)
                                   .arg(listed)
                             : u"%1 sagas listed through the orchestrator"_s.arg(listed);
    if (!listNote.isEmpty())
        text += u" (%1)"_s.arg(listNote);
    return text;
}

QString SagaActionPlan::describe() const
{
    const QString verb = sagaActionVerbName(request.verb);
    if (!refusal.isEmpty())
        return u"%1 refused: %2"_s.arg(verb, refusal);
    QString text = u"%1 %2 of %3 saga(s) on profile '%4'%5\n"_s.arg(verb)
                       .arg(actionableCount())
                       .arg(items.size())
                       .arg(profile, production ? u" (PRODUCTION)"_s : QString());
    if (const QString c = coverage(); !c.isEmpty())
        text += u"  "_s + c + u'\n';
    for (const SagaActionItem &i : items) {
        const QString id = i.id.toString(QUuid::WithoutBraces);
        if (!i.found) {
            text += u"  - %1  not available: %2\n"_s.arg(id, i.availability.why);
            continue;
        }
        const QString head = u"%1  %2 %3 attempt %4"_s.arg(id, i.saga.type, i.saga.statusText).arg(i.saga.attempt);
        if (!i.availability.available) {
            text += u"  - %1  not available: %2\n"_s.arg(head, i.availability.why);
            continue;
        }
        text += u"  * %1%2\n"_s.arg(head,
                                    i.availability.why.isEmpty() ? QString() : u"  ("_s + i.availability.why + u')');
        if (request.verb == SagaActionVerb::Compensate)
            text += i.stepsToUndo.isEmpty() ? u"      undoes: nothing (no completed step is held)\n"_s
                                            : u"      undoes: %1\n"_s.arg(i.stepsToUndo.join(u", "_s));
    }
    return text;
}

} // namespace sagadeck
