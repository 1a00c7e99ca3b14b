#pragma once

#include "OverviewPage.h"
#include "Profile.h"
#include "TileTrends.h"
#include "WhatChanged.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace sagadeck {

class IncidentTimeline;
class PlaybookBoard;
class WallChart;
class WallTile;

// The war-room display's overview, made to be read from across the room: the overview's
// verdicts (its OverviewPage, kept off screen, decides them, so desk and wall cannot disagree)
// as tiles with a headline number, a 30-minute trend with the last operator action marked and
// the service levels' error budgets; the saga failure rate, p95 latency and consumer lag large
// with their thresholds; "What changed" in the last 15 minutes; and, while a playbook is
// raised, whom to call. Type is sized from the screen's height; nothing is for a mouse.
class WarRoomWall : public QWidget
{
    Q_OBJECT
public:
    struct Sources
    {
        OverviewPage::Sources overview;
        IncidentTimeline *timeline = nullptr; // the failure-rate and p95 lanes (30 min)
        PlaybookBoard *playbooks = nullptr;   // raised: the escalation box
    };

    explicit WarRoomWall(const Sources &sources, QWidget *parent = nullptr);

    OverviewPage *overview() const { return m_overview; }
    const QVector<WallTile *> &tiles() const { return m_tiles; }
    WallTile *tile(const QString &id) const;
    const QVector<WallChart *> &charts() const { return m_charts; }
    // The transitions as the strip shows them (newest first) and how many there were in all.
    const QVector<ChangeEntry> &changesShown() const { return m_shown; }
    int changesInWindow() const { return m_inWindow; }
    bool escalationShown() const;
    QString escalationTitle() const;
    QStringList contactsShown() const; // one line per contact, as shown
    // The screen height the type was sized for.
    int screenHeight() const { return m_screenHeight; }

public slots:
    void refresh();
    void setContacts(const QVector<sagadeck::EscalationContact> &contacts);
    // Operator actions for "What changed" and the trends' marks (see WallActionSource).
    void setActions(const QVector<sagadeck::ConsoleAction> &actions);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyScale();
    void refreshTiles(const QDateTime &now);
    void refreshCharts(const QDateTime &now);
    void refreshChanges(const QDateTime &now);
    void refreshEscalation();
    QVector<QPointF> prometheusTrend(const QString &id, const QDateTime &now) const;

    Sources m_src;
    OverviewPage *m_overview;
    QVector<WallTile *> m_tiles;
    QVector<WallChart *> m_charts;
    WhatChanged m_changes;
    TileTrends m_trends;
    QVector<ChangeEntry> m_shown;
    int m_inWindow = 0;
    QVector<EscalationContact> m_contacts;
    QLabel *m_changesTitle;
    QVector<QLabel *> m_changeRows;
    QWidget *m_escalation;
    QLabel *m_escalationTitle;
    QLabel *m_contactsLabel;
    QTimer *m_tick;
    int m_screenHeight = 0;
};

} // namespace sagadeck
