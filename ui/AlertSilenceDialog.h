#pragma once

#include "AlertRule.h"

#include <QDateTime>
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sagadeck {

// Asks how long to silence one alert instance and why: 15 min, 1 h, 4 h or a custom number of
// minutes, a reason (required: OK stays disabled without one), and a preview of exactly what is
// silenced, by whom and until when, and what a silence does and does not do.
class AlertSilenceDialog : public QDialog
{
    Q_OBJECT
public:
    struct Target
    {
        QString rule;
        AlertLabels labels;
        AlertState state = AlertState::Normal;
        double value = 0;       // NaN when none
        QString currentSilence; // "silenced by bob until 14:30": the new one replaces it
    };

    AlertSilenceDialog(const Target &target, const QString &by, const QString &profile, QWidget *parent = nullptr);

    qint64 durationS() const;
    QString reason() const;
    QDateTime until(const QDateTime &from) const { return from.addSecs(durationS()); }
    QString previewText() const;

    QComboBox *durationPicker() const { return m_duration; }
    QSpinBox *customMinutes() const { return m_custom; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *okButton() const { return m_ok; }

private:
    void updatePreview();

    Target m_target;
    QString m_by;
    QString m_profile;
    QComboBox *m_duration;
    QSpinBox *m_custom;
    QLineEdit *m_reason;
    QLabel *m_preview;
    QPushButton *m_ok;
};

} // namespace sagadeck
