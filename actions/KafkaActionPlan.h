#pragma once

#include "ActionTargets.h"
#include "ConfirmationRequirement.h"
#include "KafkaAdminTypes.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace sagadeck {

enum class KafkaActionVerb
{
    ResetOffsets, // kafka-consumer-groups.sh --reset-offsets --execute
    AddPartitions // kafka-topics.sh --alter --partitions N
};
QString kafkaActionVerbName(KafkaActionVerb verb); // reset-offsets | add-partitions

enum class OffsetResetTo
{
    Earliest, // the log start
    Latest,   // the log end
    Datetime, // the first message at or after a time (the log end when there is none)
    Offset    // an explicit offset, clamped to the log start and end
};
QString offsetResetToName(OffsetResetTo to); // earliest | latest | datetime | offset

// What the operator asked for.
struct KafkaActionRequest
{
    KafkaActionVerb verb = KafkaActionVerb::ResetOffsets;
    QString group;      // reset: the group
    QString topic;      // both: the topic
    int partition = -1; // reset: one partition; -1: every partition of the topic
    OffsetResetTo to = OffsetResetTo::Latest;
    QDateTime at;       // Datetime
    qint64 offset = -1; // Offset
    int partitions = 0; // add partitions: the new total
};

// One partition of an offset reset's preview: where the group is, where it goes, and what that
// does to the messages between (skipped going forward, replayed going back).
struct OffsetResetRow
{
    int partition = 0;
    qint64 committed = -1; // -1: no commit
    qint64 logStart = -1;
    qint64 logEnd = -1;
    qint64 target = -1;
    QString clamped; // non-empty: the asked offset was outside the log and was moved, why

    // > 0: messages skipped; < 0: messages replayed; 0: unchanged. Meaningless without a commit.
    qint64 delta() const { return committed < 0 ? 0 : target - committed; }
    QString effect() const; // "skips 12", "replays 40", "unchanged", "no commit: starts at 17"
};

// The preview: what exactly will happen, where, and what confirmation it needs.
struct KafkaActionPlan
{
    KafkaActionRequest request;
    QString profile;
    bool production = false;
    QString bootstrap;
    QString identity; // the SASL user, or empty (the audit log's identity)
    // `refusal` non-empty: nothing may run, this is why; `noOp`: nothing to do.
    QString refusal;
    QString noOp;
    bool found = false; // the state was read
    // Reset: the group as read, and per partition the move.
    QString groupState;
    QVector<GroupMember> members;
    QVector<OffsetResetRow> rows;
    // Add partitions: the count before and the consequence for keyed ordering.
    int partitionsBefore = -1;
    QString consequence;
    ConfirmationRequirement confirmation;
    QDateTime preparedAt;

    bool isActionable() const { return refusal.isEmpty() && noOp.isEmpty() && found; }
    // "reset offsets of payment-service-group on saga-events to 2026-12-06T00:00:00Z"
    QString summary() const;
    // What it acts on, as its audit records name it: the group (a reset) or the topic (new partitions).
    ActionTargets targets() const;
    // Plain text, several lines: for the CLI and the dialog's details box.
    QString describe() const;
    qint64 skipped() const;  // messages skipped, over every partition
    qint64 replayed() const; // messages replayed, over every partition
};

void registerKafkaActionMetaTypes();

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::KafkaActionRequest)
Q_DECLARE_METATYPE(sagadeck::KafkaActionPlan)
