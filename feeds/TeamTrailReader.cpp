#include "TeamTrailReader.h"

#include "KafkaClientConfig.h"

#include <QDateTime>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kPollMs = 200;
constexpr int kRetryMs = 2000;
constexpr int kCheckEveryMs = 5000;
constexpr int kMaxPerPoll = 2000;
} // namespace

TeamTrailReader::TeamTrailReader(const KafkaSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

TeamTrailReader::~TeamTrailReader() = default;

void TeamTrailReader::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &TeamTrailReader::poll);
    }
    m_timer->start(kPollMs);
    poll();
}

void TeamTrailReader::stop()
{
    if (m_timer)
        m_timer->stop();
    m_tail.close();
}

void TeamTrailReader::say(const QString &why)
{
    if (m_said && why == m_problem)
        return;
    m_said = true;
    m_problem = why;
    emit problem(why);
}

bool TeamTrailReader::open()
{
    // The recent trail; end-of-partition events say when it has been read (caught up).
    QString problem;
    if (!m_tail.open(m_settings, m_settings.auditTopic,
                     {"sagadeck-team-trail", kBacklog, TopicTail::Backlog::PerPartition, true}, &problem)) {
        say(u"cannot read the audit topic: "_s + problem);
        return false;
    }
    m_lastCheck = QDateTime::currentMSecsSinceEpoch();
    m_caughtUp = false;
    m_atEnd.clear();
    return true; // live once every partition's backlog is read (poll)
}

// The consume API says nothing when the brokers go away: ask for the topic's metadata now and then.
void TeamTrailReader::checkAlive()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastCheck < kCheckEveryMs)
        return;
    m_lastCheck = now;
    const rd_kafka_resp_err_t err = m_tail.answers(1500);
    if (err)
        say(explainKafkaError(
            m_settings, u"the audit topic %1 does not answer: %2"_s.arg(m_settings.auditTopic, rdk::errorText(err))));
    else if (m_caughtUp)
        say(QString());
}

void TeamTrailReader::poll()
{
    if (!m_tail.isOpen() && !open()) {
        m_timer->setInterval(kRetryMs);
        return;
    }
    m_timer->setInterval(kPollMs);
    QByteArrayList batch;
    for (int i = 0; i < kMaxPerPoll; ++i) {
        rd_kafka_message_t *m = m_tail.next();
        if (!m)
            break;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)
            batch.append(QByteArray(static_cast<const char *>(m->payload), qsizetype(m->len)));
        else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
            m_atEnd.insert(m->partition);
        else
            say(u"reading the audit topic: %1"_s.arg(QString::fromUtf8(rd_kafka_message_errstr(m))));
        rd_kafka_message_destroy(m);
    }
    if (!batch.isEmpty())
        emit recordsRead(batch);
    if (!m_caughtUp && m_atEnd.size() == m_tail.partitions()) {
        m_caughtUp = true; // the records above first: a live trail is a complete one
        say(QString());
    }
    checkAlive();
}

} // namespace sagadeck
