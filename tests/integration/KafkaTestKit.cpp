#include "KafkaTestKit.h"

#include <QDeadlineTimer>
#include <QProcess>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
struct Destroy
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using Handle = std::unique_ptr<rd_kafka_t, Destroy>;

rd_kafka_t *makeHandle(rd_kafka_type_t type, const QString &bootstrap, const QString &group, QString *error)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), err, sizeof err);
    if (!group.isEmpty()) {
        rd_kafka_conf_set(conf, "group.id", group.toUtf8().constData(), err, sizeof err);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
        rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", err, sizeof err);
    }
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof err);
    if (!rk)
        *error = QString::fromUtf8(err);
    return rk;
}

// Waits for one admin result on `q`; false with the error text on failure.
bool awaitAdmin(rd_kafka_queue_t *q, QString *error)
{
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 20000);
    if (!ev) {
        *error = u"admin request timed out"_s;
        return false;
    }
    bool ok = rd_kafka_event_error(ev) == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!ok)
        *error = QString::fromUtf8(rd_kafka_event_error_string(ev));
    if (ok && rd_kafka_event_type(ev) == RD_KAFKA_EVENT_CREATETOPICS_RESULT) {
        size_t n = 0;
        const rd_kafka_topic_result_t **r = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev),
                                                                                &n);
        for (size_t i = 0; i < n; ++i)
            if (rd_kafka_topic_result_error(r[i])) {
                ok = false;
                *error = QString::fromUtf8(rd_kafka_topic_result_error_string(r[i]));
            }
    }
    rd_kafka_event_destroy(ev);
    return ok;
}
} // namespace

KafkaTestKit::KafkaTestKit(const StackInfo &stack)
    : m_stack(stack)
    , m_bootstrap(stack.string(u"kafka"_s, u"bootstrap"_s))
    , m_libs(stack.string(u"kafka"_s, u"libs"_s))
{
    if (m_bootstrap.isEmpty())
        m_error = u"stack.json has no kafka.bootstrap"_s;
}

bool KafkaTestKit::createTopic(const QString &topic, int partitions)
{
    Handle rk(makeHandle(RD_KAFKA_PRODUCER, m_bootstrap, {}, &m_error));
    if (!rk)
        return false;
    char err[512];
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic.toUtf8().constData(), partitions, 1, err, sizeof err);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk.get());
    rd_kafka_CreateTopics(rk.get(), &nt, 1, nullptr, q);
    const bool ok = awaitAdmin(q, &m_error);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    return ok;
}

bool KafkaTestKit::deleteTopic(const QString &topic)
{
    Handle rk(makeHandle(RD_KAFKA_PRODUCER, m_bootstrap, {}, &m_error));
    if (!rk)
        return false;
    rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(topic.toUtf8().constData());
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk.get());
    rd_kafka_DeleteTopics(rk.get(), &dt, 1, nullptr, q);
    const bool ok = awaitAdmin(q, &m_error);
    rd_kafka_queue_destroy(q);
    rd_kafka_DeleteTopic_destroy(dt);
    return ok;
}

bool KafkaTestKit::deleteGroup(const QString &group)
{
    Handle rk(makeHandle(RD_KAFKA_PRODUCER, m_bootstrap, {}, &m_error));
    if (!rk)
        return false;
    rd_kafka_DeleteGroup_t *dg = rd_kafka_DeleteGroup_new(group.toUtf8().constData());
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk.get());
    rd_kafka_DeleteGroups(rk.get(), &dg, 1, nullptr, q);
    const bool ok = awaitAdmin(q, &m_error);
    rd_kafka_queue_destroy(q);
    rd_kafka_DeleteGroup_destroy(dg);
    return ok;
}

bool KafkaTestKit::produce(const QString &topic, const QMap<int, int> &counts)
{
    Handle rk(makeHandle(RD_KAFKA_PRODUCER, m_bootstrap, {}, &m_error));
    if (!rk)
        return false;
    const QByteArray t = topic.toUtf8();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        for (int i = 0; i < it.value(); ++i) {
            const QByteArray value = "message " + QByteArray::number(i);
            const rd_kafka_resp_err_t err = rd_kafka_producev(
                rk.get(), RD_KAFKA_V_TOPIC(t.constData()), RD_KAFKA_V_PARTITION(it.key()),
                RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), size_t(value.size())),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (err) {
                m_error = QString::fromUtf8(rd_kafka_err2str(err));
                return false;
            }
        }
    }
    if (rd_kafka_flush(rk.get(), 20000) != RD_KAFKA_RESP_ERR_NO_ERROR || rd_kafka_outq_len(rk.get()) > 0) {
        m_error = u"produce: messages not acknowledged within 20 s"_s;
        return false;
    }
    return true;
}

