#include "AbandonedThreads.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QList>
#include <QPointer>
#include <QThread>

namespace sagadeck::AbandonedThreads {

namespace {

constexpr int kShutdownWaitMs = 15000;   // a slow query ends in seconds; a hung server never

struct Abandoned
{
    QThread *thread;
    QPointer<QObject> worker;   // deletes itself when its thread finishes (deleteLater)
};

QList<Abandoned> &abandoned()
{
    static QList<Abandoned> list;
    return list;
}

void atShutdown()
{
    const int running = waitForAll(kShutdownWaitMs);
    if (running > 0)
        qWarning("sagadeck: %d feed thread(s) still blocked on a server at exit", running);
}

} // namespace

void adopt(QThread *thread, QObject *worker)
{
    thread->setParent(nullptr);
    if (abandoned().isEmpty())
        qAddPostRoutine(atShutdown);   // runs when the application object is destroyed
    abandoned().append({thread, worker});
}

int waitForAll(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QList<Abandoned> stillRunning;
    for (const Abandoned &a : std::as_const(abandoned())) {
        if (!a.thread->wait(deadline)) {
            stillRunning.append(a);
            continue;
        }
        delete a.worker.data();   // its deleteLater may not have run: the thread has ended
        delete a.thread;
    }
    abandoned() = stillRunning;
    return int(stillRunning.size());
}

} // namespace sagadeck::AbandonedThreads
