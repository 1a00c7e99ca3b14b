#include "EscalationPanel.h"

#include <QLabel>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

EscalationPanel::EscalationPanel(Dashboards dashboards, QWidget *parent)
    : QFrame(parent)
    , m_style(dashboards)
    , m_contactsLabel(new QLabel(this))
    , m_dashboardsLabel(new QLabel(this))
{
    setObjectName(u"escalationPanel"_s);
    setFrameShape(QFrame::StyledPanel);
    auto *title = new QLabel(u"Escalation"_s, this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    m_contactsLabel->setObjectName(u"escalationContacts"_s);
    m_contactsLabel->setTextFormat(Qt::PlainText); // the profile's text, shown as written
    m_contactsLabel->setWordWrap(true);
    m_contactsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse); // a number to copy
    m_dashboardsLabel->setObjectName(u"escalationDashboards"_s);
    m_dashboardsLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(m_contactsLabel);
    layout->addWidget(m_dashboardsLabel);
    render();
}

void EscalationPanel::setEscalation(const QVector<EscalationContact> &contacts, const QVector<DashboardLink> &links)
{
    m_contacts = contacts;
    m_links = links;
    render();
}

void EscalationPanel::setDashboardsStyle(Dashboards dashboards)
{
    m_style = dashboards;
    render();
}

QString EscalationPanel::contactLine(const EscalationContact &c)
{
    const QString line = c.role + u" · "_s + c.reach;
    return c.level > 0 ? QString::number(c.level) + u" · "_s + line : line;
}

QString EscalationPanel::contactsText() const
{
    return m_contactsLabel->text();
}

QString EscalationPanel::dashboardsText() const
{
    if (m_dashboardsLabel->isHidden())
        return {};
    QStringList out;
    for (const DashboardLink &d : m_links)
        out << d.title + u": "_s + d.url;
    return out.join(u'\n');
}

void EscalationPanel::render()
{
    QStringList lines;
    for (const EscalationContact &c : std::as_const(m_contacts))
        lines << contactLine(c);
    m_contactsLabel->setText(lines.isEmpty() ? u"No contacts: the profile has no contacts: list"_s : lines.join(u'\n'));
    m_dashboardsLabel->setVisible(m_style != Dashboards::Hidden && !m_links.isEmpty());
    if (m_style == Dashboards::Links) {
        // Titles and addresses come from the profile: escaped before they become markup.
        QStringList anchors;
        for (const DashboardLink &d : std::as_const(m_links))
            anchors << u"<a href=\"%1\">%2</a>"_s.arg(QUrl(d.url).toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                                      d.title.toHtmlEscaped());
        m_dashboardsLabel->setTextFormat(Qt::RichText);
        m_dashboardsLabel->setOpenExternalLinks(true);
        m_dashboardsLabel->setText(u"Dashboards: "_s + anchors.join(u" · "_s));
        m_dashboardsLabel->setToolTip(dashboardsText());
    } else {
        m_dashboardsLabel->setTextFormat(Qt::PlainText);
        m_dashboardsLabel->setOpenExternalLinks(false);
        m_dashboardsLabel->setText(dashboardsText());
        m_dashboardsLabel->setToolTip({});
    }
}

} // namespace sagadeck
