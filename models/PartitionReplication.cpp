#include "PartitionReplication.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
void addSorted(QVector<int> *to, int id)
{
    const auto at = std::lower_bound(to->begin(), to->end(), id);
    if (at == to->end() || *at != id)
        to->insert(at, id);
}

// "broker 3 down", "brokers 2, 3 down, broker 1 not in sync": which of `replicas` the metadata
// does not list (down) and which it lists but that are still missing (not in sync).
QString cause(const QVector<int> &replicas, const QVector<int> &brokers)
{
    QVector<int> down, slow;
    for (int b : replicas)
        (brokers.isEmpty() || brokers.contains(b) ? slow : down).append(b);
    auto part = [](const QVector<int> &v, const QString &what) -> QString {
        if (v.isEmpty())
            return QString();
        QStringList s;
        for (int b : v)
            s << QString::number(b);
        return (v.size() == 1 ? u"broker "_s : u"brokers "_s) + s.join(u", "_s) + u' ' + what;
    };
    QStringList parts;
    if (!down.isEmpty())
        parts << part(down, u"down"_s);
    if (!slow.isEmpty())
        parts << part(slow, u"not in sync"_s);
    return parts.join(u", "_s);
}

QVector<int> missing(const QVector<int> &replicas, const QVector<int> &isr)
{
    QVector<int> out;
    for (int r : replicas)
        if (!isr.contains(r))
            out.append(r);
    return out;
}
} // namespace

QString brokerIdsText(const QVector<int> &ids)
{
    QStringList s;
    for (int i : ids)
        s << QString::number(i);
    return s.join(u',');
}

Replication replicationOf(int leader, const QVector<int> &replicas, const QVector<int> &isr)
{
    if (leader < 0)
        return Replication::Leaderless;
    return isr.size() < replicas.size() ? Replication::UnderReplicated : Replication::Ok;
}

QString replicationKey(Replication r)
{
    switch (r) {
    case Replication::Ok: return u"ok"_s;
    case Replication::UnderReplicated: return u"under_replicated"_s;
    case Replication::Leaderless: return u"leaderless"_s;
    }
    return {};
}

QString replicationName(Replication r)
{
    switch (r) {
    case Replication::Ok: return u"ok"_s;
    case Replication::UnderReplicated: return u"under-replicated"_s;
    case Replication::Leaderless: return u"leaderless"_s;
    }
    return {};
}

QString replicationDetail(const TopicPartitionInfo &p, const QVector<int> &brokers)
{
    switch (replicationOf(p.leader, p.replicas, p.isr)) {
    case Replication::Ok: return {};
    case Replication::Leaderless: {
        QVector<int> down;
        if (!brokers.isEmpty())
            for (int r : p.replicas)
                if (!brokers.contains(r))
                    down.append(r);
        const QString why = cause(down, brokers);
        return u"no leader; replicas %1"_s.arg(brokerIdsText(p.replicas))
            + (why.isEmpty() ? QString() : u" ("_s + why + u')');
    }
    case Replication::UnderReplicated: {
        const QString why = cause(missing(p.replicas, p.isr), brokers);
        return u"in sync %1 of %2"_s.arg(brokerIdsText(p.isr), brokerIdsText(p.replicas))
            + (why.isEmpty() ? QString() : u" ("_s + why + u')');
    }
    }
    return {};
}

int ReplicationSummary::leaderless() const
{
    int n = 0;
    for (const TopicReplication &t : topics)
        n += int(t.leaderless.size());
    return n;
}

int ReplicationSummary::underReplicated() const
{
    int n = 0;
    for (const TopicReplication &t : topics)
        n += int(t.underReplicated.size());
    return n;
}

ReplicationSummary ReplicationSummary::of(const QVector<TopicSnapshot> &topics, const QVector<int> &brokers)
{
    ReplicationSummary s;
    s.brokers = brokers;
    std::sort(s.brokers.begin(), s.brokers.end());
    for (const TopicSnapshot &t : topics) {
        TopicReplication tr;
        tr.topic = t.name;
        for (const TopicPartitionInfo &p : t.partitions) {
            ++s.partitions;
            if (!brokers.isEmpty())
                for (int r : p.replicas)
                    if (!brokers.contains(r))
                        addSorted(&s.m_down, r);
            switch (replicationOf(p.leader, p.replicas, p.isr)) {
            case Replication::Ok: break;
            case Replication::Leaderless:
                tr.leaderless.append(p.partition);
                if (!brokers.isEmpty())
                    for (int r : p.replicas)
                        if (!brokers.contains(r))
                            addSorted(&tr.leaderlessDown, r);
                break;
            case Replication::UnderReplicated:
                tr.underReplicated.append(p.partition);
                for (int r : missing(p.replicas, p.isr))
                    addSorted(&tr.missingFromIsr, r);
                break;
            }
        }
        if (!tr.leaderless.isEmpty() || !tr.underReplicated.isEmpty())
            s.topics.append(tr);
    }
    std::sort(s.topics.begin(), s.topics.end(),
              [](const TopicReplication &a, const TopicReplication &b) { return a.topic < b.topic; });
    return s;
}

QString ReplicationSummary::brief() const
{
    const int l = leaderless(), u = underReplicated();
    if (l == 0 && u == 0)
        return {};
    QStringList counts;
    if (l > 0)
        counts << u"%1 leaderless"_s.arg(l);
    if (u > 0)
        counts << u"%1 under-replicated"_s.arg(u);
    const QString what = counts.join(u", "_s) + (l + u == 1 ? u" partition"_s : u" partitions"_s);
    const QString down = m_down.isEmpty() ? QString() : cause(m_down, brokers);
    return down.isEmpty() ? what : down + u": "_s + what;
}

QString ReplicationSummary::sentence() const
{
    QStringList out;
    for (const TopicReplication &t : topics) {
        auto count = [&t](qsizetype n) {
            return u"%1 partition%2 of %3"_s.arg(n).arg(n == 1 ? QString() : u"s"_s, t.topic);
        };
        QString s;
        QString said;
        if (!t.leaderless.isEmpty()) {
            said = cause(t.leaderlessDown, brokers);
            s = count(t.leaderless.size()) + u" leaderless"_s + (said.isEmpty() ? QString() : u" ("_s + said + u')');
        }
        if (!t.underReplicated.isEmpty()) {
            const QString why = cause(t.missingFromIsr, brokers);
            s += s.isEmpty() ? count(t.underReplicated.size()) + u" under-replicated"_s
                             : u", %1 under-replicated"_s.arg(t.underReplicated.size());
            if (!why.isEmpty() && why != said)
                s += u" ("_s + why + u')';
        }
        out << s;
    }
    return out.join(u"; "_s);
}

} // namespace sagadeck