bool KafkaTestKit::commit(const QString &group, const QString &topic, const QMap<int, qint64> &offsets)
{
    Handle rk(makeHandle(RD_KAFKA_CONSUMER, m_bootstrap, group, &m_error));
    if (!rk)
        return false;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(int(offsets.size()));
    for (auto it = offsets.cbegin(); it != offsets.cend(); ++it)
        rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), it.key())->offset = it.value();
    const rd_kafka_resp_err_t err = rd_kafka_commit(rk.get(), list, 0); // synchronous
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk.get());
    if (err) {
        m_error = u"commit: "_s + QString::fromUtf8(rd_kafka_err2str(err));
        return false;
    }
    return true;
}

rd_kafka_t *KafkaTestKit::joinAndCommit(const QString &group, const QString &topic, qint64 offset, int partitions)
{
    rd_kafka_t *rk = makeHandle(RD_KAFKA_CONSUMER, m_bootstrap, group, &m_error);
    if (!rk)
        return nullptr;
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, topic.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    // Wait for the assignment (the join and first rebalance).
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200))
            rd_kafka_message_destroy(m);
        rd_kafka_topic_partition_list_t *assigned = nullptr;
        if (rd_kafka_assignment(rk, &assigned) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const int n = assigned->cnt;
            rd_kafka_topic_partition_list_destroy(assigned);
            if (n == partitions)
                break;
        }
    }
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), p)->offset = offset;
    const rd_kafka_resp_err_t err = rd_kafka_commit(rk, list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    if (err || deadline.hasExpired()) {
        m_error = err ? QString::fromUtf8(rd_kafka_err2str(err)) : u"no assignment within 30 s"_s;
        leave(rk);
        return nullptr;
    }
    return rk;
}

void KafkaTestKit::leave(rd_kafka_t *member)
{
    if (!member)
        return;
    rd_kafka_consumer_close(member);
    rd_kafka_destroy(member);
}

bool KafkaTestKit::runTool(const QStringList &args, QByteArray *out, int timeoutMs, Listener listener)
{
    return runToolClass(u"org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"_s, args, out, timeoutMs,
                        listener);
}

bool KafkaTestKit::runToolClass(const QString &mainClass, const QStringList &args, QByteArray *out, int timeoutMs,
                                Listener listener)
{
    const QJsonObject kafka = m_stack.section(u"kafka"_s);
    const QStringList server = listener == Listener::Plaintext
        ? QStringList{u"--bootstrap-server"_s, m_bootstrap}
        : QStringList{u"--bootstrap-server"_s, kafka.value(u"secure_bootstrap"_s).toString(), u"--command-config"_s,
                      kafka.value(u"client_properties"_s).toString()};
    QProcess java;
    java.start(u"java"_s,
               QStringList{u"-Xmx256m"_s, u"-XX:TieredStopAtLevel=1"_s, u"-cp"_s, m_libs + u"/*"_s,
                           u"-Dlog4j2.configurationFile="_s + m_stack.root.value(u"dir"_s).toString()
                               + u"/kafka/log4j2.properties"_s,
                           u"-Dsagadeck.log.level=WARN"_s, mainClass}
                   + server + args);
    if (!java.waitForFinished(timeoutMs) || java.exitCode() != 0) {
        m_error = u"%1 %2 failed: %3"_s.arg(mainClass.section(u'.', -1), args.join(u' '),
                                            QString::fromUtf8(java.readAllStandardError()));
        java.kill();
        return false;
    }
    if (out)
        *out = java.readAllStandardOutput();
    return true;
}

QMap<QString, KafkaTestKit::ToolRow> KafkaTestKit::describe(const QString &group, Listener listener)
{
    QMap<QString, ToolRow> rows;
    QByteArray out;
    if (!runTool({u"--describe"_s, u"--group"_s, group}, &out, 60000, listener))
        return rows;
    // Columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> c = line.simplified().split(' ');
        if (c.size() < 6 || c.at(0) != group.toUtf8())
            continue;
        auto num = [](const QByteArray &s) {
            bool ok = false;
            const qint64 v = s.toLongLong(&ok);
            return ok ? v : -1;
        };
        rows.insert(QString::fromUtf8(c.at(1)) + u':' + QString::fromUtf8(c.at(2)),
                    {num(c.at(3)), num(c.at(4)), num(c.at(5))});
    }
    if (rows.isEmpty())
        m_error = u"ConsumerGroupCommand listed no partitions for "_s + group + u":\n"_s + QString::fromUtf8(out);
    return rows;
}
