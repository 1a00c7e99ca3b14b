#include "AbandonedThreads.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QList>
#include <QThread>

namespace sagadeck::AbandonedThreads {

namespace {

constexpr int kShutdownWaitMs = 15000; // a slow query ends in seconds; a hung server never

QList<QThread *> &abandoned()
{
    static QList<QThread *> list;
    return list;
}

void atShutdown()
{
    const int running = waitForAll(kShutdownWaitMs);
    if (running > 0)
        qWarning("sagadeck: %d feed thread(s) still blocked on a server at exit", running);
}

} // namespace

void adopt(QThread *thread)
{
    // Nothing here may touch the thread's worker: the thread can finish, and delete it, at
    // any moment from now on.
    thread->setParent(nullptr);
    if (abandoned().isEmpty())
        qAddPostRoutine(atShutdown); // runs when the application object is destroyed
    abandoned().append(thread);
}

int waitForAll(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QList<QThread *> stillRunning;
    for (QThread *thread : std::as_const(abandoned())) {
        if (thread->wait(deadline))
            delete thread;
        else
            stillRunning.append(thread);
    }
    abandoned() = stillRunning;
    return int(stillRunning.size());
}

} // namespace sagadeck::AbandonedThreads
