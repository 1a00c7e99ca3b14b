#include "KafkaFeed.h"

#include "AllGroupsPage.h"
#include "KafkaClientConfig.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kRequestTimeoutMs = 5000;   // per admin request (transfer deadline)
constexpr int kRefreshDeadlineMs = 10000; // the whole refresh (overall deadline)
constexpr int kListWaitMs = 500;          // for a new group listing once there is one (fetchGroups)
// How long a refresh waits for the groups' coordinators, leaving the rest of its deadline to
// the log ends.
constexpr int kCoordinatorWaitMs = 4000;
constexpr int kLogEndReserveMs = 1000;
// librdkafka's own timeout of a request a group's coordinator answers: its maximum, so that in
// practice it never fires (see adminOptions). The refresh stops waiting long before.
constexpr int kCoordinatorRequestTimeoutMs = 3600 * 1000;
// Answers owed this long mean a coordinator request is stranded on a broker that is gone: the
// handles are built anew, which ends those requests and looks the coordinators up afresh.
constexpr qint64 kStrandedAfterMs = 15000;

QString eventError(rd_kafka_event_t *ev)
{
    return QString::fromUtf8(rd_kafka_event_error_string(ev));
}

} // namespace

KafkaFeed::KafkaFeed(const KafkaSettings &settings, QObject *parent)
    : Feed(FeedKind::Kafka, parent)
    , m_settings(settings)
{}

KafkaFeed::~KafkaFeed()
{
    destroyClients();
}

void KafkaFeed::registerMetaTypes()
{
    qRegisterMetaType<KafkaSnapshot>();
}

void KafkaFeed::onError(rd_kafka_t *, int err, const char *reason, void *opaque)
{
    // Served from rd_kafka_poll() on the feed thread (never from librdkafka's own threads).
    auto *self = static_cast<KafkaFeed *>(opaque);
    self->m_lastClientError = QString::fromUtf8(reason);
    if (err == RD_KAFKA_RESP_ERR__FATAL)
        self->m_fatal.storeRelaxed(1);
}

bool KafkaFeed::ensureClients(QString *error)
{
    // A fatal error leaves a handle unusable for good: build new ones rather than retry on it.
    // librdkafka's own flag is the truth; the callback only tells us early.
    QString fatal;
    for (rd_kafka_t *rk : {m_admin.get(), m_consumer.get()}) {
        char why[512] = {0};
        if (rk && rd_kafka_fatal_error(rk, why, sizeof why) != RD_KAFKA_RESP_ERR_NO_ERROR)
            fatal = QString::fromUtf8(why);
    }
    if (!fatal.isEmpty() || m_fatal.loadRelaxed()) {
        m_lastFatal = fatal.isEmpty() ? m_lastClientError : fatal;
        ++m_rebuilds;
        destroyClients();
        m_fatal.storeRelaxed(0);
        if (isRunning())
            setHealth(FeedState::Connecting, u"rebuilding the Kafka client after a fatal error: "_s + m_lastFatal,
                      false);
    }
    if (m_admin && m_consumer)
        return true;
    auto makeConf = [&](const char *clientId) -> rd_kafka_conf_t * {
        rd_kafka_conf_t *conf = newKafkaConf(m_settings, clientId, error);
        if (!conf)
            return nullptr;
        if (!setKafkaConf(conf, "socket.timeout.ms", QByteArray::number(kRequestTimeoutMs), error)) {
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
        rd_kafka_conf_set_error_cb(conf, [](rd_kafka_t *rk, int err, const char *reason, void *opaque) {
            KafkaFeed::onError(rk, err, reason, opaque);
        });
        rd_kafka_conf_set_opaque(conf, this);
        return conf;
    };
    char err[512];
    // The admin handle is a consumer with a group it never joins. As a producer it has no
    // consumer-group state, and librdkafka 2.0's ListConsumerGroupOffsets then dereferences
    // that missing state when a broker answers NOT_COORDINATOR (as it does while Kafka comes
    // back from a hang): a crash in librdkafka's broker thread (tst_faults allFeedsHungAtOnce;
    // confluentinc/librdkafka#5040). Without subscribe() the group is never joined or created.
    rd_kafka_conf_t *adminConf = makeConf("sagadeck-admin");
    if (!adminConf)
        return false;
    if (!setKafkaConf(adminConf, "group.id", "sagadeck-admin-never-joins", error)
        || !setKafkaConf(adminConf, "enable.auto.commit", "false", error)) {
        rd_kafka_conf_destroy(adminConf);
        return false;
    }
    m_admin.reset(rd_kafka_new(RD_KAFKA_CONSUMER, adminConf, err, sizeof err));
    if (!m_admin) {
        *error = QString::fromUtf8(err);
        return false;
    }
    // The log-end reader: a consumer handle without group.id, so it can never join or commit.
    rd_kafka_conf_t *consumerConf = makeConf("sagadeck-offsets");
    if (!consumerConf || !setKafkaConf(consumerConf, "enable.auto.commit", "false", error)) {
        if (consumerConf)
            rd_kafka_conf_destroy(consumerConf);
        destroyClients();
        return false;
    }
    m_consumer.reset(rd_kafka_new(RD_KAFKA_CONSUMER, consumerConf, err, sizeof err));
    if (!m_consumer) {
        *error = QString::fromUtf8(err);
        destroyClients();
        return false;
    }
    return true;
}

bool KafkaFeed::raiseFatalErrorForTest(const QString &reason)
{
    if (!m_admin)
        return false;
    return rd_kafka_test_fatal_error(m_admin.get(), RD_KAFKA_RESP_ERR__FENCED, reason.toUtf8().constData())
        == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void KafkaFeed::destroyClients()
{
    // The queues first (answers still owed to them are dropped by librdkafka), then the handles:
    // destroying a handle ends its requests, those still waiting for a coordinator too.
    retireQueue();
    m_retired.clear();
    m_groupsQueue.reset();
    m_groupsInFlight = false;
    m_consumer.reset();
    m_admin.reset();
}

void KafkaFeed::onStart()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_settings.refreshMs);
        connect(m_timer, &QTimer::timeout, this, &KafkaFeed::refresh);
    }
    setTransport(kafkaTransport(m_settings));
    setHealth(FeedState::Connecting, u"connecting to Kafka at "_s + m_settings.bootstrap, false);
    refresh();
    m_timer->start();
}

