#pragma once

#include "ColumnTableModel.h"
#include "EventTailBuffer.h"

namespace sagadeck {

// The live tail of saga-events, newest first, capped, with pause/resume and a filter. New
// events are inserted at the top (beginInsertRows) and the oldest rows removed at the bottom.
class EventTailModel : public ColumnTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Position,
        SagaId,
        Type,
        Step,
        Status,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        SagaIdRole,    // QUuid (null for malformed events)
        MalformedRole, // bool
    };
    Q_ENUM(Role)

    explicit EventTailModel(int capacity = 500, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    const EventTailBuffer &buffer() const { return m_buffer; }
    TailFilter filter() const { return m_filter; }
    const SagaEvent &eventAt(int row) const { return m_shown.at(row); }
    // Why the tail cannot read (empty while it reads); shown instead of an empty list.
    QString problem() const { return m_problem; }

public slots:
    void append(const QVector<sagadeck::SagaEvent> &events);
    void setFilter(const sagadeck::TailFilter &filter);
    void setPaused(bool paused);
    void clear();
    void setProblem(const QString &problem);

signals:
    void problemChanged(const QString &problem);
    // While paused: events arrived and wait (buffer().waiting() says how many).
    void waitingChanged();

private:
    void insertNewest(int count);

    EventTailBuffer m_buffer;
    TailFilter m_filter;
    QVector<SagaEvent> m_shown; // m_buffer.matching(m_filter)
    QString m_problem;
};

} // namespace sagadeck
