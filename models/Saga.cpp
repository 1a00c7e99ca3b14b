#include "Saga.h"

#include "NamedValues.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// A status's two spellings side by side, so that a new status cannot get one and miss the other.
struct StatusWords
{
    QString name;  // as the database stores it
    QString label; // as people read it
};

StatusWords wordsFor(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return {u"STARTED"_s, u"Started"_s};
    case SagaStatus::InProgress: return {u"IN_PROGRESS"_s, u"In progress"_s};
    case SagaStatus::Compensating: return {u"COMPENSATING"_s, u"Compensating"_s};
    case SagaStatus::Completed: return {u"COMPLETED"_s, u"Completed"_s};
    case SagaStatus::Failed: return {u"FAILED"_s, u"Failed"_s};
    case SagaStatus::Compensated: return {u"COMPENSATED"_s, u"Compensated"_s};
    case SagaStatus::Unknown: break;
    }
    return {u"UNKNOWN"_s, u"Unknown"_s};
}
} // namespace

SagaStatus parseSagaStatus(const QString &text)
{
    return valueNamed(knownSagaStatuses, sagaStatusName, text).value_or(SagaStatus::Unknown);
}

QString sagaStatusName(SagaStatus status)
{
    return wordsFor(status).name;
}

QString sagaStatusLabel(SagaStatus status)
{
    return wordsFor(status).label;
}

bool isTerminal(SagaStatus status)
{
    return status == SagaStatus::Completed || status == SagaStatus::Failed || status == SagaStatus::Compensated;
}

QString SagaSummary::finishedWindowText() const
{
    const int m = finishedWindowMinutes;
    if (m % 60 != 0)
        return QStringLiteral("%1 min").arg(m);
    return m == 60 ? QStringLiteral("hour") : QStringLiteral("%1 h").arg(m / 60);
}

qint64 SagaStep::durationMs(const QDateTime &now) const
{
    if (!startedAt.isValid())
        return 0;
    return std::max<qint64>(0, startedAt.msecsTo(finishedAt.isValid() ? finishedAt : now));
}

} // namespace sagadeck
