#include "Saga.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaStatus parseSagaStatus(const QString &text)
{
    for (SagaStatus s : knownSagaStatuses)
        if (sagaStatusName(s) == text)
            return s;
    return SagaStatus::Unknown;
}

QString sagaStatusName(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return u"STARTED"_s;
    case SagaStatus::InProgress: return u"IN_PROGRESS"_s;
    case SagaStatus::Compensating: return u"COMPENSATING"_s;
    case SagaStatus::Completed: return u"COMPLETED"_s;
    case SagaStatus::Failed: return u"FAILED"_s;
    case SagaStatus::Compensated: return u"COMPENSATED"_s;
    case SagaStatus::Unknown: break;
    }
    return u"UNKNOWN"_s;
}

QString sagaStatusLabel(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return u"Started"_s;
    case SagaStatus::InProgress: return u"In progress"_s;
    case SagaStatus::Compensating: return u"Compensating"_s;
    case SagaStatus::Completed: return u"Completed"_s;
    case SagaStatus::Failed: return u"Failed"_s;
    case SagaStatus::Compensated: return u"Compensated"_s;
    case SagaStatus::Unknown: break;
    }
    return u"Unknown"_s;
}

bool isTerminal(SagaStatus status)
{
    return status == SagaStatus::Completed || status == SagaStatus::Failed
        || status == SagaStatus::Compensated;
}

qint64 SagaStep::durationMs(const QDateTime &now) const
{
    if (!startedAt.isValid())
        return 0;
    return std::max<qint64>(0, startedAt.msecsTo(finishedAt.isValid() ? finishedAt : now));
}

qint64 SagaSummary::total() const
{
    qint64 n = 0;
    for (qint64 c : byStatus)
        n += c;
    return n;
}

} // namespace sagadeck
