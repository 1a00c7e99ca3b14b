#include "ActionTracker.h"

#include "ActionPipeline.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

ActionTracker::~ActionTracker()
{
    abandonAll(u"the console ended before it could verify"_s);
}

void ActionTracker::adopt(ActionPipeline *pipeline)
{
    pipeline->setParent(this);
    connect(pipeline, &ActionPipeline::finished, pipeline, &QObject::deleteLater);
}

int ActionTracker::running() const
{
    int n = 0;
    for (const QPointer<ActionPipeline> &p : m_running)
        n += p && p->isRunning();
    return n;
}

QStringList ActionTracker::runningSummaries() const
{
    QStringList out;
    for (const QPointer<ActionPipeline> &p : m_running)
        if (p && p->isRunning())
            out << p->summary();
    return out;
}

QString ActionTracker::runningText() const
{
    const QStringList what = runningSummaries();
    if (what.isEmpty())
        return QString();
    const QString count = what.size() == 1 ? u"1 action running"_s : u"%1 actions running"_s.arg(what.size());
    return count + u" ("_s + what.join(u", "_s) + u')';
}

void ActionTracker::abandonAll(const QString &why)
{
    const QVector<QPointer<ActionPipeline>> running = m_running;
    for (const QPointer<ActionPipeline> &p : running)
        if (p && p->isRunning())
            p->abandon(why);
}

void ActionTracker::started(ActionPipeline *pipeline)
{
    m_running.append(pipeline);
    emit runningChanged(running());
}

void ActionTracker::ended(ActionPipeline *pipeline)
{
    m_running.removeAll(pipeline);
    m_running.removeAll(nullptr);
    emit runningChanged(running());
}

} // namespace sagadeck
