#include "KubeLogFollower.h"

#include <QDateTime>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

// A followed log may be quiet for hours: its stream ends when the container does, or when the
// API server is lost (the owner's heartbeat notices and calls suspend()).
constexpr int followMs = 24 * 3600 * 1000;
constexpr int readMs = 60 * 1000;

QString rfc3339Seconds(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC).toString(Qt::ISODate);
}

QString defaultContainer(const PodInfo &pod)
{
    // kubectl's choice without -c: the one named like the deployment, else the first.
    for (const ContainerInfo &c : pod.containers)
        if (c.name == pod.deployment)
            return c.name;
    return pod.containers.isEmpty() ? QString() : pod.containers.first().name;
}

} // namespace

qint64 LogLineSplitter::parseTimeNs(QByteArrayView stamp)
{
    // 2026-12-05T21:05:55[.fraction]Z
    if (stamp.size() < 20 || stamp.at(10) != 'T' || !stamp.endsWith('Z'))
        return 0;
    const QDateTime seconds = QDateTime::fromString(QString::fromLatin1(stamp.first(19)) + u'Z', Qt::ISODate);
    if (!seconds.isValid())
        return 0;
    qint64 fraction = 0;
    if (stamp.at(19) == '.') {
        const QByteArrayView digits = stamp.sliced(20, stamp.size() - 21);
        if (digits.isEmpty() || digits.size() > 9)
            return 0;
        for (char c : digits) {
            if (c < '0' || c > '9')
                return 0;
            fraction = fraction * 10 + (c - '0');
        }
        for (qsizetype i = digits.size(); i < 9; ++i)
            fraction *= 10;
    } else if (stamp.size() != 20) {
        return 0;
    }
    return seconds.toMSecsSinceEpoch() / 1000 * 1000000000LL + fraction;
}

LogLine LogLineSplitter::lineOf(QByteArrayView raw) const
{
    LogLine l;
    if (raw.endsWith('\r'))
        raw.chop(1);
    const qsizetype space = raw.indexOf(' ');
    if (space > 0)
        l.timeNs = parseTimeNs(raw.first(space));
    const QByteArrayView text = l.timeNs ? raw.sliced(space + 1) : raw;
    if (text.size() > maxLineBytes) {
        l.text = QString::fromUtf8(text.first(maxLineBytes))
            + u" … (%1 more bytes cut)"_s.arg(text.size() - maxLineBytes);
    } else {
        l.text = QString::fromUtf8(text);
    }
    return l;
}

LogLines LogLineSplitter::feed(const QByteArray &chunk)
{
    LogLines out;
    m_partial += chunk;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_partial.indexOf('\n', start);
        if (end < 0)
            break;
        out.append(lineOf(QByteArrayView(m_partial).sliced(start, end - start)));
        start = end + 1;
    }
    m_partial.remove(0, start);
    // A line without end is not kept growing: what is there becomes a line.
    if (m_partial.size() > maxLineBytes * 2) {
        out.append(lineOf(m_partial));
        m_partial.clear();
    }
    return out;
}

LogLines LogLineSplitter::finish()
{
    LogLines out;
    if (!m_partial.isEmpty())
        out.append(lineOf(m_partial));
    m_partial.clear();
    return out;
}

