#pragma once

#include "ConfirmationRequirement.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sagadeck {

// The confirmation step of every action: what exactly will happen and to what (plain text),
// a distinct banner on production profiles, the typed confirmation the action needs (a name
// or a count) and the reason that goes into the audit log.
//
// Safe by default: Cancel has the focus and is the default button, so Enter on a fresh dialog
// cancels; the confirm button stays disabled until the requirement is met, and says why.
class ActionConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    struct Content
    {
        QString title;        // "Retry 3 sagas"
        QString summary;      // one line above the details
        QString details;      // the preview, plain text
        QString confirmLabel; // "Retry 3 sagas"
        bool production = false;
        QString warning; // e.g. "TLS not verified"; shown in red when set
        ConfirmationRequirement requirement;
        // Someone's action on the same target has no outcome yet (TeamTrail::conflictText):
        // confirming then also needs "Do it anyway" ticked.
        QString conflict;
    };

    explicit ActionConfirmDialog(const Content &content, QWidget *parent = nullptr);

    // Opens the confirmation (window-modal on `parent`, deleted when closed): on Confirm
    // `accepted(typed, reason)`, on Cancel or close `cancelled()`; neither runs once `receiver`
    // is gone. The one way every controller asks.
    using Accepted = std::function<void(const QString &typed, const QString &reason)>;
    static ActionConfirmDialog *ask(const Content &content, QWidget *parent, QObject *receiver, Accepted accepted,
                                    std::function<void()> cancelled);

    QString typedConfirmation() const;
    QString reason() const;
    QPushButton *confirmButton() const { return m_confirm; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLineEdit *confirmationEdit() const { return m_typed; }
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    QCheckBox *doItAnywayBox() const { return m_anyway; } // null without a conflict
    QString missingText() const;

private:
    void updateState();

    Content m_content;
    QLineEdit *m_typed = nullptr;
    QPlainTextEdit *m_reason;
    QLabel *m_missing;
    QPushButton *m_confirm;
    QPushButton *m_cancel;
    QCheckBox *m_anyway = nullptr;
};

} // namespace sagadeck
