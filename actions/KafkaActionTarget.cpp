#include "KafkaActionTarget.h"

#include "AuditRecord.h"
#include "KafkaAdminClient.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

KafkaActionTarget::KafkaActionTarget(const KafkaActionPlan &plan, KafkaAdminClient *client, QObject *parent)
    : ActionTarget(parent)
    , m_plan(plan)
    , m_client(client)
{
    if (m_client) {
        connect(m_client, &KafkaAdminClient::changeDone, this, &KafkaActionTarget::onChange);
        connect(m_client, &KafkaAdminClient::groupRead, this, &KafkaActionTarget::onRead);
    }
}

PipelinePlan KafkaActionTarget::plan() const
{
    PipelinePlan p;
    p.verb = kafkaActionVerbName(m_plan.request.verb);
    p.refusal = !m_plan.refusal.isEmpty() ? m_plan.refusal
        : !m_plan.noOp.isEmpty()          ? m_plan.noOp
        : !m_plan.found                   ? u"the group and topic were not read: prepare the plan first"_s
                                          : QString();
    p.preparedAt = m_plan.preparedAt;
    p.confirmation = m_plan.confirmation;
    p.items.append(
        {m_plan.request.verb == KafkaActionVerb::AddPartitions ? m_plan.request.topic : m_plan.request.group, {}});
    return p;
}

QString KafkaActionTarget::unavailable() const
{
    return m_client ? QString() : u"the Kafka admin client is not running"_s;
}

void KafkaActionTarget::describe(int, AuditRecord *r) const
{
    const KafkaActionRequest &req = m_plan.request;
    r->identity = m_plan.identity.isEmpty() ? r->osUser : m_plan.identity;
    const bool add = req.verb == KafkaActionVerb::AddPartitions;
    const ActionTargets t = m_plan.targets();
    r->target = {r->profile, t.ns, t.kind, t.names.first()};
    QJsonObject p{{u"bootstrap"_s, m_plan.bootstrap}, {u"topic"_s, req.topic}, {u"production"_s, m_plan.production}};
    if (add) {
        p.insert(u"partitions_before"_s, m_plan.partitionsBefore);
        p.insert(u"partitions"_s, req.partitions);
    } else {
        p.insert(u"to"_s, offsetResetToName(req.to));
        if (req.to == OffsetResetTo::Datetime)
            p.insert(u"at"_s, req.at.toUTC().toString(Qt::ISODateWithMs));
        if (req.to == OffsetResetTo::Offset)
            p.insert(u"offset"_s, req.offset);
        p.insert(u"partition"_s, req.partition < 0 ? QJsonValue(u"all"_s) : QJsonValue(req.partition));
        QJsonArray rows;
        for (const OffsetResetRow &row : m_plan.rows)
            rows.append(QJsonObject{
                {u"partition"_s, row.partition}, {u"committed_before"_s, row.committed}, {u"target"_s, row.target}});
        p.insert(u"offsets"_s, rows);
        p.insert(u"skipped"_s, m_plan.skipped());
        p.insert(u"replayed"_s, m_plan.replayed());
    }
    r->parameters = p;
}

void KafkaActionTarget::send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded)
{
    Q_UNUSED(index);
    const QString requestId = u"%1#%2"_s.arg(id.toString()).arg(attempt);
    m_sends.insert(requestId, earlierMayHaveLanded);
    KafkaAdminClient *client = m_client;
    const KafkaActionRequest req = m_plan.request;
    if (req.verb == KafkaActionVerb::AddPartitions) {
        QMetaObject::invokeMethod(
            client,
            [client, requestId, topic = req.topic, n = req.partitions] {
                client->createPartitions(requestId, topic, n);
            },
            Qt::QueuedConnection);
        return;
    }
    QVector<QPair<int, qint64>> offsets;
    for (const OffsetResetRow &row : std::as_const(m_plan.rows))
        offsets.append({row.partition, row.target});
    QMetaObject::invokeMethod(
        client,
        [client, requestId, group = req.group, topic = req.topic, offsets] {
            client->alterOffsets(requestId, group, topic, offsets);
        },
        Qt::QueuedConnection);
}

void KafkaActionTarget::onChange(const KafkaChangeResult &result)
{
    const auto it = m_sends.constFind(result.requestId);
    if (it == m_sends.cend())
        return;
    const bool earlierMayHaveLanded = it.value();
    m_sends.erase(it);
    RequestOutcome outcome = result.outcome;
    // A repeated CreatePartitions after one that landed is answered "already has N partitions":
    // the read-back decides.
    if (earlierMayHaveLanded && result.kafkaError == RD_KAFKA_RESP_ERR_INVALID_PARTITIONS)
        outcome = RequestOutcome::accepted(0);
    emit sent(0, outcome);
}

void KafkaActionTarget::readBack(int)
{
    m_readId = u"kread-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    KafkaAdminClient *client = m_client;
    const KafkaActionRequest req = m_plan.request;
    const QString group = req.verb == KafkaActionVerb::ResetOffsets ? req.group : QString();
    QMetaObject::invokeMethod(
        client, [client, id = m_readId, group, topic = req.topic] { client->readGroup(id, group, topic, -1); },
        Qt::QueuedConnection);
}

void KafkaActionTarget::onRead(const KafkaGroupRead &read)
{
    if (m_readId.isEmpty() || read.requestId != m_readId)
        return;
    m_readId.clear();
    EffectReading r;
    if (!read.error.isEmpty()) {
        r.state = EffectReading::State::Unreadable;
        r.note = read.error;
        emit this->read(0, r);
        return;
    }
    const KafkaActionRequest &req = m_plan.request;
    if (req.verb == KafkaActionVerb::AddPartitions) {
        r.state = read.topicPartitions >= req.partitions ? EffectReading::State::Shown : EffectReading::State::NotYet;
        r.note = u"topic %1 has %2 partitions"_s.arg(req.topic).arg(read.topicPartitions);
        emit this->read(0, r);
        return;
    }
    QStringList off;
    int matching = 0;
    for (const OffsetResetRow &row : std::as_const(m_plan.rows)) {
        qint64 committed = -1;
        for (const KafkaPartitionOffsets &p : read.partitions)
            if (p.partition == row.partition)
                committed = p.committed;
        if (committed == row.target)
            ++matching;
        else
            off << u"%1-%2 at %3, not %4"_s.arg(req.topic).arg(row.partition).arg(committed).arg(row.target);
    }
    r.state = off.isEmpty() ? EffectReading::State::Shown : EffectReading::State::NotYet;
    r.note = off.isEmpty() ? u"committed offsets read back: %1 partition(s) where the preview said"_s.arg(matching)
                           : off.join(u"; "_s);
    emit this->read(0, r);
}

} // namespace sagadeck
