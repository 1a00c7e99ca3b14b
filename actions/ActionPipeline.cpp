#include "ActionPipeline.h"

#include "ActionTracker.h"
#include "AuditWriter.h"
#include "FeedHealth.h"

#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sagadeck {

using State = ActionItemResult::State;

namespace {

QString describeWait(int ms)
{
    return ms < 1000 ? u"%1 ms"_s.arg(ms) : describeAge(ms);
}

} // namespace

int PipelinePlan::actionableCount() const
{
    int n = 0;
    for (const PipelineItem &item : items)
        n += item.skipped.isEmpty();
    return n;
}

QString itemStateName(ActionItemResult::State state)
{
    switch (state) {
    case State::Done: return u"done"_s;
    case State::Failed: return u"failed"_s;
    case State::Unknown: return u"unknown"_s;
    case State::Skipped: return u"skipped"_s;
    case State::Cancelled: return u"cancelled"_s;
    }
    return QString();
}

int ActionReport::count(ActionItemResult::State state) const
{
    int n = 0;
    for (const ActionItemResult &r : results)
        n += r.state == state;
    return n;
}

bool ActionReport::allDone() const
{
    return refused.isEmpty() && count(State::Done) > 0 && count(State::Failed) == 0 && count(State::Unknown) == 0
        && count(State::Cancelled) == 0 && count(State::Skipped) == 0;
}

QString ActionReport::summary() const
{
    if (!refused.isEmpty())
        return u"refused: "_s + refused;
    return u"%1 done, %2 failed, %3 outcome unknown (check before retrying), %4 skipped%5"_s.arg(count(State::Done))
        .arg(count(State::Failed))
        .arg(count(State::Unknown))
        .arg(count(State::Skipped))
        .arg(cancelled ? u", the rest cancelled"_s : QString());
}

ActionPipeline::ActionPipeline(const PipelineSettings &settings, ActionTarget *target, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_target(target)
{
    m_target->setParent(this);
    m_plan = m_target->plan();
    m_sendTimer.setSingleShot(true);
    connect(&m_sendTimer, &QTimer::timeout, this, &ActionPipeline::pump);
    m_pollTimer.setInterval(qMax(10, m_settings.verifyPollMs));
    connect(&m_pollTimer, &QTimer::timeout, this, &ActionPipeline::poll);
    connect(m_target, &ActionTarget::sent, this, &ActionPipeline::onSent);
    connect(m_target, &ActionTarget::read, this, &ActionPipeline::onRead);
    if (m_settings.audit) {
        connect(m_settings.audit, &AuditWriter::appended, this, &ActionPipeline::onAudit);
        connect(m_settings.audit, &AuditWriter::warning, this, &ActionPipeline::auditWarning);
    }
}

ActionPipeline::~ActionPipeline()
{
    // Destroyed while running (a test, a CLI that gave up): what has an intent gets an outcome.
    if (isRunning())
        abandon(u"the action was stopped before it could verify"_s);
}

QString ActionPipeline::summary() const
{
    const int n = m_plan.actionableCount();
    if (n == 1)
        for (const PipelineItem &item : m_plan.items)
            if (item.skipped.isEmpty())
                return m_plan.verb + u' ' + item.target;
    return u"%1 %2 items"_s.arg(m_plan.verb).arg(n);
}

QString ActionPipeline::checkStart(const QString &typedConfirmation, const QString &reason) const
{
    if (m_settings.readOnly)
        return m_settings.readOnlyWhy.isEmpty() ? u"profile '%1' is read-only"_s.arg(m_settings.profile)
                                                : m_settings.readOnlyWhy;
    if (!m_plan.refusal.isEmpty())
        return m_plan.refusal;
    const qint64 ageS = m_plan.preparedAt.isValid() ? m_plan.preparedAt.secsTo(QDateTime::currentDateTimeUtc()) : -1;
    if (ageS < 0 || ageS > m_settings.maxPlanAgeS)
        return u"the preview is %1 old; prepare it again to act on the current state"_s.arg(
            ageS < 0 ? u"of unknown age"_s : describeAge(ageS * 1000));
    if (const QString why = m_target->unavailable(); !why.isEmpty())
        return why;
    if (!m_settings.audit)
        return u"the audit log is not running"_s;
    if (m_plan.actionableCount() == 0)
        return u"nothing to %1: see the preview for why"_s.arg(m_plan.verb);
    QString why;
    if (!m_plan.confirmation.isSatisfiedBy(typedConfirmation, reason, &why))
        return u"not confirmed: "_s + why;
    return QString();
}

bool ActionPipeline::start(const QString &typedConfirmation, const QString &reason)
{
    if (m_started)
        return false; // the second click of a double click: the first one is running
    m_started = true;
    m_reason = reason.trimmed();
    if (const QString why = checkStart(typedConfirmation, reason); !why.isEmpty()) {
        refuse(why);
        return false;
    }
    if (m_plan.actionableCount() > 1)
        m_batchId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (const PipelineItem &p : std::as_const(m_plan.items)) {
        Item item;
        item.result.target = p.target;
        if (!p.skipped.isEmpty()) {
            item.stage = Stage::Finished;
            item.result.state = State::Skipped;
            item.result.message = u"not sent: "_s + p.skipped;
        } else {
            ++m_total;
        }
        m_items.append(item);
    }
    if (m_settings.tracker)
        m_settings.tracker->started(this);
    // Skipped items are reported like the others, after the caller's start() returned.
    QTimer::singleShot(0, this, [this] {
        for (const Item &item : std::as_const(m_items))
            if (item.stage == Stage::Finished)
                emit itemFinished(item.result);
        emit progress(0, m_total);
        pump();
    });
    return true;
}

void ActionPipeline::refuse(const QString &why)
{
    m_finished = true;
    ActionReport report;
    report.refused = why;
    QTimer::singleShot(0, this, [this, report] { emit finished(report); });
}

void ActionPipeline::cancel()
{
    if (!isRunning() || m_cancelled)
        return;
    m_cancelled = true;
    m_sendTimer.stop();
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).stage != Stage::Waiting)
            continue;
        Item &item = m_items[i];
        item.stage = Stage::Finished;
        item.result.state = State::Cancelled;
        item.result.message = u"cancelled before it was sent"_s;
        ++m_done;
        emit itemFinished(item.result);
        emit progress(m_done, m_total);
    }
    finishIfDone();
}

