#include "KubeWatch.h"

#include "KubeJson.h"

#include <QJsonDocument>
#include <QLocale>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// A list page: big enough that a namespace is one or two requests, small enough that the
// server answers it from one slice of etcd.
constexpr int listPageSize = 500;

QString nameOf(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

QString versionOf(const QJsonObject &o)
{
    return o.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
}

} // namespace

QList<WatchEventDecoder::Event> WatchEventDecoder::feed(const QByteArray &chunk, QString *error)
{
    QList<Event> out;
    m_partial += chunk;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_partial.indexOf('\n', start);
        if (end < 0)
            break;
        const QByteArray line = m_partial.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonObject o = QJsonDocument::fromJson(line, &pe).object();
        if (pe.error != QJsonParseError::NoError || !o.value(u"type"_s).isString()) {
            *error = u"the API server's watch sent a line that is not an event: %1"_s.arg(
                pe.error != QJsonParseError::NoError ? pe.errorString() : u"no type"_s);
            m_partial.clear();
            return out;
        }
        out.append({o.value(u"type"_s).toString(), o.value(u"object"_s).toObject()});
    }
    m_partial.remove(0, start);
    if (m_partial.size() > m_maxLineBytes) {
        *error = u"the API server's watch sent an event longer than %1"_s.arg(
            QLocale::c().formattedDataSize(m_maxLineBytes, 0));
        m_partial.clear();
    }
    return out;
}

KubeWatch::KubeWatch(const QString &resource, const QString &listKind, Send send, Abort abort, Describe describe,
                     QObject *parent)
    : QObject(parent)
    , m_resource(resource)
    , m_listKind(listKind)
    , m_send(std::move(send))
    , m_abort(std::move(abort))
    , m_describe(std::move(describe))
{}

void KubeWatch::resume()
{
    if (m_inFlight)
        return;
    if (m_resourceVersion.isEmpty())
        listPage({}, {});
    else
        watch();
}

void KubeWatch::halt()
{
    ++m_generation;
    m_synced = false;
    if (const quint64 h = std::exchange(m_inFlight, 0))
        m_abort(h);
}

void KubeWatch::fail(const QString &reason)
{
    m_synced = false;
    emit failed(reason);
}

void KubeWatch::listPage(const QString &continueToken, QMap<QString, QJsonObject> listed)
{
    QString path = u"%1?limit=%2"_s.arg(m_resource).arg(listPageSize);
    if (!continueToken.isEmpty())
        path += u"&continue="_s + QString::fromLatin1(QUrl::toPercentEncoding(continueToken));
    const quint64 generation = m_generation;
    m_inFlight = m_send({path, {}, 0, 0}, [this, generation, listed](const HttpResult &r) mutable {
        if (generation != m_generation)
            return;
        m_inFlight = 0;
        if (!r.answered() || r.status != 200)
            return fail(m_describe(r, u"list"_s));
        QString error;
        const kubejson::ListPage page = kubejson::parseListPage(r.body, m_listKind, &error);
        if (!error.isEmpty())
            return fail(error);
        for (const QJsonValue &v : page.items)
            listed.insert(nameOf(v.toObject()), v.toObject());
        if (!page.continueToken.isEmpty())
            return listPage(page.continueToken, std::move(listed));
        ++m_lists;
        m_items = std::move(listed);
        m_resourceVersion = page.resourceVersion;
        m_synced = true;
        emit changed();
        watch();
    });
}

void KubeWatch::watch()
{
    m_decoder.reset();
    const QString path = u"%1?watch=1&allowWatchBookmarks=true&timeoutSeconds=%2&resourceVersion=%3"_s.arg(
        m_resource, QString::number(m_streamSeconds), QString::fromLatin1(QUrl::toPercentEncoding(m_resourceVersion)));
    const quint64 generation = m_generation;
    auto onChunk = [this, generation](const QByteArray &chunk) {
        if (generation != m_generation)
            return;
        QString error;
        const QList<WatchEventDecoder::Event> events = m_decoder.feed(chunk, &error);
        bool any = false;
        for (const WatchEventDecoder::Event &e : events) {
            if (!apply(e))
                return; // apply() ended the stream and said why
            any = any || e.type != u"BOOKMARK"_s;
        }
        if (any)
            emit changed();
        if (!error.isEmpty()) {
            halt();
            fail(error);
        }
    };
    ++m_streams;
    m_synced = true;
    // The server ends the stream after timeoutSeconds; silence for longer means it is lost
    // (the owner's heartbeat notices sooner and calls halt()).
    const int deadlineMs = (m_streamSeconds + 15) * 1000;
    m_inFlight = m_send({path, onChunk, deadlineMs, deadlineMs}, [this, generation](const HttpResult &r) {
        if (generation != m_generation)
            return;
        m_inFlight = 0;
        // The server's normal end of a stream: go on from the newest version. One that ends at
        // once, again and again, is not a watch (a proxy that does not stream): a failure.
        if (r.answered() && r.status == 200 && r.elapsedMs >= 1000)
            return watch();
        if (r.answered() && r.status == 200)
            return fail(u"the API server ended the watch of %1 at once (%2 ms)"_s.arg(m_resource).arg(r.elapsedMs));
        if (r.answered() && r.status == 410) {
            m_resourceVersion.clear();
            return resume();
        }
        fail(m_describe(r, u"watch"_s));
    });
}

bool KubeWatch::apply(const WatchEventDecoder::Event &e)
{
    if (e.type == u"ERROR"_s) {
        const int code = e.object.value(u"code"_s).toInt();
        const QString message = e.object.value(u"message"_s).toString();
        halt();
        if (code == 410) {
            // "too old resource version": what we knew may have missed events; list again.
            m_resourceVersion.clear();
            resume();
        } else {
            fail(u"the API server ended the watch of %1: %2 (%3)"_s.arg(m_resource, message).arg(code));
        }
        return false;
    }
    const QString version = versionOf(e.object);
    if (!version.isEmpty())
        m_resourceVersion = version;
    if (e.type == u"ADDED"_s || e.type == u"MODIFIED"_s)
        m_items.insert(nameOf(e.object), e.object);
    else if (e.type == u"DELETED"_s)
        m_items.remove(nameOf(e.object));
    return true;
}

RetryingWatch::RetryingWatch(KubeWatch *watch, QObject *parent)
    : QObject(parent)
    , m_watch(watch)
    , m_retry(new QTimer(this))
{
    m_watch->setParent(this);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, m_watch, &KubeWatch::resume);
    connect(m_watch, &KubeWatch::changed, this, [this] {
        m_error.clear();
        m_backoff.reset();
        emit changed();
    });
    connect(m_watch, &KubeWatch::failed, this, [this](const QString &reason) {
        const int delayMs = int(m_backoff.next().count());
        m_error = u"%1 — retrying in %2 s"_s.arg(reason).arg(delayMs / 1000.0, 0, 'f', 1);
        m_retry->start(delayMs);
        emit changed();
    });
}

void RetryingWatch::resume()
{
    m_watch->resume();
}

void RetryingWatch::halt()
{
    m_retry->stop();
    m_watch->halt();
}

} // namespace sagadeck
