#include "AlertSilenceDialog.h"

#include "AlertSilence.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

AlertSilenceDialog::AlertSilenceDialog(const Target &target, const QString &by, const QString &profile, QWidget *parent)
    : QDialog(parent)
    , m_target(target)
    , m_by(by)
    , m_profile(profile)
    , m_duration(new QComboBox(this))
    , m_custom(new QSpinBox(this))
    , m_reason(new QLineEdit(this))
    , m_preview(new QLabel(this))
{
    setWindowTitle(u"Silence alert instance"_s);
    setObjectName(u"alertSilenceDialog"_s);
    m_duration->setObjectName(u"silenceDuration"_s);
    for (int s : silenceDurationChoicesS())
        m_duration->addItem(silenceDurationText(s), s);
    m_duration->addItem(u"Custom…"_s, -1);
    m_duration->setCurrentIndex(1); // 1 h
    m_custom->setObjectName(u"silenceCustomMinutes"_s);
    m_custom->setRange(1, 7 * 24 * 60); // a week at most: a longer silence is a rule to change
    m_custom->setValue(90);
    m_custom->setSuffix(u" min"_s);
    m_custom->setEnabled(false);
    m_reason->setObjectName(u"silenceReason"_s);
    m_reason->setPlaceholderText(u"Why (required): e.g. known, payment provider incident INC-4711"_s);
    m_reason->setMaxLength(500);
    m_preview->setObjectName(u"silencePreview"_s);
    m_preview->setTextFormat(Qt::PlainText); // label values come from the watched system
    m_preview->setWordWrap(true);

    auto *instance = new QLabel(alertInstanceName(target.rule, target.labels), this);
    instance->setTextFormat(Qt::PlainText);
    QFont bold = instance->font();
    bold.setBold(true);
    instance->setFont(bold);

    auto *form = new QFormLayout;
    form->addRow(u"Instance"_s, instance);
    auto *durationRow = new QHBoxLayout;
    durationRow->addWidget(m_duration);
    durationRow->addWidget(m_custom);
    durationRow->addStretch(1);
    form->addRow(u"For"_s, durationRow);
    form->addRow(u"Reason"_s, m_reason);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(u"Silence"_s);
    m_ok->setObjectName(u"silenceOk"_s);
    m_ok->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview);
    layout->addWidget(buttons);

    connect(m_duration, &QComboBox::currentIndexChanged, this, [this] {
        m_custom->setEnabled(m_duration->currentData().toInt() < 0);
        updatePreview();
    });
    connect(m_custom, &QSpinBox::valueChanged, this, &AlertSilenceDialog::updatePreview);
    connect(m_reason, &QLineEdit::textChanged, this, &AlertSilenceDialog::updatePreview);
    updatePreview();
    resize(560, sizeHint().height());
}

qint64 AlertSilenceDialog::durationS() const
{
    const int picked = m_duration->currentData().toInt();
    return picked > 0 ? picked : qint64(m_custom->value()) * 60;
}

QString AlertSilenceDialog::reason() const
{
    return m_reason->text().trimmed();
}

QString AlertSilenceDialog::previewText() const
{
    return m_preview->text();
}

void AlertSilenceDialog::updatePreview()
{
    const QDateTime until = QDateTime::currentDateTime().addSecs(durationS());
    QString state = alertStateName(m_target.state);
    if (!std::isnan(m_target.value))
        state += u", value %1"_s.arg(m_target.value, 0, 'g', 4);
    QStringList lines;
    lines << u"Silences %1 (now %2) in profile '%3' for %4, until %5, by %6."_s.arg(
        alertInstanceName(m_target.rule, m_target.labels), state, m_profile, silenceDurationText(durationS()),
        until.toString(u"yyyy-MM-dd HH:mm"_s), m_by);
    lines << u"Only this label set: the rule's other instances still notify. Its state does not change (a firing "
             u"instance stays Firing on every page, marked silenced); it sends no desktop notification and does not "
             u"turn the war-room wall. It ends by itself, also if the instance is back to Normal before. Recorded in "
             u"the audit log; nothing is sent to a server."_s;
    if (!m_target.currentSilence.isEmpty())
        lines << u"Replaces the current silence (%1)."_s.arg(m_target.currentSilence);
    if (reason().isEmpty())
        lines << u"A reason is required."_s;
    m_preview->setText(lines.join(u"\n"_s));
    m_ok->setEnabled(!reason().isEmpty());
}

} // namespace sagadeck
