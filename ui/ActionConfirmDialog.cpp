#include "ActionConfirmDialog.h"
#include "Theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QLabel *plainLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setTextFormat(Qt::PlainText); // names and errors come from outside
    l->setWordWrap(true);
    return l;
}
} // namespace

ActionConfirmDialog::ActionConfirmDialog(const Content &content, QWidget *parent)
    : QDialog(parent)
    , m_content(content)
    , m_reason(new QPlainTextEdit(this))
    , m_missing(plainLabel(QString(), this))
{
    setObjectName(u"actionConfirmDialog"_s);
    setWindowTitle(content.title);
    setModal(true);
    auto *layout = new QVBoxLayout(this);
    if (content.production) {
        auto *banner = plainLabel(u"PRODUCTION — this changes a production system"_s, this);
        banner->setObjectName(u"productionBanner"_s);
        banner->setAlignment(Qt::AlignCenter);
        banner->setStyleSheet(u"QLabel { background: #b71c1c; color: white; padding: 8px; font-weight: bold; }"_s);
        layout->addWidget(banner);
    }
    if (!content.warning.isEmpty()) {
        auto *warning = plainLabel(content.warning, this);
        warning->setObjectName(u"actionWarning"_s);
        setRole(warning, "problemText");
        layout->addWidget(warning);
    }
    if (!content.conflict.isEmpty()) {
        auto *conflict = plainLabel(u"Someone is already acting on this target. "_s + content.conflict, this);
        conflict->setObjectName(u"actionConflict"_s);
        setRole(conflict, "problemText");
        layout->addWidget(conflict);
        m_anyway = new QCheckBox(u"Do it anyway"_s, this);
        m_anyway->setObjectName(u"doItAnyway"_s);
        connect(m_anyway, &QCheckBox::toggled, this, &ActionConfirmDialog::updateState);
        layout->addWidget(m_anyway);
    }
    auto *summary = plainLabel(content.summary, this);
    summary->setStyleSheet(u"QLabel { font-weight: bold; }"_s);
    layout->addWidget(summary);
    auto *details = new QPlainTextEdit(content.details, this);
    details->setObjectName(u"actionPreview"_s);
    details->setReadOnly(true);
    details->setMinimumSize(560, 160);
    layout->addWidget(details, 1);

    auto *form = new QFormLayout;
    if (content.requirement.needsTyping()) {
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(u"typedConfirmation"_s);
        m_typed->setPlaceholderText(content.requirement.expected);
        form->addRow(plainLabel(content.requirement.prompt, this));
        form->addRow(u"Confirm:"_s, m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &ActionConfirmDialog::updateState);
    }
    m_reason->setObjectName(u"reason"_s);
    m_reason->setPlaceholderText(u"Why (goes into the audit log), e.g. the incident number"_s);
    m_reason->setFixedHeight(60);
    m_reason->setTabChangesFocus(true);
    form->addRow(u"Reason:"_s, m_reason);
    layout->addLayout(form);
    m_missing->setObjectName(u"missing"_s);
    setRole(m_missing, "noticeText");
    layout->addWidget(m_missing);

    auto *buttons = new QDialogButtonBox(this);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_confirm = buttons->addButton(content.confirmLabel, QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(u"confirmButton"_s);
    // Enter must never confirm by accident: Cancel is the default, and the confirm button
    // never becomes the default when it gets the focus.
    m_confirm->setAutoDefault(false);
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &ActionConfirmDialog::updateState);
    layout->addWidget(buttons);
    m_cancel->setFocus();
    updateState();
}

ActionConfirmDialog *ActionConfirmDialog::ask(const Content &content, QWidget *parent, QObject *receiver,
                                              Accepted accepted, std::function<void()> cancelled)
{
    auto *dialog = new ActionConfirmDialog(content, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, receiver, [dialog, accepted, cancelled](int result) {
        if (result == QDialog::Accepted)
            accepted(dialog->typedConfirmation(), dialog->reason());
        else
            cancelled();
    });
    dialog->open();
    return dialog;
}

QString ActionConfirmDialog::typedConfirmation() const
{
    return m_typed ? m_typed->text() : QString();
}

QString ActionConfirmDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

QString ActionConfirmDialog::missingText() const
{
    return m_missing->text();
}

void ActionConfirmDialog::updateState()
{
    QString why;
    bool ok = m_content.requirement.isSatisfiedBy(typedConfirmation(), reason(), &why);
    if (ok && m_anyway && !m_anyway->isChecked()) {
        ok = false;
        why = u"Tick \"Do it anyway\" to act while the other action has no outcome."_s;
    }
    m_confirm->setEnabled(ok);
    m_missing->setText(ok ? QString() : why);
}

} // namespace sagadeck
