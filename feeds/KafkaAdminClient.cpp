#include "KafkaAdminClient.h"

#include "KafkaClientConfig.h"

#include <QDeadlineTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kRequestTimeoutMs = 5000;
// librdkafka's own timeout of a coordinator request: its maximum, so that it never fires (see
// the class comment); this client stops waiting after kCallDeadlineMs.
constexpr int kCoordinatorRequestTimeoutMs = 3600 * 1000;

QString eventError(rd_kafka_event_t *ev)
{
    return QString::fromUtf8(rd_kafka_event_error_string(ev));
}

// Waits on `queue` for one event of `type` until `deadline`; null when none came.
rdk::Event awaitEvent(rd_kafka_queue_t *queue, rd_kafka_event_type_t type, const QDeadlineTimer &deadline)
{
    while (!deadline.hasExpired()) {
        rdk::Event ev(rd_kafka_queue_poll(queue, int(std::max<qint64>(1, deadline.remainingTime()))));
        if (ev && rd_kafka_event_type(ev.get()) == type)
            return ev;
    }
    return {};
}

bool authorizationError(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
        || err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED
        || err == RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
}

bool mayBeRepeated(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT
        || err == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT || err == RD_KAFKA_RESP_ERR_NOT_COORDINATOR
        || err == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE || err == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS
        || err == RD_KAFKA_RESP_ERR_NOT_CONTROLLER || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN;
}

} // namespace

KafkaAdminClient::KafkaAdminClient(const KafkaSettings &settings, bool readOnly, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_readOnly(readOnly)
{}

KafkaAdminClient::~KafkaAdminClient()
{
    destroyHandle();
}

void KafkaAdminClient::registerMetaTypes()
{
    qRegisterMetaType<KafkaGroupRead>();
    qRegisterMetaType<KafkaChangeResult>();
    qRegisterMetaType<RequestOutcome>();
}

void KafkaAdminClient::stop()
{
    destroyHandle();
}

void KafkaAdminClient::destroyHandle()
{
    // The queues first (answers still owed to them are dropped by librdkafka), then the handle:
    // destroying it ends its requests, those still waiting for a coordinator too.
    m_retired.clear();
    m_rk.reset();
}

bool KafkaAdminClient::ensureHandle(QString *error)
{
    drainRetired();
    if (m_rk) {
        char why[512] = {0};
        if (rd_kafka_fatal_error(m_rk.get(), why, sizeof why) == RD_KAFKA_RESP_ERR_NO_ERROR)
            return true;
        destroyHandle(); // a fatal error leaves the handle unusable for good
    }
    rd_kafka_conf_t *conf = newKafkaConf(m_settings, "sagadeck-repairs", error);
    if (!conf)
        return false;
    // A consumer with a group it never joins (no subscribe, no commit of its own): see KafkaFeed.
    if (!setKafkaConf(conf, "group.id", "sagadeck-admin-never-joins", error)
        || !setKafkaConf(conf, "enable.auto.commit", "false", error)
        || !setKafkaConf(conf, "socket.timeout.ms", QByteArray::number(kRequestTimeoutMs), error)) {
        rd_kafka_conf_destroy(conf);
        return false;
    }
    char err[512];
    m_rk.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err));
    if (!m_rk) {
        *error = QString::fromUtf8(err);
        return false;
    }
    return true;
}

void KafkaAdminClient::drainRetired()
{
    for (auto it = m_retired.begin(); it != m_retired.end();) {
        while (it->pending > 0) {
            rdk::Event ev(rd_kafka_queue_poll(it->queue.get(), 0));
            if (!ev)
                break;
            --it->pending;
        }
        it = it->pending > 0 ? std::next(it) : m_retired.erase(it);
    }
    if (!m_retired.empty() && m_retired.front().since.hasExpired(kStrandedAfterMs)) {
        qInfo("sagadeck: Kafka repairs: answers owed by a group coordinator for %lld s; building the client anew",
              kStrandedAfterMs / 1000);
        destroyHandle();
    }
}

void KafkaAdminClient::retire(rdk::Queue queue, int pending)
{
    if (pending <= 0)
        return;
    m_retired.push_back({std::move(queue), pending, {}});
    m_retired.back().since.start();
}

rdk::Options KafkaAdminClient::options(rd_kafka_admin_op_t op, int timeoutMs)
{
    rdk::Options o(rd_kafka_AdminOptions_new(m_rk.get(), op));
    char err[256];
    rd_kafka_AdminOptions_set_request_timeout(o.get(), timeoutMs, err, sizeof err);
    return o;
}

