#pragma once

#include "AlertRule.h"
#include "NotificationLimiter.h"

#include <QObject>

#include <functional>

class QSystemTrayIcon;

namespace sagadeck {

// Raises a desktop notification for alert transitions into Firing or Error (and back to
// Normal from Firing), rate-limited by NotificationLimiter; none for a silenced instance. With a system tray it uses
// QSystemTrayIcon::showMessage; without one (headless, bare X) it emits inWindowNotice() for
// the page to show. lastDecision() lets headless tests see what it decided.
class AlertNotifier : public QObject
{
    Q_OBJECT
public:
    explicit AlertNotifier(QObject *parent = nullptr);

    enum class Decision
    {
        NotNotable,
        Shown,
        Suppressed,
        Silenced // the instance is silenced by an operator: no notification
    };
    // Whether a transition's instance is silenced now (unset: nothing is).
    void setSilenced(std::function<bool(const AlertTransition &)> silenced) { m_silenced = std::move(silenced); }
    Decision lastDecision() const { return m_last; }
    int shownCount() const { return m_shown; }
    NotificationLimiter &limiter() { return m_limiter; }

public slots:
    void onTransition(const sagadeck::AlertTransition &t);

signals:
    void inWindowNotice(const QString &text);

private:
    NotificationLimiter m_limiter;
    QSystemTrayIcon *m_tray = nullptr;
    std::function<bool(const AlertTransition &)> m_silenced;
    Decision m_last = Decision::NotNotable;
    int m_shown = 0;
};

QString describeTransition(const AlertTransition &t);

} // namespace sagadeck