void ActionPipeline::abandon(const QString &why)
{
    if (!isRunning() || m_abandoned)
        return;
    m_abandoned = true;
    m_sendTimer.stop();
    m_pollTimer.stop();
    AuditWriter *audit = m_settings.audit;
    for (int i = 0; i < m_items.size(); ++i) {
        Item &item = m_items[i];
        if (item.stage == Stage::Finished)
            continue;
        if (item.retry)
            item.retry->stop();
        // An intent on its way or on disk needs an outcome; an item never started needs none.
        const bool hasIntent = item.stage != Stage::Waiting;
        if (item.stage == Stage::Outcome) {
            item.stage = Stage::Finished; // its outcome is already on its way to the log
            continue;
        }
        item.stage = Stage::Finished;
        item.result.state = hasIntent ? State::Unknown : State::Cancelled;
        item.result.message = hasIntent ? QString(u"outcome unknown — "_s + why + u"; check before retrying"_s)
                                        : QString(u"not sent: "_s + why);
        item.result.durationMs = item.clock.isValid() ? item.clock.elapsed() : 0;
        if (hasIntent && audit) {
            item.auditResult = AuditResult::Unknown;
            const AuditRecord r = record(i, AuditKind::Outcome);
            // Blocking: the console is about to end, and this record must reach the disk first.
            const bool here = audit->thread() == QThread::currentThread() || !audit->thread()->isRunning();
            QMetaObject::invokeMethod(
                audit, [audit, r] { audit->append(r); }, here ? Qt::DirectConnection : Qt::BlockingQueuedConnection);
        }
    }
    m_finished = true;
    ActionReport report;
    report.batchId = m_batchId;
    report.cancelled = true;
    for (const Item &item : std::as_const(m_items))
        report.results.append(item.result);
    if (m_settings.tracker)
        m_settings.tracker->ended(this);
    emit finished(report);
}

void ActionPipeline::pump()
{
    if (m_sending || m_cancelled || m_finished)
        return;
    int next = -1;
    for (int i = 0; i < m_items.size() && next < 0; ++i)
        if (m_items.at(i).stage == Stage::Waiting)
            next = i;
    if (next < 0)
        return;
    const qint64 spacing = m_settings.ratePerSecond > 0 ? qint64(1000.0 / m_settings.ratePerSecond) : 0;
    if (m_sinceLastSend.isValid() && m_sinceLastSend.elapsed() < spacing) {
        m_sendTimer.start(int(spacing - m_sinceLastSend.elapsed()));
        return;
    }
    writeIntent(next);
}

