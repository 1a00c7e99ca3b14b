#include "EventTailModel.h"
#include "PlainText.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>

using namespace Qt::StringLiterals;

namespace sagadeck {

EventTailModel::EventTailModel(int capacity, QObject *parent)
    : ColumnTableModel(ColumnCount,
                       {u"Time"_s, u"Partition/offset"_s, u"Saga id"_s, u"Event"_s, u"Step"_s, u"Status"_s},
                       {{SortRole, "sort"}, {SagaIdRole, "sagaId"}, {MalformedRole, "malformed"}}, parent)
    , m_buffer(capacity)
{}

int EventTailModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

QVariant EventTailModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const SagaEvent &e = m_shown.at(index.row());
    switch (role) {
    case SagaIdRole: return e.sagaId;
    case MalformedRole: return e.malformed();
    case Qt::ForegroundRole:
        // A saga id is a link to the Sagas page; a malformed event stands out.
        if (index.column() == SagaId && !e.sagaId.isNull())
            return QBrush(QColor(0x1f, 0x5f, 0xbf));
        if (e.malformed())
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        return {};
    case Qt::FontRole:
        if (index.column() == SagaId && !e.sagaId.isNull()) {
            QFont f;
            f.setUnderline(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole: return plainTooltip(e.malformed() ? e.problem + u"\n"_s + e.raw : e.raw);
    case SortRole:
        if (index.column() == Time)
            return e.timestampMs;
        if (index.column() == Position)
            return e.offset;
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return e.timestampMs < 0 ? QString()
                                     : QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(u"HH:mm:ss.zzz"_s);
        case Position: return u"p%1 @%2"_s.arg(e.partition).arg(e.offset);
        case SagaId: return e.sagaId.isNull() ? e.key : e.sagaId.toString(QUuid::WithoutBraces);
        case Type: return e.malformed() ? u"MALFORMED ("_s + e.problem + u")"_s : e.type;
        case Step: return e.step;
        case Status: return e.status;
        }
    }
    return {};
}

void EventTailModel::insertNewest(int count)
{
    // The buffer's newest `count` events are new; show those that match, then trim the end.
    QVector<SagaEvent> fresh;
    for (int i = 0; i < count && i < m_buffer.events().size(); ++i)
        if (m_filter.matches(m_buffer.events().at(i)))
            fresh.append(m_buffer.events().at(i));
    if (!fresh.isEmpty()) {
        beginInsertRows({}, 0, int(fresh.size() - 1));
        fresh.append(m_shown);
        m_shown = fresh;
        endInsertRows();
    }
    const int cap = m_buffer.capacity();
    if (m_shown.size() > cap) {
        beginRemoveRows({}, cap, int(m_shown.size() - 1));
        m_shown.resize(cap);
        endRemoveRows();
    }
}

void EventTailModel::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    emit problemChanged(m_problem);
}

void EventTailModel::append(const QVector<SagaEvent> &events)
{
    setProblem(QString());
    insertNewest(m_buffer.append(events));
    if (m_buffer.isPaused() && !events.isEmpty())
        emit waitingChanged();
}

void EventTailModel::setPaused(bool paused)
{
    if (paused)
        m_buffer.pause();
    else if (m_buffer.isPaused())
        insertNewest(m_buffer.resume());
}

void EventTailModel::setFilter(const TailFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    m_shown = m_buffer.matching(m_filter);
    endResetModel();
}

void EventTailModel::clear()
{
    beginResetModel();
    m_buffer.clear();
    m_shown.clear();
    endResetModel();
}

} // namespace sagadeck
