#pragma once

#include "HttpTransport.h"
#include "LogLine.h"
#include "PodInfo.h"

#include <QObject>

#include <functional>
#include <map>

namespace sagadeck {

// Splits a pods/log body read with timestamps=true into lines: "<RFC3339Nano> <text>". Pure.
class LogLineSplitter
{
public:
    // A line longer than this is cut, and says by how much.
    static constexpr qsizetype maxLineBytes = 64 * 1024;

    // Adds a piece of the body; returns the lines it completed (without pod or container).
    LogLines feed(const QByteArray &chunk);
    // What is left when the stream ends (a last line without its newline).
    LogLines finish();
    // "2026-12-05T21:05:55.091462710Z" -> ns since the epoch; 0 when it is not such a time.
    static qint64 parseTimeNs(QByteArrayView stamp);

private:
    LogLine lineOf(QByteArrayView raw) const;
    QByteArray m_partial;
};

// Reads containers' logs through the API server's pods/log, as `kubectl logs` does: one stream
// per pod (its default container), --tail, --previous, -f; a deployment's pods all at once,
// interleaved by the receiver by time, and while following, a pod the deployment starts joins
// the session. A followed stream that ends while its pod lives is opened again from the time
// of its last line. Errors (403, a previous container that does not exist) are said per pod.
//
// It sends through its owner (KubeClient), whose target and credentials it uses, on its own
// transport so a followed log never waits behind a watch for a connection.
class KubeLogFollower : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString pathInNamespace;
        std::function<void(const QByteArray &)> onChunk;
        int transferTimeoutMs = 0;
        int deadlineMs = 0;
    };
    using Send = std::function<quint64(const Request &, const HttpTransport::Done &)>;
    using Abort = std::function<void(quint64)>;
    using Describe = std::function<QString(const HttpResult &, const QString &pod)>;

    KubeLogFollower(Send send, Abort abort, Describe describe, QObject *parent = nullptr);

    // A new session replaces the one before (its streams are cut).
    void start(const LogRequest &request, const PodList &pods);
    void stop(quint64 session);
    void stopAll();
    // The namespace's pods now: a followed deployment's new pods join.
    void podsChanged(const PodList &pods);
    // The API server was lost: cut the streams; reopened (from their last line) by resume().
    void suspend(const QString &why);
    void resume(const PodList &pods);

signals:
    void lines(quint64 session, const sagadeck::LogLines &lines);
    void streamState(quint64 session, const QString &pod, const QString &state);

private:
    struct Stream
    {
        quint64 handle = 0;
        QString container;
        LogLineSplitter splitter;
        qint64 lastNs = 0; // the newest line's time: a reopened stream starts there
        bool open = false;
        bool done = false; // ended for good (not following, the pod gone, or refused)
    };

    bool wants(const PodInfo &pod) const;
    void open(const PodInfo &pod, bool joined);
    void openStream(const QString &pod);
    void deliver(const QString &pod, LogLines read);

    Send m_send;
    Abort m_abort;
    Describe m_describe;
    LogRequest m_request;
    bool m_active = false;
    qint64 m_startedNs = 0;
    quint64 m_generation = 0;
    std::map<QString, Stream> m_streams;
};

} // namespace sagadeck
