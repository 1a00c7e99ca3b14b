#pragma once

#include <QEventLoop>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QVariant>

#include <type_traits>

// QSignalSpy for an object that lives on another thread. QSignalSpy connects directly, so a
// worker's signal appends to the spy on the worker's thread while the test reads it, and a spy
// that goes out of scope before the worker's thread is joined is written after it is freed (ASan
// caught exactly that). This one records on the test's thread through a queued connection, and
// a signal still in flight when it is destroyed is dropped with the connection.
class QueuedSpy : public QObject, public QList<QVariantList>
{
public:
    template <typename Sender, typename Owner, typename... Args>
    QueuedSpy(const Sender *sender, void (Owner::*signal)(Args...))
    {
        connect(
            sender, signal, this,
            [this](Args... args) {
                append(QVariantList{QVariant::fromValue(std::decay_t<Args>(args))...});
                if (m_waiting)
                    m_waiting->quit();
            },
            Qt::QueuedConnection);
    }

    // Like QSignalSpy::wait: true once a new signal arrives, false after timeoutMs without one.
    bool wait(int timeoutMs = 5000)
    {
        const qsizetype before = size();
        QEventLoop loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        m_waiting = &loop;
        loop.exec();
        m_waiting = nullptr;
        return size() > before;
    }

private:
    QEventLoop *m_waiting = nullptr;
};