void KafkaFeed::onStop()
{
    if (m_timer)
        m_timer->stop();
    destroyClients();
}

void KafkaFeed::showAllGroups(int page)
{
    m_allGroupsPage = page < 0 ? -1 : page;
    if (isRunning())
        refresh(); // the operator waits for this page: do not leave it to the timer
}

void KafkaFeed::refresh()
{
    if (!isRunning())
        return;
    KafkaSnapshot snap;
    QString error;
    if (!refreshOnce(&snap, &error)) {
        setHealth(FeedState::Down, error, false);
        return;
    }
    setHealth(FeedState::Live, QString(), true);
    emit snapshotReady(snap);
}

bool KafkaFeed::refreshOnce(KafkaSnapshot *out, QString *error)
{
    QElapsedTimer took;
    took.start();
    m_deadline = QDeadlineTimer(kRefreshDeadlineMs); // one for every stage
    *out = KafkaSnapshot();
    rebuildForCoordinators();
    if (!ensureClients(error)) {
        *error = u"cannot create the Kafka client: "_s + *error;
        return false;
    }
    rd_kafka_poll(m_admin.get(), 0); // serve error callbacks
    rd_kafka_poll(m_consumer.get(), 0);
    // A fresh queue per refresh: late answers to an abandoned refresh can never be mistaken
    // for this one's.
    m_queue.reset(rd_kafka_queue_new(m_admin.get()));
    m_queuePending = 0;
    // Metadata first, for the topics in scope last time: it is cheap, and it fails at once when
    // no broker answers, before any admin request is left waiting on this refresh's queue.
    // The groups' commits may then name a topic not in scope yet: a second metadata request.
    QSet<QString> known = m_scopeTopics;
    known.insert(m_settings.sagaTopic);
    QStringList groups;
    Committed committed;
    bool ok = fetchMetadata(known, out, error) && fetchGroups(&groups, out, error)
        && fetchGroupDetails(groups, out, &committed, error);
    if (ok) {
        m_scopeTopics = topicsInScope(*out, committed);
        if (m_scopeTopics != known)
            ok = fetchMetadata(m_scopeTopics, out, error);
    }
    if (ok) {
        fillGroupPartitions(out, committed);
        ok = fetchLogEnds(out, error);
    }
    retireQueue();
    if (!ok) {
        // Serve the error callbacks now: librdkafka's own words (an authentication refusal, a
        // certificate that does not verify) say more than the request's "transport failure".
        rd_kafka_poll(m_admin.get(), 0);
        rd_kafka_poll(m_consumer.get(), 0);
        if (!m_lastClientError.isEmpty() && !error->contains(m_lastClientError))
            *error += u" (client: "_s + m_lastClientError + u")"_s;
        *error = explainKafkaError(m_settings,
                                   u"brokers at "_s + m_settings.bootstrap + u" unreachable or failing: "_s + *error);
        return false;
    }
    m_lastClientError.clear();
    out->at = QDateTime::currentDateTimeUtc();
    out->tookMs = took.elapsed();
    return true;
}

