#include "KafkaActionPlanner.h"

#include "KafkaActionRules.h"
#include "KafkaAdminClient.h"

#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

KafkaActionPlanner::KafkaActionPlanner(const ActionContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context)
{
    if (m_ctx.kafkaAdmin)
        connect(m_ctx.kafkaAdmin, &KafkaAdminClient::groupRead, this, &KafkaActionPlanner::onRead);
}

void KafkaActionPlanner::prepare(const KafkaActionRequest &request)
{
    m_pendingId.clear();
    m_plan = KafkaActionPlan{};
    m_plan.request = request;
    m_plan.profile = m_ctx.profile;
    m_plan.production = m_ctx.production;
    m_plan.bootstrap = m_ctx.kafkaBootstrap;
    m_plan.identity = m_ctx.kafkaIdentity;
    m_plan.preparedAt = QDateTime::currentDateTimeUtc();
    m_plan.confirmation = KafkaActionRules::confirmationFor(request);
    QString refusal;
    if (!m_ctx.kafkaDisabled.isEmpty())
        refusal = m_ctx.kafkaDisabled;
    else if (m_ctx.readOnly)
        refusal = m_ctx.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_ctx.profile) : m_ctx.readOnlyWhy;
    else if (!m_ctx.kafkaAdmin)
        refusal = u"the Kafka admin client is not running"_s;
    else
        refusal = KafkaActionRules::checkRequest(request);
    if (!refusal.isEmpty()) {
        m_plan.refusal = refusal;
        QTimer::singleShot(0, this, [this, plan = m_plan] { emit planReady(plan); });
        return;
    }
    m_pendingId = u"kplan-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const bool reset = request.verb == KafkaActionVerb::ResetOffsets;
    const qint64 atMs = reset && request.to == OffsetResetTo::Datetime ? request.at.toMSecsSinceEpoch() : -1;
    KafkaAdminClient *client = m_ctx.kafkaAdmin;
    QMetaObject::invokeMethod(
        client,
        [client, id = m_pendingId, group = reset ? request.group : QString(), topic = request.topic, atMs] {
            client->readGroup(id, group, topic, atMs);
        },
        Qt::QueuedConnection);
}

void KafkaActionPlanner::onRead(const KafkaGroupRead &read)
{
    if (m_pendingId.isEmpty() || read.requestId != m_pendingId)
        return;
    m_pendingId.clear();
    const KafkaActionRequest &req = m_plan.request;
    if (!read.error.isEmpty()) {
        m_plan.refusal = u"could not read %1: %2"_s.arg(req.verb == KafkaActionVerb::ResetOffsets
                                                            ? u"group %1 on topic %2"_s.arg(req.group, req.topic)
                                                            : u"topic %1"_s.arg(req.topic),
                                                        read.error);
        emit planReady(m_plan);
        return;
    }
    if (!read.topicExists) {
        m_plan.refusal = u"topic %1 does not exist"_s.arg(req.topic);
        emit planReady(m_plan);
        return;
    }
    m_plan.found = true;
    if (req.verb == KafkaActionVerb::AddPartitions) {
        m_plan.partitionsBefore = read.topicPartitions;
        m_plan.refusal = KafkaActionRules::checkPartitions(req, read.topicPartitions, &m_plan.noOp);
        if (m_plan.refusal.isEmpty() && m_plan.noOp.isEmpty())
            m_plan.consequence = KafkaActionRules::partitionsConsequence(req.topic, read.topicPartitions,
                                                                         req.partitions);
        emit planReady(m_plan);
        return;
    }
    m_plan.groupState = read.state;
    m_plan.members = read.members;
    m_plan.refusal = KafkaActionRules::resetRows(req, read.partitions, &m_plan.rows);
    // Refused before anything is sent: a member would commit over the reset (and Kafka refuses a
    // commit from outside a group that has members).
    if (m_plan.refusal.isEmpty())
        m_plan.refusal = KafkaActionRules::activeMembersRefusal(req.group, int(read.members.size()));
    if (m_plan.refusal.isEmpty() && std::all_of(m_plan.rows.cbegin(), m_plan.rows.cend(), [](const OffsetResetRow &r) {
            return r.committed >= 0 && r.delta() == 0;
        }))
        m_plan.noOp = u"the group's committed offsets are already there"_s;
    emit planReady(m_plan);
}

} // namespace sagadeck