void ActionPipeline::setStage(int index, Stage stage, const QString &text)
{
    m_items[index].stage = stage;
    if (!text.isEmpty())
        emit this->stage(index, text);
}

AuditRecord ActionPipeline::record(int index, AuditKind kind) const
{
    const Item &item = m_items.at(index);
    AuditRecord r;
    r.kind = kind;
    r.actionId = item.result.actionId;
    r.batchId = m_batchId;
    r.at = QDateTime::currentDateTimeUtc();
    r.osUser = currentOsUser();
    r.profile = m_settings.profile;
    r.verb = m_plan.verb;
    r.reason = m_reason;
    m_target->describe(index, &r);
    if (kind == AuditKind::Outcome) {
        r.parameters.insert(u"attempts"_s, item.result.attempts);
        r.parameters.insert(u"http_status"_s, item.result.httpStatus);
        r.result = item.auditResult;
        r.message = item.result.message;
        r.serverRequestId = item.result.serverRequestId;
        r.durationMs = item.clock.isValid() ? item.clock.elapsed() : 0;
    }
    return r;
}

void ActionPipeline::writeIntent(int index)
{
    Item &item = m_items[index];
    m_sending = true;
    item.result.actionId = ActionId::create();
    item.clock.start();
    setStage(index, Stage::Intent, u"writing the intent to the audit log"_s);
    const AuditRecord r = record(index, AuditKind::Intent);
    AuditWriter *audit = m_settings.audit;
    QMetaObject::invokeMethod(
        audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
}

int ActionPipeline::indexOf(const ActionId &id) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i).result.actionId == id)
            return i;
    return -1;
}

void ActionPipeline::onAudit(const AuditRecord &record, const QString &error)
{
    if (m_abandoned || record.actionId.isNull())
        return;
    const int index = indexOf(record.actionId);
    if (index < 0)
        return;
    Item &item = m_items[index];
    if (record.kind == AuditKind::Intent && item.stage == Stage::Intent) {
        if (!error.isEmpty()) {
            // No audit, no action: the request is never sent (and there is no outcome to write).
            item.result.state = State::Failed;
            item.result.message = u"failed: not sent: the intent could not be written to the audit log: "_s + error;
            m_sending = false;
            itemDone(index);
            m_sendTimer.start(0);
            return;
        }
        send(index);
        return;
    }
    if (record.kind == AuditKind::Outcome && item.stage == Stage::Outcome) {
        if (!error.isEmpty()) {
            item.result.message += u" (the outcome could not be written to the audit log: "_s + error + u')';
            emit auditWarning(error);
        }
        itemDone(index);
    }
}

void ActionPipeline::send(int index)
{
    Item &item = m_items[index];
    ++item.result.attempts;
    setStage(index, Stage::Sending,
             u"sending %1 (attempt %2 of %3)"_s.arg(item.result.target)
                 .arg(item.result.attempts)
                 .arg(m_settings.maxAttempts));
    m_sinceLastSend.start();
    m_target->send(index, item.result.actionId, item.result.attempts, item.maybeLanded);
}

void ActionPipeline::onSent(int index, const RequestOutcome &outcome)
{
    if (m_abandoned || index < 0 || index >= m_items.size() || m_items.at(index).stage != Stage::Sending)
        return;
    Item &item = m_items[index];
    item.result.httpStatus = outcome.httpStatus;
    if (!outcome.serverRequestId.isEmpty())
        item.result.serverRequestId = outcome.serverRequestId;
    item.maybeLanded |= outcome.kind == RequestOutcome::Kind::Unknown;
    if (outcome.done()) {
        m_sending = false;
        m_sendTimer.start(0); // the next item may go (pump() keeps the rate)
        item.verifyClock.start();
        setStage(index, Stage::Verifying, u"verifying"_s);
        if (!m_pollTimer.isActive())
            m_pollTimer.start();
        poll();
        return;
    }
    const bool again = outcome.retryable && item.result.attempts < m_settings.maxAttempts && !m_cancelled;
    if (again) {
        const int delay = m_settings.retryBaseMs << (item.result.attempts - 1);
        setStage(index, Stage::Backoff, u"%1; sending the same intent again in %2 ms"_s.arg(outcome.reason).arg(delay));
        if (!item.retry) {
            item.retry = new QTimer(this);
            item.retry->setSingleShot(true);
            connect(item.retry, &QTimer::timeout, this, [this, index] {
                if (!m_abandoned && m_items.at(index).stage == Stage::Backoff)
                    send(index);
            });
        }
        item.retry->start(delay);
        return;
    }
    m_sending = false;
    m_sendTimer.start(0);
    switch (outcome.kind) {
    case RequestOutcome::Kind::Done: break;
    case RequestOutcome::Kind::Unknown:
        return conclude(index, State::Unknown,
                        u"outcome unknown — check before retrying: %1 (after %2 attempts)"_s.arg(outcome.reason)
                            .arg(item.result.attempts));
    case RequestOutcome::Kind::Failed:
    case RequestOutcome::Kind::RefusedBeforeSending:
        if (item.maybeLanded)
            return conclude(index, State::Unknown,
                            u"outcome unknown — check before retrying: an earlier attempt got no answer and the "
                            "last one did not go through: "_s
                                + outcome.reason);
        if (outcome.kind == RequestOutcome::Kind::Failed && outcome.httpStatus > 0)
            return conclude(index, State::Failed, u"failed: HTTP %1: %2"_s.arg(outcome.httpStatus).arg(outcome.reason));
        return conclude(index, State::Failed, u"failed: not sent: "_s + outcome.reason);
    }
}

