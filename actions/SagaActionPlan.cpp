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

QString SagaActionPlan::describe() const
{
    const QString verb = sagaActionVerbName(request.verb);
    if (!refusal.isEmpty())
        return u"%1 refused: %2"_s.arg(verb, refusal);
    QString text = u"%1 %2 of %3 saga(s) on profile '%4'%5\n"_s.arg(verb)
                       .arg(actionableCount())
                       .arg(items.size())
                       .arg(profile, production ? u" (PRODUCTION)"_s : QString());
    if (truncated)
        text += u"  the filter matched more than %1 sagas; only the first %1 are listed\n"_s.arg(request.maxItems);
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
