#pragma once

#include <QLabel>

class QTimer;

namespace sagadeck {

class TeamTrail;

// The status bar's word on the team: the actions in flight by anyone ("payment-service restart
// by alice, 40 s, running"), and the team trail's own health, so a console cut off from the
// topic never looks like a quiet team. Ages move every second.
class TeamActivityLabel : public QLabel
{
    Q_OBJECT
public:
    explicit TeamActivityLabel(TeamTrail *trail, QWidget *parent = nullptr);

    // The wall's form: short enough for its status bar beside the feeds ("Team trail: live · 1 in
    // flight"); the wall's "What changed" names the actions in large type.
    void setCompact(bool compact);

    // As shown, without markup.
    QString inFlightText() const { return m_inFlight; }
    QString healthText() const { return m_health; }

private:
    void render();

    TeamTrail *m_trail;
    QTimer *m_tick;
    QString m_inFlight;
    QString m_health;
    bool m_compact = false;
};

} // namespace sagadeck
