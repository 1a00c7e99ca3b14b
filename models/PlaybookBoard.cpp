#include "PlaybookBoard.h"

#include "AlertTableModel.h"
#include "MetricsDashboard.h"

#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// Which instances raised a playbook: "SagaFailureRate{saga_type=order-fulfillment}, ...", each
// silenced one with its silence; `allSilenced` when every firing instance is silenced.
QString firingInstances(const AlertTracker &t, const AlertTableModel &table, bool *allSilenced)
{
    QStringList names;
    int silenced = 0;
    for (const AlertInstance &i : t.instances()) {
        if (i.state != AlertState::Firing)
            continue;
        QString name = alertInstanceName(t.rule().name, i.labels);
        if (const auto s = table.silence(t.rule().name, i.labels)) {
            name += u" ("_s + s->text(table.silences()->now()) + u')';
            ++silenced;
        }
        names << name;
    }
    *allSilenced = !names.isEmpty() && silenced == names.size();
    return names.isEmpty() ? t.rule().name : names.join(u", "_s);
}
const QString kTag = u"playbook:"_s;

QString tagFor(int playbook, QChar part, int index)
{
    return kTag + QString::number(playbook) + u':' + part + u':' + QString::number(index);
}
} // namespace

PlaybookBoard::PlaybookBoard(const MetricsDashboard *alerts, QObject *parent)
    : QObject(parent)
    , m_alerts(alerts)
    , m_timer(new QTimer(this))
    , m_pgTimer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &PlaybookBoard::evaluate);
    m_pgTimer->setInterval(pgIntervalMs);
    connect(m_pgTimer, &QTimer::timeout, this, &PlaybookBoard::refreshPostgres);
    if (m_alerts) {
        connect(m_alerts, &MetricsDashboard::transitionOccurred, this, &PlaybookBoard::onAlertTransition);
        connect(m_alerts->alerts(), &AlertTableModel::silencesChanged, this, [this] {
            for (int i = 0; i < m_playbooks.size(); ++i)
                followSilences(i);
        });
    }
}

void PlaybookBoard::start(int intervalMs, const QVector<Playbook> &playbooks, const QString &error)
{
    m_playbooks = playbooks;
    m_error = error;
    m_live.clear();
    for (const Playbook &p : m_playbooks) {
        PlaybookLive l;
        l.symptoms.resize(p.symptoms.size());
        l.pendingSymptom.resize(p.symptoms.size());
        l.tables.resize(p.investigations.size());
        m_live.append(l);
    }
    m_running = true;
    m_timer->start(std::max(1000, intervalMs));
    m_pgTimer->start();
    emit changed();
    evaluate();
    refreshPostgres();
}

void PlaybookBoard::stop()
{
    m_running = false;
    m_timer->stop();
    m_pgTimer->stop();
}

void PlaybookBoard::clear()
{
    stop();
    m_playbooks.clear();
    m_live.clear();
    m_error.clear();
    m_lastEval = QDateTime();
    m_activity = {};
    m_failed = {};
    emit changed();
}

int PlaybookBoard::indexOf(const QString &id) const
{
    for (int i = 0; i < m_playbooks.size(); ++i)
        if (m_playbooks.at(i).id == id)
            return i;
    return -1;
}

PlaybookStatus PlaybookBoard::status(int index) const
{
    const PlaybookLive &l = m_live.at(index);
    return playbookStatus(l.raise, l.symptoms);
}

int PlaybookBoard::raisedCount() const
{
    return int(std::count_if(m_live.cbegin(), m_live.cend(), [](const PlaybookLive &l) { return l.raise.raised; }));
}

QVector<int> PlaybookBoard::order() const
{
    QVector<int> out;
    for (int i = 0; i < m_playbooks.size(); ++i)
        out << i;
    std::stable_sort(out.begin(), out.end(), [this](int a, int b) {
        const RaiseState &x = m_live.at(a).raise;
        const RaiseState &y = m_live.at(b).raise;
        if (x.raised != y.raised)
            return x.raised;
        return x.raised && x.at > y.at;
    });
    return out;
}

bool PlaybookBoard::evaluatedOnce() const
{
    for (const PlaybookLive &l : m_live)
        for (const SymptomReading &r : l.symptoms)
            if (r.state == SymptomReading::State::Unevaluated)
                return false;
    return !m_live.isEmpty();
}

