#pragma once

#include "Playbook.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QTimer;

namespace sagadeck {

class FeedHealthModel;
class KafkaLagStore;
class PlaybookBoard;
class PlaybookDetailPane;

// The Playbooks page: the runbook's common issues as live playbooks. On the left every
// playbook with a glyph and a word (raised, symptoms met, quiet, no data), raised ones first;
// on the right the selected one (PlaybookDetailPane). A playbook that raises itself moves to
// the top and is selected. Remedy clicks leave as remedyRequested() for the action pipeline.
class PlaybooksPage : public QWidget
{
    Q_OBJECT
public:
    PlaybooksPage(PlaybookBoard *board, FeedHealthModel *health, KafkaLagStore *kafka, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    PlaybookDetailPane *detail() const { return m_detail; }
    QString selectedId() const;
    bool selectPlaybook(const QString &id);
    QString listText(const QString &id) const; // the list entry: "title — word"
    QString bannerText() const;
    // "Playbooks" or "Playbooks · 1 raised": what the navigation shows.
    QString navTitle() const;

    void setRemediesBlocked(const QString &deployments, const QString &sagas);

public slots:
    void refresh();
    void setRemedyBusy(bool busy);
    void showRemedyNote(const QString &text);

signals:
    void remedyRequested(const sagadeck::PlaybookRemedy &remedy);
    void navTitleChanged(const QString &title);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void rebuildList();
    void onSelection();
    void onRaised(int index, bool raised);
    void tellBoard();

    PlaybookBoard *m_board;
    FeedHealthModel *m_health;
    QLabel *m_banner;
    QLabel *m_subtitle;
    QListWidget *m_list;
    PlaybookDetailPane *m_detail;
    QTimer *m_tick;
    QTimer *m_soon;
    QString m_navTitle;
    bool m_rebuilding = false;
};

} // namespace sagadeck
