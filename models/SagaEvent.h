#pragma once

#include <QMetaType>
#include <QString>
#include <QUuid>
#include <QVector>

namespace sagadeck {

// One message of the saga-events topic (docs/architecture.md §1), parsed. The payload is untrusted: a
// message that is not the contract's JSON is kept, marked malformed, with why.
struct SagaEvent
{
    int partition = 0;
    qint64 offset = -1;
    qint64 timestampMs = -1;
    QString key;
    QUuid sagaId;
    QString sagaType;
    QString type; // SAGA_STARTED, STEP_FAILED, ...
    QString step;
    QString status;
    QString at;
    QString raw;     // the payload as text (for malformed messages and tooltips)
    QString problem; // empty: well-formed

    bool malformed() const { return !problem.isEmpty(); }
    static SagaEvent parse(int partition, qint64 offset, qint64 timestampMs, const QByteArray &key,
                           const QByteArray &value);
};

} // namespace sagadeck

Q_DECLARE_METATYPE(sagadeck::SagaEvent)
Q_DECLARE_METATYPE(QVector<sagadeck::SagaEvent>)