bool PlaybookBoard::answeredOnce() const
{
    if (!evaluatedOnce())
        return false;
    if (m_visible && m_onScreen < 0)
        return false; // the page has not picked the playbook it shows yet
    for (const PlaybookLive &l : m_live)
        for (int j = 0; j < l.tables.size(); ++j)
            if (l.tables.at(j).pendingId != 0 && !l.tables.at(j).answered)
                return false;
    auto answered = [](const auto &a) { return a.has || !a.error.isEmpty(); };
    if (wantsOnScreen(InvestigationKind::PgActivity) && !answered(m_activity))
        return false;
    if (wantsOnScreen(InvestigationKind::FailedSagas) && !answered(m_failed))
        return false;
    return true;
}

void PlaybookBoard::evaluate()
{
    if (!m_running)
        return;
    syncWithAlerts();
    for (int i = 0; i < m_playbooks.size(); ++i) {
        const Playbook &p = m_playbooks.at(i);
        PlaybookLive &l = m_live[i];
        for (int j = 0; j < p.symptoms.size(); ++j) {
            PromRequest r;
            r.id = m_nextId++;
            r.kind = PromRequest::Kind::Instant;
            r.tag = tagFor(i, u's', j);
            r.query = p.symptoms.at(j).query;
            l.pendingSymptom[j] = r.id;
            emit requested(r);
        }
        for (int j = 0; j < p.investigations.size(); ++j) {
            if (p.investigations.at(j).kind != InvestigationKind::PromByLabel)
                continue;
            PromRequest r;
            r.id = m_nextId++;
            r.kind = PromRequest::Kind::Instant;
            r.tag = tagFor(i, u'i', j);
            r.query = p.investigations.at(j).query;
            l.tables[j].pendingId = r.id;
            emit requested(r);
        }
    }
}

void PlaybookBoard::applyAnswer(const PromAnswer &a)
{
    if (!a.request.tag.startsWith(kTag))
        return;
    const QStringList parts = a.request.tag.mid(kTag.size()).split(u':');
    if (parts.size() != 3)
        return;
    const int i = parts.at(0).toInt();
    const int j = parts.at(2).toInt();
    if (i < 0 || i >= m_playbooks.size())
        return;
    const Playbook &p = m_playbooks.at(i);
    PlaybookLive &l = m_live[i];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (parts.at(1) == u"s"_s && j >= 0 && j < p.symptoms.size()) {
        if (l.pendingSymptom.at(j) != a.request.id)
            return; // late: a newer evaluation was asked for
        l.symptoms[j] = evaluateSymptom(p.symptoms.at(j), a, now);
        m_lastEval = now;
        if (j == 0) {
            RaiseState s = l.raise;
            const bool moved = applyFirstSymptom(s, p, l.symptoms.at(0));
            setRaise(i, s, moved);
        }
        emit changed();
    } else if (parts.at(1) == u"i"_s && j >= 0 && j < p.investigations.size()) {
        PromTable &t = l.tables[j];
        if (t.pendingId != a.request.id)
            return;
        t.answered = true;
        if (!a.ok()) {
            t.error = a.error; // the old rows stay, and the page says how old they are
        } else {
            t.error.clear();
            t.rows.clear();
            const QString label = p.investigations.at(j).label;
            for (const PromSeries &s : a.series)
                t.rows.append({s.labels.value(label, u"(none)"_s),
                               s.points.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : s.points.last().v});
            std::sort(t.rows.begin(), t.rows.end(), [](const auto &x, const auto &y) {
                const bool xn = std::isnan(x.second), yn = std::isnan(y.second);
                return xn != yn ? yn : (!xn && x.second > y.second) || (xn && x.first < y.first);
            });
            t.lastSuccess = now;
        }
        emit changed();
    }
}