KubeLogFollower::KubeLogFollower(Send send, Abort abort, Describe describe, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
    , m_abort(std::move(abort))
    , m_describe(std::move(describe))
{}

bool KubeLogFollower::wants(const PodInfo &pod) const
{
    if (!m_request.pod.isEmpty())
        return pod.name == m_request.pod;
    return !m_request.deployment.isEmpty() && pod.deployment == m_request.deployment;
}

void KubeLogFollower::start(const LogRequest &request, const PodList &pods)
{
    stopAll();
    m_request = request;
    m_active = true;
    m_startedNs = QDateTime::currentMSecsSinceEpoch() * 1000000LL;
    bool any = false;
    for (const PodInfo &p : pods) {
        if (!wants(p) || p.terminating)
            continue;
        open(p, false);
        any = true;
    }
    if (!any)
        emit streamState(m_request.session, m_request.pod.isEmpty() ? m_request.deployment : m_request.pod,
                         m_request.pod.isEmpty() ? u"no pods running"_s : u"no such pod"_s);
}

void KubeLogFollower::stop(quint64 session)
{
    if (session == m_request.session)
        stopAll();
}

void KubeLogFollower::stopAll()
{
    if (!m_active)
        return;
    m_active = false;
    ++m_generation;
    for (auto &[pod, s] : m_streams)
        if (s.open)
            m_abort(s.handle);
    m_streams.clear();
}

void KubeLogFollower::open(const PodInfo &pod, bool joined)
{
    Stream &s = m_streams[pod.name];
    s.container = defaultContainer(pod);
    // A pod that started while followed: from the session's start, not its last N lines.
    if (joined)
        s.lastNs = m_startedNs - 1;
    openStream(pod.name);
}

void KubeLogFollower::openStream(const QString &pod)
{
    Stream &s = m_streams[pod];
    QString path = u"pods/%1/log?timestamps=true"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(pod)));
    if (!s.container.isEmpty())
        path += u"&container="_s + QString::fromLatin1(QUrl::toPercentEncoding(s.container));
    if (s.lastNs > 0)
        path += u"&sinceTime="_s + QString::fromLatin1(QUrl::toPercentEncoding(rfc3339Seconds(s.lastNs)));
    else if (m_request.tailLines >= 0)
        path += u"&tailLines=%1"_s.arg(m_request.tailLines);
    if (m_request.previous)
        path += u"&previous=true"_s;
    else if (m_request.follow)
        path += u"&follow=true"_s;
    const bool following = m_request.follow && !m_request.previous;
    const quint64 generation = m_generation;
    auto onChunk = [this, generation, pod](const QByteArray &chunk) {
        if (generation != m_generation)
            return;
        deliver(pod, m_streams[pod].splitter.feed(chunk));
    };
    s.open = true;
    s.done = false;
    s.splitter = LogLineSplitter();
    emit streamState(m_request.session, pod, following ? u"following"_s : u"reading"_s);
    const int ms = following ? followMs : readMs;
    s.handle = m_send({path, onChunk, ms, ms}, [this, generation, pod, following](const HttpResult &r) {
        if (generation != m_generation)
            return;
        const auto it = m_streams.find(pod);
        if (it == m_streams.end())
            return;
        Stream &st = it->second;
        st.open = false;
        deliver(pod, st.splitter.finish());
        QString state;
        if (r.cancelled) {
            state = u"cut off; opened again when the API server answers"_s;
        } else if (r.answered() && r.status / 100 == 2) {
            state = following ? u"ended (the container stopped); opened again while the pod runs"_s : u"read"_s;
            st.done = !following;
        } else if (r.answered()) {
            state = m_describe(r, pod);
            st.done = r.status != 429; // refused: asking again changes nothing
        } else {
            state = m_describe(r, pod) + u"; opened again when the API server answers"_s;
        }
        emit streamState(m_request.session, pod, state);
    });
}

void KubeLogFollower::deliver(const QString &pod, LogLines read)
{
    Stream &s = m_streams[pod];
    LogLines out;
    out.reserve(read.size());
    for (LogLine &l : read) {
        // A stream opened again from the second of its last line repeats what was shown.
        if (l.timeNs && l.timeNs <= s.lastNs)
            continue;
        if (l.timeNs)
            s.lastNs = l.timeNs;
        l.pod = pod;
        l.container = s.container;
        l.previous = m_request.previous;
        out.append(std::move(l));
    }
    if (!out.isEmpty())
        emit lines(m_request.session, out);
}

void KubeLogFollower::podsChanged(const PodList &pods)
{
    if (!m_active || !m_request.follow || m_request.previous)
        return;
    QSet<QString> present;
    for (const PodInfo &p : pods) {
        if (!wants(p) || p.terminating)
            continue;
        present.insert(p.name);
        const auto it = m_streams.find(p.name);
        if (it == m_streams.end()) {
            if (m_request.pod.isEmpty())
                open(p, true); // the deployment started it while followed
        } else if (!it->second.open && !it->second.done) {
            openStream(p.name); // its container restarted, or the server came back
        }
    }
    for (auto &[name, s] : m_streams) {
        if (!present.contains(name) && !s.done) {
            if (s.open)
                m_abort(s.handle);
            s.open = false;
            s.done = true;
            emit streamState(m_request.session, name, u"pod deleted"_s);
        }
    }
}

void KubeLogFollower::suspend(const QString &why)
{
    if (!m_active)
        return;
    ++m_generation; // the cut streams' answers are not theirs to report
    for (auto &[pod, s] : m_streams) {
        if (!s.open)
            continue;
        m_abort(s.handle);
        s.open = false;
        emit streamState(m_request.session, pod, u"cut off (%1); opened again when the API server answers"_s.arg(why));
    }
}

void KubeLogFollower::resume(const PodList &pods)
{
    podsChanged(pods);
}

} // namespace sagadeck
