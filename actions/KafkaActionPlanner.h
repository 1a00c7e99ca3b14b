#pragma once

#include "ActionContext.h"
#include "KafkaActionPlan.h"

#include <QObject>

namespace sagadeck {

// Steps 1 and 2 of the pipeline for a Kafka repair: reads the group and the topic through the
// KafkaAdminClient (members, committed offsets, log start and end, offsets at a time, partition
// count), applies KafkaActionRules and builds the preview with its confirmation. A read-only
// profile, a profile without Kafka or a malformed request is refused at once, without any read;
// a group with active members is refused before anything is sent.
//
// Threading: the GUI (or the CLI's main) thread; never blocks. prepare() is answered by exactly
// one planReady(); a newer prepare() supersedes an unfinished one.
class KafkaActionPlanner : public QObject
{
    Q_OBJECT
public:
    explicit KafkaActionPlanner(const ActionContext &context, QObject *parent = nullptr);

    void prepare(const sagadeck::KafkaActionRequest &request);
    bool isBusy() const { return !m_pendingId.isEmpty(); }

signals:
    void planReady(const sagadeck::KafkaActionPlan &plan);

private:
    void onRead(const sagadeck::KafkaGroupRead &read);

    ActionContext m_ctx;
    KafkaActionPlan m_plan;
    QString m_pendingId;
};

} // namespace sagadeck
