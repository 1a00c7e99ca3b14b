#pragma once

#include <QObject>
#include <QThread>

// A worker object on a thread of its own, as the console runs its clients: moved there by
// run(), deleted when the thread ends, and the thread stopped and joined with this.
struct WorkerThread
{
    QThread thread;

    template <typename T>
    T *run(T *object)
    {
        object->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, object, &QObject::deleteLater);
        thread.start();
        return object;
    }

    ~WorkerThread()
    {
        thread.quit();
        thread.wait();
    }
};
