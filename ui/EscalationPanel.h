#pragma once

#include "Profile.h"

#include <QFrame>

class QLabel;

namespace sagadeck {

// Who to call and where the site's own dashboards are, from the profile's `contacts:` and
// `dashboards:` (the runbook's escalation path). On the overview the dashboards are links; on
// the war-room wall, where nobody clicks, their addresses are written out. A profile without
// contacts says so: an empty escalation list is worth noticing, not hiding.
class EscalationPanel : public QFrame
{
    Q_OBJECT
public:
    enum class Dashboards
    {
        Links,   // clickable titles (the desktop)
        Written, // "title: url" (the wall)
        Hidden   // contacts only (a raised playbook)
    };

    explicit EscalationPanel(Dashboards dashboards, QWidget *parent = nullptr);

    void setEscalation(const QVector<EscalationContact> &contacts, const QVector<DashboardLink> &links);
    void setDashboardsStyle(Dashboards dashboards);

    QString contactsText() const;   // as shown, one contact a line
    QString dashboardsText() const; // as shown, without markup
    const QVector<EscalationContact> &contacts() const { return m_contacts; }
    const QVector<DashboardLink> &dashboards() const { return m_links; }

    // "1 · On-call engineer · +1-555-0123" (level 0: no number).
    static QString contactLine(const EscalationContact &c);

private:
    void render();

    Dashboards m_style;
    QVector<EscalationContact> m_contacts;
    QVector<DashboardLink> m_links;
    QLabel *m_contactsLabel;
    QLabel *m_dashboardsLabel;
};

} // namespace sagadeck
