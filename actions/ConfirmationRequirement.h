#pragma once

#include <QString>

namespace sagadeck {

// What the operator must do before an action runs; the dialog or the CLI fulfils it and the
// runner checks it again. A reason is always required (it goes into the audit log).
struct ConfirmationRequirement
{
    enum class Kind
    {
        ReasonOnly, // a single retry: the reason is enough
        TypeCount,  // any bulk action: type the number of sagas
        TypeTarget  // compensation (or anything on a production profile): type the saga id
    };

    Kind kind = Kind::ReasonOnly;
    QString expected; // the text to type (count or id); empty for ReasonOnly
    QString prompt;   // "Type 12 to retry 12 sagas"

    // For a plan of `actionable` sagas; `singleTarget` is the saga id when there is one.
    static ConfirmationRequirement forAction(const QString &verb, int actionable, const QString &singleTarget,
                                             bool compensation, bool production);

    bool needsTyping() const { return kind != Kind::ReasonOnly; }
    // Whether `typed` and `reason` fulfil it; `why` says what is missing.
    bool isSatisfiedBy(const QString &typed, const QString &reason, QString *why = nullptr) const;
};

} // namespace sagadeck