rdk::Options KafkaFeed::adminOptions(rd_kafka_admin_op_t op, bool withinRefresh)
{
    rdk::Options o(rd_kafka_AdminOptions_new(m_admin.get(), op));
    char err[256];
    // A request a group's coordinator answers must not time out inside librdkafka 2.0.2: if its
    // timer fires while the request still waits for the coordinator (a broker that is gone),
    // the request is freed, and when that broker comes back librdkafka frees it a second time
    // and aborts (rd_kafka_enq_once_del_source_return: `eonce->refcnt > 0`, from
    // rd_kafka_admin_coord_request; confluentinc/librdkafka#4605). So the refresh stops
    // waiting on its own (fetchGroupDetails) and a stranded request ends with its handle
    // (rebuildForCoordinators), never by its timer.
    const bool viaCoordinator = op == RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS
        || op == RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS;
    rd_kafka_AdminOptions_set_request_timeout(
        o.get(), viaCoordinator ? kCoordinatorRequestTimeoutMs : kRequestTimeoutMs, err, sizeof err);
    if (withinRefresh)
        ++m_queuePending; // the caller sends it on m_queue
    return o;
}

void KafkaFeed::retireQueue()
{
    // A queue still owed answers is kept until they come, so that they are taken off it and
    // freed; one owed nothing goes now.
    if (m_queue && m_queuePending > 0) {
        m_retired.push_back({std::move(m_queue), m_queuePending, {}});
        m_retired.back().since.start();
    }
    m_queue.reset();
    m_queuePending = 0;
}

void KafkaFeed::drainRetired()
{
    for (auto it = m_retired.begin(); it != m_retired.end();) {
        while (it->pending > 0) {
            rdk::Event ev(rd_kafka_queue_poll(it->queue.get(), 0));
            if (!ev)
                break;
            --it->pending; // a late answer of an earlier refresh: dropped
        }
        it = it->pending > 0 ? std::next(it) : m_retired.erase(it);
    }
}

void KafkaFeed::rebuildForCoordinators()
{
    drainRetired();
    const bool stranded = !m_retired.empty() && m_retired.front().since.hasExpired(kStrandedAfterMs);
    if (!stranded && !m_coordinatorMoved)
        return;
    // librdkafka 2.0.2 keeps a group's coordinator for as long as it is used, and a request it
    // sends to a coordinator that moved is answered "Not coordinator", refresh after refresh.
    if (stranded)
        qInfo("sagadeck: Kafka: %d answer(s) owed by group coordinators for %lld s; building the "
              "client anew so that librdkafka looks the coordinators up again",
              m_retired.front().pending, kStrandedAfterMs / 1000);
    else
        qInfo("sagadeck: Kafka: a group's coordinator moved; building the client anew so that "
              "librdkafka looks the coordinators up again");
    ++m_coordinatorRebuilds;
    m_coordinatorMoved = false;
    destroyClients();
}

