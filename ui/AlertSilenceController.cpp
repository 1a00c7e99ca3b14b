#include "AlertSilenceController.h"

#include "ActionId.h"
#include "AlertSilenceDialog.h"
#include "AlertTableModel.h"
#include "AuditWriter.h"
#include "MetricsDashboard.h"
#include "MetricsPage.h"
#include "SilenceStateFile.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

quint64 AlertSilenceController::s_nextRequest = 1;

namespace {
QJsonObject labelsJson(const AlertLabels &labels)
{
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}
} // namespace

AlertSilenceController::AlertSilenceController(ContextProvider context, AlertSilences *silences, MetricsPage *page,
                                               QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_silences(silences)
    , m_page(page)
{
    AuditWriter::registerMetaTypes();
    SilenceStateFile::registerMetaTypes();
    if (!m_page)
        return;
    connect(m_page, &MetricsPage::silenceRequested, this, &AlertSilenceController::openDialog);
    connect(m_page, &MetricsPage::unsilenceRequested, this, &AlertSilenceController::askUnsilence);
    connect(this, &AlertSilenceController::finished, m_page, &MetricsPage::showNotice);
    m_page->setSilenceRefusal(refusal());
}

QString AlertSilenceController::refusal() const
{
    const ActionContext c = m_context();
    if (c.readOnly)
        return u"Silencing is refused: "_s + c.readOnlyWhy;
    if (!c.audit)
        return u"Silencing is refused: no audit log to record it in"_s;
    if (!c.silenceState || !m_silences)
        return u"Silencing is refused: no state file to keep the silence in"_s;
    return {};
}

void AlertSilenceController::wire(const ActionContext &c)
{
    if (c.audit && m_wiredAudit != c.audit) {
        connect(c.audit, &AuditWriter::appended, this, &AlertSilenceController::onAudit);
        m_wiredAudit = c.audit;
    }
    if (c.silenceState && m_wiredState != c.silenceState) {
        connect(c.silenceState, &SilenceStateFile::stored, this, &AlertSilenceController::onStored);
        m_wiredState = c.silenceState;
    }
}

void AlertSilenceController::openDialog(const QString &rule, const AlertLabels &labels)
{
    const QString refused = refusal();
    if (!refused.isEmpty()) {
        emit finished(refused, false);
        return;
    }
    AlertSilenceDialog::Target target;
    target.rule = rule;
    target.labels = labels;
    target.value = std::numeric_limits<double>::quiet_NaN();
    const AlertTableModel *table = m_page->dashboard()->alerts();
    if (const AlertTracker *t = table->tracker(rule))
        if (const AlertInstance *i = t->instance(labels)) {
            target.state = i->state;
            target.value = i->value;
        }
    if (const auto current = table->silence(rule, labels))
        target.currentSilence = current->text(m_silences->now());
    if (m_dialog)
        m_dialog->deleteLater();
    m_dialog = new AlertSilenceDialog(target, currentOsUser(), m_context().profile, m_page);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this,
            [this, rule, labels, d = m_dialog] { silence(rule, labels, d->durationS(), d->reason()); });
    m_dialog->open();
}

