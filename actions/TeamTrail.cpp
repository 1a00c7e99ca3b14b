#include "TeamTrail.h"

#include "AuditActionJoin.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString recordKey(const AuditRecord &r)
{
    return r.actionId.toString() + u'/' + auditKindName(r.kind);
}

void sortByTime(QVector<AuditRecord> &records)
{
    std::stable_sort(records.begin(), records.end(),
                     [](const AuditRecord &a, const AuditRecord &b) { return a.at < b.at; });
}

} // namespace

QString shortAge(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 120)
        return u"%1 s"_s.arg(seconds);
    if (seconds < 2 * 3600)
        return u"%1 min"_s.arg(seconds / 60);
    return u"%1 h"_s.arg(seconds / 3600);
}

TeamTrail::TeamTrail(const QString &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
{}

void TeamTrail::setProfile(const QString &profile)
{
    if (profile == m_profile)
        return;
    m_profile = profile;
    m_records.clear();
    m_seen.clear();
    m_readerLive = false;
    m_readerProblem = kNotStarted;
    m_publisherWaiting = 0;
    m_publisherProblem.clear();
    emit changed();
}

void TeamTrail::setPublisherStatus(int waiting, const QString &problem)
{
    if (waiting == m_publisherWaiting && problem == m_publisherProblem)
        return;
    m_publisherWaiting = waiting;
    m_publisherProblem = problem;
    emit changed();
}

QString TeamTrail::healthText() const
{
    QString text = m_readerLive ? u"Team trail: live"_s : u"Team trail: not read — "_s + m_readerProblem;
    if (m_publisherWaiting > 0)
        text += u" · %1 of this console's records not yet published%2"_s.arg(m_publisherWaiting)
                    .arg(m_publisherProblem.isEmpty() ? QString() : u" (%1)"_s.arg(m_publisherProblem));
    else if (!m_publisherProblem.isEmpty())
        text += u" · "_s + m_publisherProblem;
    return text;
}

void TeamTrail::addEncoded(const QByteArrayList &values)
{
    QVector<AuditRecord> records;
    for (const QByteArray &value : values)
        if (auto r = AuditRecord::fromJson(QJsonDocument::fromJson(value).object(), nullptr))
            records.append(*r);
    add(records);
}

void TeamTrail::add(const QVector<AuditRecord> &records)
{
    bool added = false;
    for (const AuditRecord &r : records) {
        const QString key = recordKey(r);
        if (m_seen.contains(key))
            continue;
        m_seen.insert(key);
        m_records.append(r);
        added = true;
    }
    if (!added)
        return;
    sortByTime(m_records);
    emit changed();
}

void TeamTrail::setReaderProblem(const QString &problem)
{
    const bool live = problem.isEmpty();
    if (live == m_readerLive && problem == m_readerProblem)
        return;
    m_readerLive = live;
    m_readerProblem = problem;
    emit changed();
}

QVector<AuditRecord> TeamTrail::mergedWith(const QVector<AuditRecord> &local) const
{
    QVector<AuditRecord> out = local;
    QSet<QString> have;
    for (const AuditRecord &r : local)
        have.insert(recordKey(r));
    for (const AuditRecord &r : m_records)
        if (!have.contains(recordKey(r)))
            out.append(r);
    sortByTime(out);
    return out;
}

QVector<ConsoleAction> TeamTrail::actions() const
{
    return joinAuditRecords(m_records);
}

QVector<ConsoleAction> TeamTrail::inFlight(const QDateTime &now) const
{
    QVector<ConsoleAction> out;
    for (const ConsoleAction &a : actions())
        if (a.result.isEmpty() && a.at.isValid() && a.at.secsTo(now) < kInFlightLimitS)
            out.append(a);
    std::sort(out.begin(), out.end(), [](const ConsoleAction &a, const ConsoleAction &b) { return a.at > b.at; });
    return out;
}

std::optional<ConsoleAction> TeamTrail::inFlightOn(const QString &kind, const QString &ns, const QString &name,
                                                   const QDateTime &now) const
{
    for (const ConsoleAction &a : inFlight(now))
        if (a.targetKind == kind && a.targetName == name && (ns.isEmpty() || a.ns.isEmpty() || a.ns == ns))
            return a;
    return std::nullopt;
}

QString TeamTrail::conflictFor(const ActionTargets &targets, const QDateTime &now) const
{
    QString first;
    int more = 0;
    for (const QString &name : targets.names) {
        const auto other = inFlightOn(targets.kind, targets.ns, name, now);
        if (!other)
            continue;
        if (first.isEmpty())
            first = conflictText(*other, now);
        else
            ++more;
    }
    if (more > 0)
        first += u" %1 more of these targets have an action in flight too."_s.arg(more);
    return first;
}

QString TeamTrail::inFlightText(const ConsoleAction &a, const QDateTime &now)
{
    const QString who = a.osUser.isEmpty() ? u"someone"_s : a.osUser;
    return u"%1 %2 by %3, %4, running"_s.arg(a.targetName, a.verb, who, shortAge(a.at.secsTo(now)));
}

QString TeamTrail::conflictText(const ConsoleAction &a, const QDateTime &now)
{
    const QString who = a.osUser.isEmpty() ? u"someone"_s : a.osUser;
    QString text = u"%1: %2 by %3 started %4 ago and has no outcome yet"_s.arg(a.targetName, a.verb, who,
                                                                               shortAge(a.at.secsTo(now)));
    if (!a.reason.isEmpty())
        text += u" (reason: %1)"_s.arg(a.reason);
    return text + u"."_s;
}

} // namespace sagadeck
