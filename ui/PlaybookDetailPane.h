#pragma once

#include "Playbook.h"
#include "Profile.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace sagadeck {

class FeedHealthModel;
class EscalationPanel;
class KafkaLagStore;
class PlaybookBoard;

// The right side of the Playbooks page: one playbook's raise state, its symptoms evaluated now
// (glyph + word + value + threshold), its investigation sections (each with the age of its
// data, or why it has none) and its remedy buttons. Untrusted text (queries, errors, saga
// errors) is plain text. Holds no pipeline: a remedy click is remedyRequested().
class PlaybookDetailPane : public QWidget
{
    Q_OBJECT
public:
    PlaybookDetailPane(PlaybookBoard *board, FeedHealthModel *health, KafkaLagStore *kafka, QWidget *parent = nullptr);

    void showPlaybook(int index); // -1: none
    int playbookIndex() const { return m_index; }
    void refresh();

    QString raiseText() const;
    QString symptomText(int row) const;     // "met · 85.0 % · > 0.50 %"
    QString symptomState(int row) const;    // "met", "not met", "no data", "error"
    QString sectionText(int section) const; // an investigation's status line (age or error)
    QTableWidget *sectionTable(int section) const;
    const QVector<QPushButton *> &remedyButtons() const { return m_remedyButtons; }
    QString remedyNote() const;
    QString remedyBlockedText() const;

    void setRemediesBlocked(const QString &deployments, const QString &sagas);
    void setRemedyBusy(bool busy);
    void showRemedyNote(const QString &text);
    // The profile's contacts, shown below the playbook (the runbook's escalation path).
    void setEscalation(const QVector<EscalationContact> &contacts);
    EscalationPanel *escalation() const { return m_escalation; }

signals:
    void remedyRequested(const sagadeck::PlaybookRemedy &remedy);

private:
    struct Section
    {
        PlaybookInvestigation spec;
        QLabel *status = nullptr;
        QTableWidget *table = nullptr;
    };

    void clearContent();
    void build();
    void refreshSymptoms();
    void refreshSection(int i, Section &s);
    void updateRemedyButtons();
    QString remedyBlock(const PlaybookRemedy &remedy) const;

    PlaybookBoard *m_board;
    FeedHealthModel *m_health;
    KafkaLagStore *m_kafka;
    int m_index = -1;
    QVBoxLayout *m_layout;
    QWidget *m_content = nullptr;
    EscalationPanel *m_escalation = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_raise = nullptr;
    QGridLayout *m_symptomGrid = nullptr;
    QLabel *m_symptomAge = nullptr;
    QVector<QLabel *> m_symptomGlyphs;
    QVector<QLabel *> m_symptomTexts;
    QVector<Section> m_sections;
    QVector<QPushButton *> m_remedyButtons;
    QLabel *m_remedyNote = nullptr;
    QLabel *m_remedyBlocked = nullptr; // why the buttons cannot be used now
    QString m_blockedDeployments;
    QString m_blockedSagas;
    bool m_busy = false;
};

} // namespace sagadeck