void AlertSilenceController::askUnsilence(const QString &silenceId)
{
    const QString refused = refusal();
    if (!refused.isEmpty()) {
        emit finished(refused, false);
        return;
    }
    QString instance;
    for (const AlertSilence &s : m_silences->activeAll())
        if (s.id == silenceId)
            instance = s.instance() + u" ("_s + s.text(m_silences->now()) + u')';
    if (instance.isEmpty())
        return;
    // Its own small dialog, not QInputDialog: the instance's labels come from the watched
    // system and are shown as plain text only.
    QDialog ask(m_page);
    ask.setWindowTitle(u"Unsilence"_s);
    auto *layout = new QVBoxLayout(&ask);
    auto *question = new QLabel(
        u"End the silence of %1 now? While it fires it notifies and turns the war-room wall again."_s.arg(instance),
        &ask);
    question->setTextFormat(Qt::PlainText);
    question->setWordWrap(true);
    auto *reason = new QLineEdit(&ask);
    reason->setPlaceholderText(u"Why (optional): e.g. handled, provider is back"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
    buttons->button(QDialogButtonBox::Ok)->setText(u"Unsilence"_s);
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    layout->addWidget(question);
    layout->addWidget(reason);
    layout->addWidget(buttons);
    if (ask.exec() == QDialog::Accepted)
        unsilence(silenceId, reason->text().trimmed().isEmpty() ? u"ended early"_s : reason->text().trimmed());
}

bool AlertSilenceController::silence(const QString &rule, const AlertLabels &labels, qint64 durationS,
                                     const QString &reason)
{
    const ActionContext c = m_context();
    QString refused = refusal();
    if (refused.isEmpty() && reason.trimmed().isEmpty())
        refused = u"Not silenced: a reason is required"_s;
    if (refused.isEmpty() && durationS <= 0)
        refused = u"Not silenced: the duration must be positive"_s;
    if (!refused.isEmpty()) {
        emit finished(refused, false);
        return false;
    }
    Pending p;
    const QDateTime now = m_silences->now();
    p.silence.id = AlertSilence::newId();
    p.silence.rule = rule;
    p.silence.labels = labels;
    p.silence.by = currentOsUser();
    p.silence.reason = reason.trimmed();
    p.silence.start = now;
    p.silence.until = now.addSecs(durationS);
    p.intent.verb = u"silence"_s;
    p.intent.reason = p.silence.reason;
    p.intent.parameters = {{u"silence_id"_s, p.silence.id},
                           {u"rule"_s, rule},
                           {u"labels"_s, labelsJson(labels)},
                           {u"duration_s"_s, durationS},
                           {u"until"_s, p.silence.until.toString(Qt::ISODateWithMs)}};
    return start(c, p);
}

bool AlertSilenceController::unsilence(const QString &silenceId, const QString &reason)
{
    const ActionContext c = m_context();
    const QString refused = refusal();
    if (!refused.isEmpty()) {
        emit finished(refused, false);
        return false;
    }
    Pending p;
    p.unsilence = true;
    for (const AlertSilence &s : m_silences->activeAll())
        if (s.id == silenceId)
            p.silence = s;
    if (p.silence.id.isEmpty()) {
        emit finished(u"Nothing to unsilence: that silence has ended already"_s, false);
        return false;
    }
    p.intent.verb = u"unsilence"_s;
    p.intent.reason = reason;
    p.intent.parameters = {{u"silence_id"_s, p.silence.id},
                           {u"rule"_s, p.silence.rule},
                           {u"labels"_s, labelsJson(p.silence.labels)},
                           {u"silenced_by"_s, p.silence.by},
                           {u"was_until"_s, p.silence.until.toString(Qt::ISODateWithMs)}};
    return start(c, p);
}

bool AlertSilenceController::start(const ActionContext &c, Pending p)
{
    wire(c);
    AuditRecord &r = p.intent;
    r.kind = AuditKind::Intent;
    r.actionId = ActionId::create();
    r.at = QDateTime::currentDateTimeUtc();
    r.osUser = currentOsUser();
    r.profile = c.profile;
    r.identity = r.osUser; // local to the console: nobody else is asked
    r.target = {c.profile, QString(), u"alert"_s, p.silence.instance()};
    m_pending.insert(r.actionId.toString(), p);
    QMetaObject::invokeMethod(c.audit, "append", Qt::QueuedConnection, Q_ARG(sagadeck::AuditRecord, r));
    return true;
}

void AlertSilenceController::onAudit(const AuditRecord &record, const QString &error)
{
    if (record.kind != AuditKind::Intent)
        return; // an outcome: the request had ended already (its failure to write is reported below)
    const auto it = m_pending.find(record.actionId.toString());
    if (it == m_pending.end())
        return;
    Pending &p = *it;
    if (!error.isEmpty()) {
        // Nothing was silenced: no record, no silence (as no request leaves without its intent).
        const Pending gone = p;
        m_pending.erase(it);
        emit finished(u"Not %1: the audit log could not be written: %2"_s.arg(
                          gone.unsilence ? u"unsilenced"_s : u"silenced"_s, error),
                      false);
        return;
    }
    const ActionContext c = m_context();
    if (!c.silenceState) {
        const Pending gone = p;
        m_pending.erase(it);
        finish(gone, false, u"no state file to keep the silence in"_s);
        return;
    }
    wire(c);
    p.stateRequest = s_nextRequest++;
    if (p.unsilence)
        QMetaObject::invokeMethod(c.silenceState, "expire", Qt::QueuedConnection, Q_ARG(quint64, p.stateRequest),
                                  Q_ARG(QString, p.intent.profile), Q_ARG(QString, p.silence.id));
    else
        QMetaObject::invokeMethod(c.silenceState, "add", Qt::QueuedConnection, Q_ARG(quint64, p.stateRequest),
                                  Q_ARG(QString, p.intent.profile), Q_ARG(sagadeck::AlertSilence, p.silence));
}

void AlertSilenceController::onStored(quint64 requestId, const QString &profile, const QVector<AlertSilence> &silences,
                                      const QString &error)
{
    if (requestId == 0)
        return; // a load: the console applies it
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it->stateRequest != requestId)
            continue;
        const Pending p = *it;
        m_pending.erase(it);
        // What the file holds now is what applies (another console's silences included).
        if (m_silences && error.isEmpty() && profile == m_silences->profile())
            m_silences->replace(silences);
        if (!error.isEmpty())
            finish(p, false, u"the state file could not be written: "_s + error);
        else if (p.unsilence)
            finish(p, true, u"Unsilenced %1: it notifies again while it fires"_s.arg(p.silence.instance()));
        else
            finish(p, true,
                   u"Silenced %1: %2"_s.arg(p.silence.instance(), p.silence.text(QDateTime::currentDateTimeUtc())));
        return;
    }
}

void AlertSilenceController::finish(const Pending &p, bool ok, const QString &message)
{
    AuditRecord outcome = p.intent;
    outcome.kind = AuditKind::Outcome;
    outcome.at = QDateTime::currentDateTimeUtc();
    outcome.result = ok ? AuditResult::Done : AuditResult::Failed;
    outcome.message = message;
    outcome.durationMs = p.intent.at.msecsTo(outcome.at);
    const ActionContext c = m_context();
    if (c.audit)
        QMetaObject::invokeMethod(c.audit, "append", Qt::QueuedConnection, Q_ARG(sagadeck::AuditRecord, outcome));
    emit finished(ok ? message : (p.unsilence ? u"Not unsilenced: "_s : u"Not silenced: "_s) + message, ok);
}

} // namespace sagadeck
