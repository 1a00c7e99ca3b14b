#include "DatabaseActivityStore.h"

#include "PlainText.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString oneLine(const QString &text)
{
    QString s = text.simplified();
    return s;
}

QString millis(double ms)
{
    return QLocale::c().toString(ms, 'f', ms >= 100 ? 0 : 2);
}

} // namespace

RunningQueryModel::RunningQueryModel(QObject *parent)
    : SnapshotTableModel(
        ColumnCount,
        {u"PID"_s, u"User"_s, u"Application"_s, u"Client"_s, u"State"_s, u"Running for"_s, u"Waiting on"_s, u"Query"_s},
        {{PidRole, "pid"}, {LongRunningRole, "longRunning"}}, parent)
{
    qRegisterMetaType<DatabaseActivity>();
}

void RunningQueryModel::setRows(const QVector<RunningQuery> &rows, int thresholdS)
{
    const bool thresholdChanged = thresholdS != m_thresholdS;
    m_thresholdS = thresholdS;
    replaceRows(rows, thresholdChanged);
}

int RunningQueryModel::rowOfPid(int pid) const
{
    return findRow([pid](const RunningQuery &q) { return q.pid == pid; });
}

QVariant RunningQueryModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const RunningQuery &q = rowAt(index);
    const bool longRunning = isLongRunning(q, m_thresholdS);
    switch (role) {
    case PidRole: return q.pid;
    case LongRunningRole: return longRunning;
    case Qt::ToolTipRole:
        if (index.column() == Query)
            return plainTooltip(
                q.queryChars > q.query.size() ? q.query + u"\n… (%1 characters in all)"_s.arg(q.queryChars) : q.query);
        if (index.column() == RunningFor && longRunning)
            return u"running longer than %1 (postgres.long_query_after_s)"_s.arg(runningForText(m_thresholdS));
        return {};
    case SortRole:
        switch (index.column()) {
        case Pid: return q.pid;
        case RunningFor: return q.runningS;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Pid: return QString::number(q.pid);
        case User: return q.user;
        case Application: return q.application;
        case Client: return clientText(q.clientAddr);
        case State: return q.state;
        case RunningFor: return QString((longRunning ? u"▲ "_s : QString()) + runningForText(q.runningS));
        case Wait: return q.waitEvent;
        case Query: return oneLine(q.query).left(300);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Pid || index.column() == RunningFor)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

SlowStatementModel::SlowStatementModel(QObject *parent)
    : SnapshotTableModel(ColumnCount,
                         {u"Mean ms"_s, u"Total ms"_s, u"Calls"_s, u"Rows"_s, u"User"_s, u"Query id"_s, u"Query"_s}, {},
                         parent)
{}

QVariant SlowStatementModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const SlowStatement &s = rowAt(index);
    switch (role) {
    case Qt::ToolTipRole:
        if (index.column() == Query)
            return plainTooltip(
                s.queryChars > s.query.size() ? s.query + u"\n… (%1 characters in all)"_s.arg(s.queryChars) : s.query);
        return {};
    case SortRole:
        switch (index.column()) {
        case MeanMs: return s.meanMs;
        case TotalMs: return s.totalMs;
        case Calls: return s.calls;
        case Rows: return s.rows;
        case QueryId: return s.queryId;
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case MeanMs: return millis(s.meanMs);
        case TotalMs: return millis(s.totalMs);
        case Calls: return QString::number(s.calls);
        case Rows: return QString::number(s.rows);
        case User: return s.user;
        case QueryId: return QString::number(s.queryId);
        case Query: return oneLine(s.query).left(300);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() <= Rows)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

DatabaseActivityStore::DatabaseActivityStore(QObject *parent)
    : QObject(parent)
    , m_running(new RunningQueryModel(this))
    , m_byMean(new SlowStatementModel(this))
    , m_byTotal(new SlowStatementModel(this))
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_pending == 0) // one question out at a time: a slow server is not asked twice
            refresh();
    });
}

void DatabaseActivityStore::start(int refreshMs, int thresholdS)
{
    setThresholdS(thresholdS);
    m_refreshMs = std::max(500, refreshMs);
    m_pending = 0;
    setWanted(m_wanted);
}

void DatabaseActivityStore::stop()
{
    m_timer.stop();
    m_refreshMs = 0;
    m_pending = 0;
}

void DatabaseActivityStore::setWanted(bool wanted)
{
    m_wanted = wanted;
    if (!m_wanted || m_refreshMs == 0) {
        m_timer.stop();
        return;
    }
    if (!m_timer.isActive()) {
        m_timer.start(m_refreshMs);
        refresh();
    }
}

void DatabaseActivityStore::clear()
{
    stop();
    m_activity = {};
    m_error.clear();
    m_running->setRows({}, m_thresholdS);
    m_byMean->setRows({});
    m_byTotal->setRows({});
    emit changed();
}

void DatabaseActivityStore::setThresholdS(int seconds)
{
    m_thresholdS = seconds > 0 ? seconds : kDefaultLongQueryAfterS;
    m_running->setRows(m_activity.running, m_thresholdS);
}

void DatabaseActivityStore::refresh()
{
    if (m_refreshMs == 0)
        return; // no session: nobody would answer
    m_pending = m_next++;
    emit requested(m_pending);
}

void DatabaseActivityStore::apply(quint64 requestId, const DatabaseActivity &activity)
{
    if (requestId != 0 && requestId != m_pending)
        return; // an answer to an older question
    m_pending = 0;
    m_activity = activity;
    m_error.clear();
    m_running->setRows(activity.running, m_thresholdS);
    m_byMean->setRows(activity.byMean);
    m_byTotal->setRows(activity.byTotal);
    emit changed();
}

void DatabaseActivityStore::applyError(quint64 requestId, const QString &error)
{
    if (requestId != 0 && requestId != m_pending)
        return;
    m_pending = 0;
    m_error = error; // what was read before stays, with its age
    emit changed();
}

} // namespace sagadeck
