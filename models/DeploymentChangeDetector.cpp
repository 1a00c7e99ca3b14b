#include "DeploymentChangeDetector.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString keyOf(const DeploymentInfo &d)
{
    return d.ns + u'/' + d.name;
}

const ManagedFieldsEntry *owner(const DeploymentInfo &d, bool ManagedFieldsEntry::*field)
{
    const ManagedFieldsEntry *best = nullptr;
    for (const ManagedFieldsEntry &e : d.managedFields) {
        if (!(e.*field))
            continue;
        // A scale through /scale may carry no time; any owner beats none, a newer one an older.
        if (!best || (e.time.isValid() && (!best->time.isValid() || e.time > best->time)))
            best = &e;
    }
    return best;
}

DeploymentChange make(DeploymentChange::Kind kind, const DeploymentInfo &d, const QDateTime &at,
                      const ManagedFieldsEntry *who)
{
    DeploymentChange c;
    c.kind = kind;
    c.name = d.name;
    c.ns = d.ns;
    c.at = at;
    c.toReplicas = d.desiredReplicas;
    if (who) {
        c.manager = who->manager;
        c.operation = who->operation;
        c.subresource = who->subresource;
        c.managerTime = who->time;
    }
    return c;
}

} // namespace

const ManagedFieldsEntry *DeploymentChangeDetector::restartOwner(const DeploymentInfo &d)
{
    return owner(d, &ManagedFieldsEntry::ownsRestartedAt);
}

const ManagedFieldsEntry *DeploymentChangeDetector::replicasOwner(const DeploymentInfo &d)
{
    return owner(d, &ManagedFieldsEntry::ownsReplicas);
}

const ManagedFieldsEntry *DeploymentChangeDetector::imageOwner(const DeploymentInfo &d)
{
    return owner(d, &ManagedFieldsEntry::ownsTemplateImage);
}

void DeploymentChangeDetector::reset()
{
    m_previous.clear();
    m_baseline = false;
}

QVector<DeploymentChange> DeploymentChangeDetector::apply(const DeploymentList &current, const QDateTime &seenAt)
{
    QVector<DeploymentChange> out;
    QHash<QString, DeploymentInfo> next;
    for (const DeploymentInfo &d : current) {
        next.insert(keyOf(d), d);
        const auto before = m_previous.constFind(keyOf(d));
        const bool known = before != m_previous.cend();
        if (!known && m_baseline)
            out.append(make(DeploymentChange::Kind::Created, d, d.created.isValid() ? d.created : seenAt, nullptr));
        // First sight (console start or a new deployment): its last restart, whenever it was.
        const bool restarted = d.restartedAt.isValid() && (!known || before->restartedAt != d.restartedAt);
        if (restarted)
            out.append(make(DeploymentChange::Kind::Restart, d, d.restartedAt, restartOwner(d)));
        if (known && before->desiredReplicas != d.desiredReplicas) {
            DeploymentChange c = make(DeploymentChange::Kind::Scale, d, seenAt, replicasOwner(d));
            c.fromReplicas = before->desiredReplicas;
            out.append(c);
        }
        if (known && before->images != d.images && !d.images.isEmpty()) {
            // The API keeps no time for it but the owner's managedFields entry: that, else when seen.
            const ManagedFieldsEntry *who = imageOwner(d);
            DeploymentChange c = make(DeploymentChange::Kind::Image, d, who && who->time.isValid() ? who->time : seenAt,
                                      who);
            c.fromImages = before->images;
            c.toImages = d.images;
            c.revision = d.revision;
            c.changeCause = d.changeCause;
            out.append(c);
        }
    }
    if (m_baseline) {
        for (auto it = m_previous.cbegin(); it != m_previous.cend(); ++it)
            if (!next.contains(it.key()))
                out.append(make(DeploymentChange::Kind::Removed, it.value(), seenAt, nullptr));
    }
    m_previous = next;
    m_baseline = true;
    return out;
}

} // namespace sagadeck