void ActionPipeline::poll()
{
    bool any = false;
    for (int i = 0; i < m_items.size(); ++i) {
        Item &item = m_items[i];
        if (item.stage != Stage::Verifying)
            continue;
        any = true;
        if (item.reading)
            continue; // the previous read is still out
        if (item.verifyClock.elapsed() > m_settings.verifyTimeoutMs) {
            const QString wait = describeWait(m_settings.verifyTimeoutMs);
            if (item.lastReading.state == EffectReading::State::Partial) {
                conclude(i, State::Done, u"done: %1 (after %2)"_s.arg(item.lastReading.note, wait));
                continue;
            }
            conclude(
                i, State::Unknown,
                u"outcome unknown — it was accepted (HTTP %1) but the effect did not show within %2 (%3); "
                "check before retrying"_s.arg(item.result.httpStatus)
                    .arg(wait)
                    .arg(item.lastReading.note.isEmpty() ? u"nothing could be read back"_s : item.lastReading.note));
            continue;
        }
        item.reading = true;
        m_target->readBack(i);
    }
    if (!any)
        m_pollTimer.stop();
}

void ActionPipeline::onRead(int index, const EffectReading &reading)
{
    if (m_abandoned || index < 0 || index >= m_items.size())
        return;
    Item &item = m_items[index];
    item.reading = false;
    if (item.stage != Stage::Verifying)
        return;
    const QString before = item.lastReading.note;
    // A failed read keeps what the last good one saw (the deadline reports that).
    if (reading.state != EffectReading::State::Unreadable || item.lastReading.note.isEmpty())
        item.lastReading = reading;
    if (reading.state == EffectReading::State::Shown)
        return conclude(index, State::Done, u"done: "_s + reading.note);
    if (reading.note != before)
        emit stage(index, u"verifying: "_s + reading.note);
}

void ActionPipeline::conclude(int index, State state, const QString &message)
{
    Item &item = m_items[index];
    if (item.retry)
        item.retry->stop();
    item.result.state = state;
    item.result.message = message;
    item.result.durationMs = item.clock.elapsed();
    item.auditResult = state == State::Done ? AuditResult::Done
        : state == State::Failed            ? AuditResult::Failed
                                            : AuditResult::Unknown;
    setStage(index, Stage::Outcome, u"writing the outcome to the audit log"_s);
    const AuditRecord r = record(index, AuditKind::Outcome);
    AuditWriter *audit = m_settings.audit;
    QMetaObject::invokeMethod(
        audit, [audit, r] { audit->append(r); }, Qt::QueuedConnection);
}

void ActionPipeline::itemDone(int index)
{
    Item &item = m_items[index];
    item.stage = Stage::Finished;
    ++m_done;
    emit itemFinished(item.result);
    emit progress(m_done, m_total);
    finishIfDone();
}

void ActionPipeline::finishIfDone()
{
    if (m_finished)
        return;
    for (const Item &item : std::as_const(m_items))
        if (item.stage != Stage::Finished)
            return;
    m_finished = true;
    m_pollTimer.stop();
    ActionReport report;
    report.cancelled = m_cancelled;
    report.batchId = m_batchId;
    for (const Item &item : std::as_const(m_items))
        report.results.append(item.result);
    if (m_settings.tracker)
        m_settings.tracker->ended(this);
    emit finished(report);
}

} // namespace sagadeck