void KafkaFeed::noteCoordinatorError(rd_kafka_resp_err_t err)
{
    if (err == RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
        m_coordinatorMoved = true;
}

int KafkaFeed::requestBudgetMs() const
{
    return int(std::clamp<qint64>(m_deadline.remainingTime(), 0, kRequestTimeoutMs));
}

bool KafkaFeed::fetchMetadata(const QSet<QString> &topics, KafkaSnapshot *out, QString *error)
{
    // One request for the cluster's metadata, of which only the scope's topics are kept. (Topic
    // handles would make librdkafka ask for those topics only, but with them a lost broker
    // trips librdkafka 2.0.2's rd_kafka_enq_once assertion in tst_kafka_brokers.)
    out->topics.clear();
    out->brokers.clear();
    const int budget = requestBudgetMs();
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = budget <= 0 ? RD_KAFKA_RESP_ERR__TIMED_OUT
                                                : rd_kafka_metadata(m_admin.get(), 1, nullptr, &raw, budget);
    ++out->requests;
    if (err) {
        *error = u"metadata: "_s + rdk::errorText(err);
        return false;
    }
    rdk::Metadata md(raw);
    // The brokers the cluster lists are the live ones: a replica missing from them is down.
    for (int b = 0; b < md->broker_cnt; ++b)
        out->brokers.append(md->brokers[b].id);
    std::sort(out->brokers.begin(), out->brokers.end());
    for (int t = 0; t < md->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &mt = md->topics[t];
        const QString name = QString::fromUtf8(mt.topic);
        if (name.startsWith(u"__"_s) || !topics.contains(name))
            continue; // Kafka's own bookkeeping, or a topic out of scope (a handle of before)
        TopicSnapshot ts;
        ts.name = name;
        if (mt.err)
            ts.error = rdk::errorText(mt.err);
        for (int p = 0; p < mt.partition_cnt; ++p) {
            const rd_kafka_metadata_partition_t &mp = mt.partitions[p];
            TopicPartitionInfo info;
            info.partition = mp.id;
            info.leader = mp.leader < 0 ? -1 : mp.leader; // Kafka says -1 (or -2) for none
            for (int r = 0; r < mp.replica_cnt; ++r)
                info.replicas.append(mp.replicas[r]);
            for (int r = 0; r < mp.isr_cnt; ++r)
                info.isr.append(mp.isrs[r]);
            if (mp.err)
                info.error = rdk::errorText(mp.err);
            ts.partitions.append(info);
        }
        std::sort(ts.partitions.begin(), ts.partitions.end(),
                  [](const auto &a, const auto &b) { return a.partition < b.partition; });
        out->topics.append(ts);
    }
    std::sort(out->topics.begin(), out->topics.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return true;
}

bool KafkaFeed::fetchGroups(QStringList *groups, KafkaSnapshot *out, QString *error)
{
    QStringList profile = m_settings.consumerGroups;
    profile.removeDuplicates();
    profile.sort();
    *groups = profile;
    if (m_allGroupsPage < 0)
        return true; // the profile's groups only: nothing to list
    // ListConsumerGroups asks every broker librdkafka has known and waits for each: a broker that
    // is gone holds the answer until the request times out, every refresh, for as long as it is
    // gone. So the listing runs beside the refreshes, one request at a time on a queue of its
    // own: the first refresh of the view waits for the answer, a later one takes a new answer
    // that comes within kListWaitMs and else the last one.
    if (!m_groupsQueue)
        m_groupsQueue.reset(rd_kafka_queue_new(m_admin.get()));
    if (!m_groupsInFlight) {
        rd_kafka_ListConsumerGroups(m_admin.get(), adminOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, false).get(),
                                    m_groupsQueue.get());
        m_groupsInFlight = true;
        ++out->requests;
    }
    const QDeadlineTimer deadline(
        std::min<qint64>(m_groupsListed ? kListWaitMs : kRequestTimeoutMs, m_deadline.remainingTime()));
    QString failure;
    while (m_groupsInFlight && !deadline.hasExpired()) {
        rdk::Event ev(rd_kafka_queue_poll(m_groupsQueue.get(), int(deadline.remainingTime())));
        if (!ev || rd_kafka_event_type(ev.get()) != RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT)
            continue;
        m_groupsInFlight = false;
        if (rd_kafka_event_error(ev.get())) {
            failure = eventError(ev.get());
            break;
        }
        size_t n = 0;
        const rd_kafka_ConsumerGroupListing_t **list = rd_kafka_ListConsumerGroups_result_valid(
            rd_kafka_event_ListConsumerGroups_result(ev.get()), &n);
        m_listedGroups.clear();
        for (size_t i = 0; i < n; ++i)
            m_listedGroups.insert(QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(list[i])));
        m_groupsListed = true;
    }
    if (!m_groupsListed) {
        *error = u"list groups: "_s + (failure.isEmpty() ? u"timed out waiting for the brokers"_s : failure);
        return false;
    }
    const AllGroupsPage page = AllGroupsPage::of(m_listedGroups, profile, m_allGroupsPage, allGroupsPageSize);
    out->clusterGroups = page.clusterGroups;
    out->allGroupsPage = page.page;
    out->allGroupsPages = page.pages;
    out->allGroupsPageSize = allGroupsPageSize;
    *groups += page.groups;
    return true;
}

