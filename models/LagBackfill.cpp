#include "LagBackfill.h"

#include "KafkaLagStore.h"
#include "QueryStep.h"
#include "ServiceLevelQueries.h"

#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
const QString kTag = u"kafka-lag-backfill"_s;
}

LagBackfill::LagBackfill(KafkaLagStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    m_retry->setInterval(30 * 1000);
    connect(m_retry, &QTimer::timeout, this, &LagBackfill::ask);
    setState(State::Off, u"lag history starts when the console does (no Kafka section in the profile)"_s);
}

void LagBackfill::configure(const KafkaSettings &kafka, const PrometheusSettings &prometheus, const SiteNames &names)
{
    reset();
    m_kafka = kafka;
    m_names = names;
    m_scrapeIntervalS = prometheus.scrapeIntervalS;
    if (!prometheus.enabled()) {
        setState(State::Off, u"lag history starts when the console does (the profile has no Prometheus)"_s);
        return;
    }
    setState(State::Waiting, u"waiting for Prometheus to ask it for the lag history"_s);
}

void LagBackfill::setRetryIntervalMs(int ms)
{
    m_retry->setInterval(ms);
}

void LagBackfill::reset()
{
    m_retry->stop();
    m_pendingId = 0;
    m_kafka = KafkaSettings();
    setState(State::Off, u"lag history starts when the console does (no Kafka section in the profile)"_s);
}

QString LagBackfill::query() const
{
    // Label values are quoted as PromQL strings; the topic name is checked by the profile.
    return levelquery::lagByGroupOfTopic(m_names, m_kafka.sagaTopic);
}

PromRequest LagBackfill::request(double nowS, double spanS, int widthPx) const
{
    const QueryWindow w = queryWindow(nowS, spanS, widthPx, m_scrapeIntervalS);
    PromRequest r;
    r.kind = PromRequest::Kind::Range;
    r.tag = kTag;
    r.query = query();
    r.start = w.start;
    r.end = w.end;
    r.step = w.step;
    return r;
}

void LagBackfill::onPrometheusHealth(const FeedHealth &health)
{
    if (m_state == State::Waiting && health.state == FeedState::Live)
        ask();
}

void LagBackfill::ask()
{
    if (m_state != State::Waiting && m_state != State::Failed)
        return;
    PromRequest r = request(QDateTime::currentMSecsSinceEpoch() / 1000.0, kSpanS, 900);
    r.id = m_nextId++;
    m_pendingId = r.id;
    setState(State::Asked, u"asking Prometheus for the lag history ("_s + query() + u")"_s);
    emit requested(r);
}

void LagBackfill::applyAnswer(const PromAnswer &answer)
{
    if (answer.request.tag != kTag || answer.request.id != m_pendingId || m_state != State::Asked)
        return;
    m_pendingId = 0;
    if (!answer.ok()) {
        setState(State::Failed,
                 u"no lag history from Prometheus: %1 — asking again in %2 s"_s.arg(answer.error)
                     .arg(m_retry->interval() / 1000));
        m_retry->start();
        return;
    }
    int groups = 0;
    qint64 oldestMs = -1;
    for (const PromSeries &s : answer.series) {
        const QString group = s.labels.value(m_names.name(u"consumer_group"_s));
        if (group.isEmpty() || s.points.isEmpty())
            continue;
        QVector<QPointF> points;
        points.reserve(s.points.size());
        for (const PromPoint &p : s.points)
            points.append(QPointF(p.t * 1000.0, p.v));
        m_store->backfill(group, points);
        ++groups;
        const qint64 first = qint64(points.first().x());
        oldestMs = oldestMs < 0 ? first : qMin(oldestMs, first);
    }
    if (groups == 0) {
        setState(State::Done,
                 u"Prometheus has no "_s + m_names.name(u"kafka_lag"_s) + u" for topic "_s + m_kafka.sagaTopic
                     + u": lag history starts when the console does"_s);
        return;
    }
    const QString since = QDateTime::fromMSecsSinceEpoch(oldestMs).toString(u"HH:mm:ss"_s);
    setState(State::Done,
             u"lag before the console started: from Prometheus (%1, since %2, %3 s steps); "
             u"after: the console's own samples"_s.arg(m_names.name(u"kafka_lag"_s), since)
                 .arg(answer.request.step));
}

void LagBackfill::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    emit statusChanged();
}

} // namespace sagadeck
