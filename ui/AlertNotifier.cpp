#include "AlertNotifier.h"

#include <QIcon>
#include <QSystemTrayIcon>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString describeTransition(const AlertTransition &t)
{
    QString text = u"%1  %2: %3 → %4"_s.arg(t.at.toLocalTime().toString(u"HH:mm:ss"_s), t.instance(),
                                            alertStateName(t.from), alertStateName(t.to));
    if (!std::isnan(t.value))
        text += u"  (value %1)"_s.arg(t.value, 0, 'g', 4);
    if (!t.detail.isEmpty())
        text += u"  — "_s + t.detail;
    return text;
}

AlertNotifier::AlertNotifier(QObject *parent)
    : QObject(parent)
{}

void AlertNotifier::onTransition(const AlertTransition &t)
{
    const bool notable = t.to == AlertState::Firing || t.to == AlertState::Error || t.to == AlertState::NoData
        || (t.from == AlertState::Firing && t.to == AlertState::Normal);
    if (!notable) {
        m_last = Decision::NotNotable;
        return;
    }
    // An instance an operator silenced notifies nobody: someone has it. A change of the whole
    // rule (into Error or No data) is no instance's, and always notifies.
    const bool ofInstance = t.to != AlertState::Error && t.to != AlertState::NoData;
    if (ofInstance && m_silenced && m_silenced(t)) {
        m_last = Decision::Silenced;
        return;
    }
    if (!m_limiter.allow(t.instance(), t.at)) { // per instance: another service's is news
        m_last = Decision::Suppressed;
        return;
    }
    m_last = Decision::Shown;
    ++m_shown;
    const QString title = u"sagadeck: %1 is %2"_s.arg(t.instance(), alertStateName(t.to));
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QIcon(u":/icons/sagadeck.svg"_s), this);
            m_tray->show();
        }
        m_tray->showMessage(title, describeTransition(t),
                            t.to == AlertState::Normal ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning);
    } else {
        emit inWindowNotice(title + u" — "_s + describeTransition(t));
    }
}

} // namespace sagadeck
