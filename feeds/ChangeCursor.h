#pragma once

#include "Saga.h"

#include <QHash>
#include <QUuid>
#include <QVector>

#include <optional>

namespace sagadeck {

// What pg_stat_activity says about the transactions open in the database (besides ours).
struct OpenTransactions
{
    std::optional<qint64> oldestStartUs; // the oldest xact_start this role can see
    int hidden = 0;                      // open elsewhere, start not shown to this role
    qint64 dbNowUs = 0;
};

// The polling cursor over saga_instances.updated_at that cannot miss a late commit.
//
// A writer sets updated_at = now(), its transaction's START, and its row becomes visible only
// at COMMIT: a slow transaction can commit after a faster, later one whose row already moved a
// plain "(updated_at, id) > last seen" cursor past it. A row that a poll could not see was
// written by a transaction open when that poll asked pg_stat_activity, or one begun after: so
// each pass reads from the earliest of those moments over the previous pass (the oldest open
// transaction's start, or the database time of the question), and rows already reported with
// the same updated_at are not reported again. When some open transaction's start is hidden
// from this role (no pg_read_all_stats), a trailing window is re-read instead; no pass reaches
// back further than `maxRewindUs`. Pure: the feed asks the database and hands the answers in.
class ChangeCursor
{
public:
    struct Windows
    {
        qint64 slackUs = 1'000'000;       // between pg_stat_activity's answer and the read
        qint64 hiddenUs = 60'000'000;     // re-read when a transaction's start is hidden
        qint64 maxRewindUs = 900'000'000; // a transaction open longer is not waited for
    };

    ChangeCursor();
    explicit ChangeCursor(Windows windows);

    // At (re)connect, with what is open then: the table loads what was committed before.
    void restart(const OpenTransactions &open);
    // Where this poll reads from (inclusive): where the last one stopped at its batch limit, or
    // else a new pass from the earliest moment a row unseen by the last pass can carry.
    qint64 readFromUs(const OpenTransactions &open);
    // The rows of one batch, oldest first: keeps those not reported before (an id with a new
    // updated_at), remembers them, and moves the batch key.
    QVector<SagaRow> takeNew(const QVector<SagaRow> &rows);
    // Where the next batch of this poll starts: after this (updated_at, id).
    qint64 keyUs() const { return m_keyUs; }
    QUuid keyId() const { return m_keyId; }
    // The poll ended: complete (the next one starts a new pass) or at its batch limit (the next
    // one goes on from the key).
    void finishPoll(bool complete);

    int remembered() const { return int(m_seen.size()); }

private:
    qint64 earliestUnseen(const OpenTransactions &open) const;

    Windows m_windows;
    qint64 m_nextFromUs = 0; // where the next pass starts, lowered by every poll of this one
    bool m_resume = false;
    qint64 m_keyUs = 0;
    QUuid m_keyId;
    QHash<QUuid, qint64> m_seen; // id -> updated_at last reported, at or after the pass's start
};

} // namespace sagadeck
