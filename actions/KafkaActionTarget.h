#pragma once

#include "ActionTarget.h"
#include "KafkaActionPlan.h"

#include <QHash>

namespace sagadeck {

class KafkaAdminClient;

// A consumer group's offsets or a topic's partitions as a target of the action pipeline,
// changed as Kafka's own tools do: AlterConsumerGroupOffsets (kafka-consumer-groups.sh
// --reset-offsets --execute) with the preview's targets, and CreatePartitions (kafka-topics.sh
// --alter --partitions). Both are repeatable with the same effect. The effect is read back: the
// group's committed offsets equal the targets; the topic's metadata has the new count.
class KafkaActionTarget : public ActionTarget
{
    Q_OBJECT
public:
    KafkaActionTarget(const KafkaActionPlan &plan, KafkaAdminClient *client, QObject *parent = nullptr);

    PipelinePlan plan() const override;
    QString unavailable() const override;
    void describe(int index, AuditRecord *record) const override;
    void send(int index, const ActionId &id, int attempt, bool earlierMayHaveLanded) override;
    void readBack(int index) override;

    const KafkaActionPlan &kafkaPlan() const { return m_plan; }

private:
    void onChange(const sagadeck::KafkaChangeResult &result);
    void onRead(const sagadeck::KafkaGroupRead &read);

    KafkaActionPlan m_plan;
    KafkaAdminClient *m_client;
    QHash<QString, bool> m_sends; // request id -> an earlier attempt may have landed
    QString m_readId;
};

} // namespace sagadeck