bool KafkaFeed::fetchGroupDetails(const QStringList &groups, KafkaSnapshot *out, Committed *committed, QString *error)
{
    if (groups.isEmpty())
        return true;
    // Two requests a group, all sent at once: its description and its committed offsets, each
    // answered by the group's coordinator (librdkafka would fan one describe call out to one
    // request a group anyway). Each carries its group's index, so a coordinator that does not
    // answer costs its groups, not the refresh.
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const QByteArray name = groups.at(i).toUtf8();
        const char *names[] = {name.constData()};
        rdk::Options describe = adminOptions(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
        rd_kafka_AdminOptions_set_opaque(describe.get(), reinterpret_cast<void *>(quintptr(i)));
        rd_kafka_DescribeConsumerGroups(m_admin.get(), names, 1, describe.get(), m_queue.get());
        rd_kafka_ListConsumerGroupOffsets_t *req = rd_kafka_ListConsumerGroupOffsets_new(name.constData(), nullptr);
        rdk::Options offsets = adminOptions(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
        rd_kafka_AdminOptions_set_opaque(offsets.get(), reinterpret_cast<void *>(quintptr(i)));
        rd_kafka_ListConsumerGroupOffsets(m_admin.get(), &req, 1, offsets.get(), m_queue.get());
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
        out->requests += 2;
    }
    std::vector<std::optional<ConsumerGroupSnapshot>> described(size_t(groups.size()));
    std::vector<bool> offsetsRead(size_t(groups.size()), false);
    const QDeadlineTimer wait(
        std::min<qint64>(kCoordinatorWaitMs, std::max<qint64>(0, m_deadline.remainingTime() - kLogEndReserveMs)));
    qsizetype owed = 2 * groups.size();
    QMap<qsizetype, QString> describeErrors; // the request failed as a whole, by group index
    while (owed > 0 && !wait.hasExpired()) {
        rdk::Event ev(rd_kafka_queue_poll(m_queue.get(), int(std::max<qint64>(1, wait.remainingTime()))));
        if (!ev)
            continue;
        --m_queuePending;
        --owed;
        const auto i = qsizetype(reinterpret_cast<quintptr>(rd_kafka_event_opaque(ev.get())));
        if (i < 0 || i >= groups.size())
            continue;
        const QString &group = groups.at(i);
        noteCoordinatorError(rd_kafka_event_error(ev.get()));
        const QString failed = rd_kafka_event_error(ev.get()) ? eventError(ev.get()) : QString();
        if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT) {
            if (failed.isEmpty())
                described[size_t(i)] = describedGroup(ev.get());
            else
                describeErrors.insert(i, failed);
        } else if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT) {
            offsetsRead[size_t(i)] = true;
            if (!failed.isEmpty())
                committed->errors.insert(group, failed);
            else
                takeCommitted(ev.get(), committed);
        }
    }
    const QString noAnswer = u"no answer from the group's coordinator within %1 s"_s.arg(kCoordinatorWaitMs / 1000);
    bool anyDescribed = false;
    const QSet<QString> profile(m_settings.consumerGroups.cbegin(), m_settings.consumerGroups.cend());
    for (qsizetype i = 0; i < groups.size(); ++i) {
        ConsumerGroupSnapshot g = described[size_t(i)].value_or(ConsumerGroupSnapshot());
        if (!described[size_t(i)])
            g.error = describeErrors.value(i, noAnswer);
        anyDescribed = anyDescribed || described[size_t(i)].has_value();
        g.group = groups.at(i);
        g.inProfile = profile.contains(g.group);
        out->groups.append(g);
        if (!offsetsRead[size_t(i)])
            committed->errors.insert(g.group, noAnswer);
    }
    // Every group refused or unanswered, for the same cause as far as the console can tell: the
    // refresh fails with the first reason rather than show a page of groups that all say it.
    if (!anyDescribed) {
        *error = u"describe groups: "_s + (describeErrors.isEmpty() ? noAnswer : describeErrors.first());
        return false;
    }
    return true;
}

