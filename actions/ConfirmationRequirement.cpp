#include "ConfirmationRequirement.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

ConfirmationRequirement ConfirmationRequirement::forAction(const QString &verb, int actionable,
                                                           const QString &singleTarget, bool compensation,
                                                           bool production)
{
    ConfirmationRequirement c;
    if (actionable > 1) {
        c.kind = Kind::TypeCount;
        c.expected = QString::number(actionable);
        c.prompt = u"Type %1 to %2 %1 sagas"_s.arg(c.expected, verb);
    } else if (actionable == 1 && (compensation || production)) {
        c.kind = Kind::TypeTarget;
        c.expected = singleTarget;
        c.prompt = u"Type the saga id %1 to %2 it"_s.arg(singleTarget, verb);
    } else {
        c.prompt = u"Give a reason to %1 this saga"_s.arg(verb);
    }
    return c;
}

bool ConfirmationRequirement::isSatisfiedBy(const QString &typed, const QString &reason, QString *why) const
{
    auto no = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (reason.trimmed().isEmpty())
        return no(u"a reason is required: it goes into the audit log"_s);
    if (needsTyping() && typed.trimmed() != expected)
        return no(u"typed '%1' but the confirmation needs '%2'"_s.arg(typed.trimmed(), expected));
    return true;
}

} // namespace sagadeck