void PlaybookBoard::onAlertTransition(const AlertTransition &t)
{
    // A playbook follows its rule, which fires while any instance fires: one service's instance
    // going back to Normal lowers nothing while another still fires.
    const AlertTracker *tracker = m_alerts ? m_alerts->alerts()->tracker(t.rule) : nullptr;
    const AlertState ruleState = tracker ? tracker->state() : t.to;
    for (int i = 0; i < m_playbooks.size(); ++i) {
        RaiseState s = m_live.at(i).raise;
        if (applyAlertState(s, m_playbooks.at(i), t.rule, ruleState, t.at)) {
            if (s.raised && tracker)
                s.by = firingInstances(*tracker, *m_alerts->alerts(), &s.silenced);
            setRaise(i, s, true);
        } else if (m_playbooks.at(i).alert == t.rule) {
            followSilences(i); // another instance fires, or one is back to Normal
        }
    }
}

void PlaybookBoard::followSilences(int index)
{
    RaiseState s = m_live.at(index).raise;
    const QString rule = m_playbooks.at(index).alert;
    const AlertTracker *t = m_alerts && !rule.isEmpty() ? m_alerts->alerts()->tracker(rule) : nullptr;
    if (!s.raised || !t)
        return;
    const bool wasSilenced = s.silenced;
    s.by = firingInstances(*t, *m_alerts->alerts(), &s.silenced);
    if (s.by == m_live.at(index).raise.by && s.silenced == wasSilenced)
        return;
    m_live[index].raise = s;
    emit changed();
    if (wasSilenced && !s.silenced)
        emit attentionNeeded(index);
}

void PlaybookBoard::syncWithAlerts()
{
    // A rule that was already Firing when the playbooks were loaded sent no transition.
    if (!m_alerts)
        return;
    for (int i = 0; i < m_playbooks.size(); ++i) {
        const QString rule = m_playbooks.at(i).alert;
        const AlertTracker *t = rule.isEmpty() ? nullptr : m_alerts->alerts()->tracker(rule);
        if (!t || !t->lastEvaluated().isValid())
            continue;
        RaiseState s = m_live.at(i).raise;
        if (applyAlertState(s, m_playbooks.at(i), rule, t->state(), t->since())) {
            if (s.raised)
                s.by = firingInstances(*t, *m_alerts->alerts(), &s.silenced);
            setRaise(i, s, true);
        }
    }
}

void PlaybookBoard::setRaise(int index, const RaiseState &state, bool changedRaise)
{
    m_live[index].raise = state;
    if (!changedRaise)
        return;
    emit raisedChanged(index, state.raised);
    emit changed();
    if (state.raised && !state.silenced)
        emit attentionNeeded(index);
}

bool PlaybookBoard::wantsOnScreen(InvestigationKind kind) const
{
    return m_running && m_visible && m_onScreen >= 0 && m_onScreen < m_playbooks.size()
        && m_playbooks.at(m_onScreen).shows(kind);
}

void PlaybookBoard::setOnScreen(bool visible, int index)
{
    const bool before = wantsOnScreen(InvestigationKind::PgActivity) || wantsOnScreen(InvestigationKind::FailedSagas);
    m_visible = visible;
    m_onScreen = index;
    const bool now = wantsOnScreen(InvestigationKind::PgActivity) || wantsOnScreen(InvestigationKind::FailedSagas);
    if (now && !before)
        refreshPostgres(); // at once, not up to 5 s later
}

void PlaybookBoard::refreshPostgres()
{
    if (wantsOnScreen(InvestigationKind::PgActivity)) {
        m_activity.pendingId = m_nextId++;
        emit activityRequested(m_activity.pendingId);
    }
    if (wantsOnScreen(InvestigationKind::FailedSagas)) {
        m_failed.pendingId = m_nextId++;
        emit failedSagasRequested(m_failed.pendingId);
    }
}

void PlaybookBoard::applyActivity(quint64 requestId, const PgActivity &activity)
{
    if (m_activity.accept(requestId, activity))
        emit changed();
}

void PlaybookBoard::applyActivityError(quint64 requestId, const QString &error)
{
    if (m_activity.reject(requestId, error))
        emit changed();
}

void PlaybookBoard::applyFailedSagas(quint64 requestId, const FailedSagas &sagas)
{
    if (m_failed.accept(requestId, sagas))
        emit changed();
}

void PlaybookBoard::applyFailedSagasError(quint64 requestId, const QString &error)
{
    if (m_failed.reject(requestId, error))
        emit changed();
}

} // namespace sagadeck