ConsumerGroupSnapshot KafkaFeed::describedGroup(rd_kafka_event_t *ev)
{
    ConsumerGroupSnapshot g;
    size_t n = 0;
    const auto **descs = rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(ev),
                                                                       &n);
    if (n == 0)
        return g;
    const rd_kafka_ConsumerGroupDescription_t *d = descs[0];
    g.group = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(d));
    if (const rd_kafka_error_t *e = rd_kafka_ConsumerGroupDescription_error(d)) {
        g.error = QString::fromUtf8(rd_kafka_error_string(e));
        noteCoordinatorError(rd_kafka_error_code(e));
    }
    g.state = QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d)));
    g.protocol = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_partition_assignor(d));
    g.members = int(rd_kafka_ConsumerGroupDescription_member_count(d));
    for (int m = 0; m < g.members; ++m) {
        const auto *member = rd_kafka_ConsumerGroupDescription_member(d, size_t(m));
        const auto *parts = rd_kafka_MemberAssignment_partitions(rd_kafka_MemberDescription_assignment(member));
        GroupMember gm;
        gm.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(member));
        gm.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(member));
        gm.host = QString::fromUtf8(rd_kafka_MemberDescription_host(member));
        for (int p = 0; parts && p < parts->cnt; ++p) {
            g.partitions.append({QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition, -1, -1});
            gm.assigned.append({QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition});
        }
        std::sort(gm.assigned.begin(), gm.assigned.end());
        g.memberList.append(gm);
    }
    std::sort(g.memberList.begin(), g.memberList.end(),
              [](const GroupMember &a, const GroupMember &b) { return a.memberId < b.memberId; });
    return g;
}

void KafkaFeed::takeCommitted(rd_kafka_event_t *ev, Committed *committed)
{
    size_t n = 0;
    const rd_kafka_group_result_t **res = rd_kafka_ListConsumerGroupOffsets_result_groups(
        rd_kafka_event_ListConsumerGroupOffsets_result(ev), &n);
    for (size_t i = 0; i < n; ++i) {
        const QString name = QString::fromUtf8(rd_kafka_group_result_name(res[i]));
        if (const rd_kafka_error_t *e = rd_kafka_group_result_error(res[i])) {
            committed->errors.insert(name, QString::fromUtf8(rd_kafka_error_string(e)));
            noteCoordinatorError(rd_kafka_error_code(e));
        }
        auto &offsets = committed->offsets[name];
        const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(res[i]);
        for (int p = 0; parts && p < parts->cnt; ++p) {
            const rd_kafka_topic_partition_t &tp = parts->elems[p];
            offsets[{QString::fromUtf8(tp.topic), tp.partition}] = tp.offset >= 0 ? tp.offset : -1;
        }
    }
}

QSet<QString> KafkaFeed::topicsInScope(const KafkaSnapshot &snap, const Committed &committed)
{
    // The profile's groups' topics stay in scope for the feed's life: a group whose offsets
    // could not be read in one refresh (its coordinator lost) keeps its topics on the page.
    QSet<QString> page;
    for (auto it = committed.offsets.cbegin(); it != committed.offsets.cend(); ++it) {
        QSet<QString> &into = m_settings.consumerGroups.contains(it.key()) ? m_profileTopics : page;
        for (const auto &[key, offset] : it.value())
            into.insert(key.first);
    }
    for (const ConsumerGroupSnapshot &g : snap.groups)
        for (const GroupPartitionOffset &p : g.partitions)
            (g.inProfile ? m_profileTopics : page).insert(p.topic);
    return QSet<QString>{m_settings.sagaTopic} + m_profileTopics + page;
}