QString KafkaAdminClient::plainKafkaError(rd_kafka_resp_err_t err, const QString &text) const
{
    const QString said = text.isEmpty() ? rdk::errorText(err) : text;
    if (authorizationError(err))
        return u"the broker refused: not authorized (%1) for %2"_s.arg(
            said, m_settings.saslUsername.isEmpty() ? u"this client"_s : u"user "_s + m_settings.saslUsername);
    return explainKafkaError(m_settings, said);
}

bool KafkaAdminClient::readGroupInto(const QString &group, const QString &topic, qint64 atTimeMs, KafkaGroupRead *out)
{
    const QDeadlineTimer deadline(kCallDeadlineMs);
    QString error;
    if (!ensureHandle(&error)) {
        out->error = u"cannot create the Kafka client: "_s + error;
        return false;
    }
    // The topic: one metadata request (the cluster's, filtered; see KafkaFeed::fetchMetadata).
    const rd_kafka_metadata_t *raw = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk.get(), 1, nullptr, &raw, kRequestTimeoutMs);
    if (err) {
        out->error = plainKafkaError(err, u"metadata: "_s + rdk::errorText(err));
        return false;
    }
    rdk::Metadata md(raw);
    const QByteArray t = topic.toUtf8();
    for (int i = 0; i < md->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t &mt = md->topics[i];
        if (t != mt.topic || mt.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
            continue;
        out->topicExists = true;
        out->topicPartitions = mt.partition_cnt;
        for (int p = 0; p < mt.partition_cnt; ++p)
            out->partitions.append({mt.partitions[p].id, -1, -1, -1, -1});
    }
    std::sort(out->partitions.begin(), out->partitions.end(),
              [](const auto &a, const auto &b) { return a.partition < b.partition; });
    if (!out->topicExists)
        return true; // said by the planner ("no topic x")

    // The log start, end and (asked) the offsets at a time: ListOffsets semantics, as Kafka's
    // consumer-group tool reads them (timestamp -2 earliest, -1 latest).
    auto listOffsets = [&](qint64 spec, auto assign) -> bool {
        rdk::PartitionList list(rd_kafka_topic_partition_list_new(int(out->partitions.size())));
        for (const KafkaPartitionOffsets &p : std::as_const(out->partitions))
            rd_kafka_topic_partition_list_add(list.get(), t.constData(), p.partition)->offset = spec;
        const int left = int(std::clamp<qint64>(deadline.remainingTime(), 1, kRequestTimeoutMs));
        const rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(m_rk.get(), list.get(), left);
        if (e) {
            out->error = plainKafkaError(e, u"list offsets: "_s + rdk::errorText(e));
            return false;
        }
        for (int i = 0; i < list->cnt; ++i) {
            const rd_kafka_topic_partition_t &tp = list->elems[i];
            if (tp.err) {
                out->error = plainKafkaError(
                    tp.err, u"list offsets of partition %1: %2"_s.arg(tp.partition).arg(rdk::errorText(tp.err)));
                return false;
            }
            for (KafkaPartitionOffsets &p : out->partitions)
                if (p.partition == tp.partition)
                    assign(p, tp.offset);
        }
        return true;
    };
    if (!listOffsets(RD_KAFKA_OFFSET_BEGINNING, [](KafkaPartitionOffsets &p, qint64 o) { p.logStart = o; })
        || !listOffsets(RD_KAFKA_OFFSET_END, [](KafkaPartitionOffsets &p, qint64 o) { p.logEnd = o; }))
        return false;
    if (atTimeMs >= 0 && !listOffsets(atTimeMs, [](KafkaPartitionOffsets &p, qint64 o) { p.atTime = o >= 0 ? o : -1; }))
        return false;
    if (group.isEmpty())
        return true;

    // The group: its description and its committed offsets on the topic, both answered by its
    // coordinator, on one queue kept until both answers came (never freed while owed).
    rdk::Queue queue(rd_kafka_queue_new(m_rk.get()));
    const QByteArray g = group.toUtf8();
    const char *names[] = {g.constData()};
    rd_kafka_DescribeConsumerGroups(
        m_rk.get(), names, 1, options(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, kCoordinatorRequestTimeoutMs).get(),
        queue.get());
    rdk::PartitionList wanted(rd_kafka_topic_partition_list_new(int(out->partitions.size())));
    for (const KafkaPartitionOffsets &p : std::as_const(out->partitions))
        rd_kafka_topic_partition_list_add(wanted.get(), t.constData(), p.partition);
    rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(g.constData(), wanted.get());
    rd_kafka_ListConsumerGroupOffsets(
        m_rk.get(), &req, 1, options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, kCoordinatorRequestTimeoutMs).get(),
        queue.get());
    rd_kafka_ListConsumerGroupOffsets_destroy(req);
    int owed = 2;
    bool described = false, listed = false;
    while (owed > 0 && !deadline.hasExpired()) {
        rdk::Event ev(rd_kafka_queue_poll(queue.get(), int(std::max<qint64>(1, deadline.remainingTime()))));
        if (!ev)
            continue;
        --owed;
        const rd_kafka_resp_err_t e = rd_kafka_event_error(ev.get());
        if (e) {
            out->error = plainKafkaError(e, eventError(ev.get()));
            continue;
        }
        if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT) {
            size_t n = 0;
            const auto **descs = rd_kafka_DescribeConsumerGroups_result_groups(
                rd_kafka_event_DescribeConsumerGroups_result(ev.get()), &n);
            if (n == 0)
                continue;
            const rd_kafka_ConsumerGroupDescription_t *d = descs[0];
            if (const rd_kafka_error_t *ge = rd_kafka_ConsumerGroupDescription_error(d)) {
                out->error = plainKafkaError(rd_kafka_error_code(ge), QString::fromUtf8(rd_kafka_error_string(ge)));
                continue;
            }
            described = true;
            out->state = QString::fromUtf8(
                rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d)));
            const size_t members = rd_kafka_ConsumerGroupDescription_member_count(d);
            for (size_t m = 0; m < members; ++m) {
                const auto *member = rd_kafka_ConsumerGroupDescription_member(d, m);
                GroupMember gm;
                gm.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(member));
                gm.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(member));
                gm.host = QString::fromUtf8(rd_kafka_MemberDescription_host(member));
                const auto *parts = rd_kafka_MemberAssignment_partitions(rd_kafka_MemberDescription_assignment(member));
                for (int p = 0; parts && p < parts->cnt; ++p)
                    gm.assigned.append({QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition});
                std::sort(gm.assigned.begin(), gm.assigned.end());
                out->members.append(gm);
            }
        } else if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT) {
            size_t n = 0;
            const rd_kafka_group_result_t **res = rd_kafka_ListConsumerGroupOffsets_result_groups(
                rd_kafka_event_ListConsumerGroupOffsets_result(ev.get()), &n);
            for (size_t i = 0; i < n; ++i) {
                if (const rd_kafka_error_t *ge = rd_kafka_group_result_error(res[i])) {
                    out->error = plainKafkaError(rd_kafka_error_code(ge), QString::fromUtf8(rd_kafka_error_string(ge)));
                    continue;
                }
                listed = true;
                const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(res[i]);
                for (int p = 0; parts && p < parts->cnt; ++p)
                    for (KafkaPartitionOffsets &o : out->partitions)
                        if (o.partition == parts->elems[p].partition && t == parts->elems[p].topic)
                            o.committed = parts->elems[p].offset >= 0 ? parts->elems[p].offset : -1;
            }
        }
    }
    retire(std::move(queue), owed);
    if (owed > 0 && out->error.isEmpty())
        out->error = u"no answer from group %1's coordinator within %2 s"_s.arg(group).arg(kCallDeadlineMs / 1000);
    if (!out->error.isEmpty() || !described || !listed) {
        if (out->error.isEmpty())
            out->error = u"group %1 could not be read"_s.arg(group);
        return false;
    }
    return true;
}

