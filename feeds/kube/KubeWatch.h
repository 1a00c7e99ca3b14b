#pragma once

#include "Backoff.h"
#include "HttpTransport.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace sagadeck {

// Splits a watch answer's body (one JSON event per line, as the API server streams it) into
// events. Pure: unit-tested.
class WatchEventDecoder
{
public:
    struct Event
    {
        QString type; // ADDED | MODIFIED | DELETED | BOOKMARK | ERROR
        QJsonObject object;
    };

    explicit WatchEventDecoder(qsizetype maxLineBytes = 16 * 1024 * 1024)
        : m_maxLineBytes(maxLineBytes)
    {}
    // Adds a piece of the body; returns the events it completed. `error` is set (and the rest of
    // the piece dropped) for a line that is not an event or longer than the bound.
    QList<Event> feed(const QByteArray &chunk, QString *error);
    void reset() { m_partial.clear(); }

private:
    qsizetype m_maxLineBytes;
    QByteArray m_partial;
};

// One resource of the namespace kept current the way client-go's informers do: list it (page
// by page), then watch from the list's resourceVersion with bookmarks, apply each event, and
// after a 410 Gone (the resourceVersion is older than the server keeps) list again. A stream the
// server ends (its timeoutSeconds) is reopened at once from the newest resourceVersion seen.
//
// It only reads and keeps: health, backoff and when to try again after a failure are its
// owner's (KubeClient), which calls resume() when it is time.
class KubeWatch : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString pathInNamespace; // "pods?watch=1&..."
        std::function<void(const QByteArray &)> onChunk;
        int transferTimeoutMs = 0;
        int deadlineMs = 0;
    };
    // Sends a GET in the client's namespace and group; returns the transport's handle.
    using Send = std::function<quint64(const Request &, const HttpTransport::Done &)>;
    using Abort = std::function<void(quint64)>;
    // Describes a failed answer in words (kubejson::describeError with the client's target).
    using Describe = std::function<QString(const HttpResult &, const QString &verb)>;

    // `resource` e.g. "pods", `listKind` "PodList".
    KubeWatch(const QString &resource, const QString &listKind, Send send, Abort abort, Describe describe,
              QObject *parent = nullptr);

    // How long the server keeps one stream open before ending it (we reopen at once).
    void setStreamSeconds(int seconds) { m_streamSeconds = seconds; }

    // Lists when nothing is known yet (or after a 410), else watches from the last version.
    void resume();
    // Cuts the list or the stream off; resume() goes on from the last version.
    void halt();

    // The objects by name, as of the last event.
    const QMap<QString, QJsonObject> &items() const { return m_items; }
    // Listed at least once and the stream is open or being opened, with no failure since.
    bool synced() const { return m_synced; }
    QString resourceVersion() const { return m_resourceVersion; }
    int lists() const { return m_lists; }
    int streamsOpened() const { return m_streams; }

signals:
    void changed();
    // A list or a stream failed (not a server's normal end of a stream): the owner backs off
    // and calls resume().
    void failed(const QString &reason);

private:
    void listPage(const QString &continueToken, QMap<QString, QJsonObject> listed);
    void watch();
    // Applies one event; false when the stream must end (an ERROR event).
    bool apply(const WatchEventDecoder::Event &e);
    void fail(const QString &reason);

    QString m_resource;
    QString m_listKind;
    Send m_send;
    Abort m_abort;
    Describe m_describe;
    QMap<QString, QJsonObject> m_items;
    QString m_resourceVersion; // empty: list first
    quint64 m_inFlight = 0;
    quint64 m_generation = 0; // answers of a request cut off by halt() are ignored
    bool m_synced = false;
    int m_streamSeconds = 60;
    int m_lists = 0;
    int m_streams = 0;
    WatchEventDecoder m_decoder;
};

// A watch that is not the feed's own health (pods, autoscalers: an identity may read Deployments
// and not these): it backs off and resumes by itself after a failure, and says why its objects
// are not current (error()) instead of taking the feed down.
class RetryingWatch : public QObject
{
    Q_OBJECT
public:
    RetryingWatch(KubeWatch *watch, QObject *parent = nullptr);

    KubeWatch *watch() const { return m_watch; }
    // "your identity x may not list pods … — retrying in 1.6 s"; empty while current.
    QString error() const { return m_error; }
    void resume();
    void halt();

signals:
    // The objects changed, or the error did.
    void changed();

private:
    KubeWatch *m_watch;
    Backoff m_backoff;
    QTimer *m_retry;
    QString m_error;
};

} // namespace sagadeck