void KafkaFeed::fillGroupPartitions(KafkaSnapshot *out, const Committed &committed)
{
    QHash<QString, int> partitionCount;
    for (const TopicSnapshot &t : std::as_const(out->topics))
        partitionCount.insert(t.name, int(t.partitions.size()));
    for (ConsumerGroupSnapshot &g : out->groups) {
        // Offsets that could not be read are unknown, not "no commit": the group keeps the
        // partitions it is assigned, each with its committed offset unknown.
        g.offsetsError = committed.errors.value(g.group);
        if (!g.offsetsError.isEmpty())
            continue;
        // Every partition of every topic the group reads or has read: those without a commit
        // must show "no commit", not be missing.
        const auto &offsets = committed.offsets.value(g.group);
        std::set<QString> topics;
        for (const auto &[key, offset] : offsets)
            topics.insert(key.first);
        for (const GroupPartitionOffset &p : std::as_const(g.partitions))
            topics.insert(p.topic);
        QVector<GroupPartitionOffset> rows;
        for (const QString &t : topics) {
            const int n = partitionCount.value(t, 0);
            std::set<int> ids;
            for (int p = 0; p < n; ++p)
                ids.insert(p);
            for (const auto &[key, offset] : offsets)
                if (key.first == t)
                    ids.insert(key.second);
            for (int p : ids) {
                const auto it = offsets.find({t, p});
                rows.append({t, p, it == offsets.end() ? -1 : it->second, -1});
            }
        }
        g.partitions = rows;
    }
}

bool KafkaFeed::fetchLogEnds(KafkaSnapshot *out, QString *error)
{
    // A partition without a leader has no log end to read: it stays -1 (unknown) rather than
    // being asked for, which would hold the whole request until librdkafka gives up on it. The
    // others are asked leader by leader (one ListOffsets request each, timestamp -1 = latest):
    // librdkafka's answer is all or nothing, so a broker that is gone but still named leader
    // (not fenced yet) would otherwise cost every partition its log end, not only its own.
    std::map<int, rdk::PartitionList> byLeader;
    for (const TopicSnapshot &t : std::as_const(out->topics))
        for (const TopicPartitionInfo &p : t.partitions) {
            if (p.leader < 0)
                continue;
            rdk::PartitionList &list = byLeader[p.leader];
            if (!list)
                list.reset(rd_kafka_topic_partition_list_new(0));
            rd_kafka_topic_partition_list_add(list.get(), t.name.toUtf8().constData(), p.partition)->offset =
                RD_KAFKA_OFFSET_END;
        }
    QHash<QString, qint64> ends;
    QHash<int, QString> failed; // leader: why its partitions have no log end
    // librdkafka sends each partition to the leader in this handle's own metadata cache, which
    // nothing else refreshes: after a leader moved it would keep asking the old one (and the
    // new leader's whole request would time out with it). Refresh it to what the snapshot shows.
    if (!byLeader.empty()) {
        const rd_kafka_metadata_t *raw = nullptr;
        ++out->requests;
        if (rd_kafka_metadata(m_consumer.get(), 1, nullptr, &raw, std::max(1, requestBudgetMs()))
            == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_metadata_destroy(raw);
    }
    for (const auto &[leader, list] : byLeader) {
        const int left = requestBudgetMs();
        if (left > 0)
            ++out->requests;
        const rd_kafka_resp_err_t err = left <= 0 ? RD_KAFKA_RESP_ERR__TIMED_OUT
                                                  : rd_kafka_offsets_for_times(m_consumer.get(), list.get(), left);
        if (err) {
            failed.insert(leader, rdk::errorText(err));
            continue;
        }
        for (int i = 0; i < list->cnt; ++i) {
            const rd_kafka_topic_partition_t &tp = list->elems[i];
            if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0)
                ends.insert(QString::fromUtf8(tp.topic) + u'\x1f' + QString::number(tp.partition), tp.offset);
        }
    }
    if (!byLeader.empty() && failed.size() == int(byLeader.size())) {
        *error = u"log-end offsets: "_s + failed.cbegin().value();
        return false;
    }
    for (TopicSnapshot &t : out->topics)
        for (TopicPartitionInfo &p : t.partitions) {
            p.logEnd = ends.value(t.name + u'\x1f' + QString::number(p.partition), -1);
            if (failed.contains(p.leader) && p.error.isEmpty())
                p.error = u"log end not read: leader %1 did not answer (%2)"_s.arg(p.leader).arg(
                    failed.value(p.leader));
        }
    for (ConsumerGroupSnapshot &g : out->groups)
        for (GroupPartitionOffset &p : g.partitions)
            p.logEnd = ends.value(p.topic + u'\x1f' + QString::number(p.partition), -1);
    return true;
}

} // namespace sagadeck
