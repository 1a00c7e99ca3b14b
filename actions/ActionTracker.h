#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVector>

namespace sagadeck {

class ActionPipeline;

// The actions running in this process. It outlives every window and session, so an action
// started from a page is never destroyed with it: the console asks here before it rebuilds a
// session (theme, war-room, profile switch) or closes, and waits — saying so — while any runs.
// When it cannot wait (a forced exit, `sagadeck act` out of time) abandonAll() writes
// "outcome unknown" for what is still open.
//
// Threading: the GUI (or CLI main) thread.
class ActionTracker : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ActionTracker() override;

    // Takes the pipeline over: it lives here until it has finished, then is deleted.
    void adopt(ActionPipeline *pipeline);
    int running() const;
    // "restart payment-service", one per running action.
    QStringList runningSummaries() const;
    // "1 action running (restart payment-service)"; empty when none runs.
    QString runningText() const;
    void abandonAll(const QString &why);

signals:
    void runningChanged(int count);

private:
    friend class ActionPipeline;
    void started(ActionPipeline *pipeline);
    void ended(ActionPipeline *pipeline);

    QVector<QPointer<ActionPipeline>> m_running;
};

} // namespace sagadeck