void KafkaAdminClient::readGroup(const QString &requestId, const QString &group, const QString &topic, qint64 atTimeMs)
{
    KafkaGroupRead read;
    read.requestId = requestId;
    read.group = group;
    read.topic = topic;
    readGroupInto(group, topic, atTimeMs, &read);
    emit groupRead(read);
}

bool KafkaAdminClient::mayChange(RequestOutcome *refusal)
{
    if (m_readOnly) {
        *refusal = RequestOutcome::refused(u"read-only: no change may leave the console"_s);
        return false;
    }
    QString error;
    if (!ensureHandle(&error)) {
        *refusal = RequestOutcome::failed(u"cannot create the Kafka client: "_s + error);
        return false;
    }
    return true;
}

void KafkaAdminClient::alterOffsets(const QString &requestId, const QString &group, const QString &topic,
                                    const QVector<QPair<int, qint64>> &offsets)
{
    KafkaChangeResult r;
    r.requestId = requestId;
    if (mayChange(&r.outcome)) {
        const QByteArray t = topic.toUtf8();
        const QByteArray g = group.toUtf8();
        rdk::PartitionList list(rd_kafka_topic_partition_list_new(int(offsets.size())));
        for (const auto &[partition, offset] : offsets)
            rd_kafka_topic_partition_list_add(list.get(), t.constData(), partition)->offset = offset;
        rdk::Queue queue(rd_kafka_queue_new(m_rk.get()));
        rd_kafka_AlterConsumerGroupOffsets_t *req = rd_kafka_AlterConsumerGroupOffsets_new(g.constData(), list.get());
        rd_kafka_AlterConsumerGroupOffsets(
            m_rk.get(), &req, 1,
            options(RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, kCoordinatorRequestTimeoutMs).get(), queue.get());
        rd_kafka_AlterConsumerGroupOffsets_destroy(req);
        const QDeadlineTimer deadline(kCallDeadlineMs);
        rdk::Event ev = awaitEvent(queue.get(), RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT, deadline);
        if (!ev) {
            retire(std::move(queue), 1);
            r.outcome = RequestOutcome::unknown(
                u"no answer from group %1's coordinator within %2 s"_s.arg(group).arg(kCallDeadlineMs / 1000));
        } else if (const rd_kafka_resp_err_t e = rd_kafka_event_error(ev.get())) {
            r.outcome = mayBeRepeated(e) ? RequestOutcome::unknown(plainKafkaError(e, eventError(ev.get())))
                                         : RequestOutcome::failed(plainKafkaError(e, eventError(ev.get())));
        } else {
            size_t n = 0;
            const rd_kafka_group_result_t **res = rd_kafka_AlterConsumerGroupOffsets_result_groups(
                rd_kafka_event_AlterConsumerGroupOffsets_result(ev.get()), &n);
            QString failed;
            rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
            for (size_t i = 0; i < n; ++i) {
                if (const rd_kafka_error_t *ge = rd_kafka_group_result_error(res[i])) {
                    code = rd_kafka_error_code(ge);
                    failed = QString::fromUtf8(rd_kafka_error_string(ge));
                }
                const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(res[i]);
                for (int p = 0; parts && p < parts->cnt; ++p)
                    if (parts->elems[p].err && failed.isEmpty()) {
                        code = parts->elems[p].err;
                        failed = u"partition %1: %2"_s.arg(parts->elems[p].partition)
                                     .arg(rdk::errorText(parts->elems[p].err));
                    }
            }
            if (code == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || code == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
                failed = u"the broker refused: group %1 has active members (%2); stop them first"_s.arg(group, failed);
            r.outcome = failed.isEmpty() ? RequestOutcome::accepted(0)
                : mayBeRepeated(code)    ? RequestOutcome::unknown(plainKafkaError(code, failed))
                : code == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || code == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS
                ? RequestOutcome::failed(failed)
                : RequestOutcome::failed(plainKafkaError(code, failed));
        }
    }
    emit changeDone(r);
}

void KafkaAdminClient::createPartitions(const QString &requestId, const QString &topic, int total)
{
    KafkaChangeResult r;
    r.requestId = requestId;
    if (mayChange(&r.outcome)) {
        char err[512];
        rd_kafka_NewPartitions_t *np = rd_kafka_NewPartitions_new(topic.toUtf8().constData(), size_t(total), err,
                                                                  sizeof err);
        if (!np) {
            r.outcome = RequestOutcome::failed(QString::fromUtf8(err));
        } else {
            rdk::Queue queue(rd_kafka_queue_new(m_rk.get()));
            rd_kafka_CreatePartitions(m_rk.get(), &np, 1,
                                      options(RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, kRequestTimeoutMs * 2).get(),
                                      queue.get());
            rd_kafka_NewPartitions_destroy(np);
            const QDeadlineTimer deadline(kCallDeadlineMs + kRequestTimeoutMs);
            rdk::Event ev = awaitEvent(queue.get(), RD_KAFKA_EVENT_CREATEPARTITIONS_RESULT, deadline);
            if (!ev) {
                retire(std::move(queue), 1);
                r.outcome = RequestOutcome::unknown(
                    u"no answer from the controller within %1 s"_s.arg((kCallDeadlineMs + kRequestTimeoutMs) / 1000));
            } else if (const rd_kafka_resp_err_t e = rd_kafka_event_error(ev.get())) {
                r.outcome = mayBeRepeated(e) ? RequestOutcome::unknown(plainKafkaError(e, eventError(ev.get())))
                                             : RequestOutcome::failed(plainKafkaError(e, eventError(ev.get())));
            } else {
                size_t n = 0;
                const rd_kafka_topic_result_t **res = rd_kafka_CreatePartitions_result_topics(
                    rd_kafka_event_CreatePartitions_result(ev.get()), &n);
                r.outcome = RequestOutcome::accepted(0);
                for (size_t i = 0; i < n; ++i)
                    if (const rd_kafka_resp_err_t te = rd_kafka_topic_result_error(res[i])) {
                        const QString said = QString::fromUtf8(rd_kafka_topic_result_error_string(res[i]));
                        r.kafkaError = int(te);
                        r.outcome = mayBeRepeated(te) ? RequestOutcome::unknown(plainKafkaError(te, said))
                                                      : RequestOutcome::failed(plainKafkaError(te, said));
                    }
            }
        }
    }
    emit changeDone(r);
}

} // namespace sagadeck
