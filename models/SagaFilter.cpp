#include "SagaFilter.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString sagaColumnTitle(SagaColumn column)
{
    switch (column) {
    case SagaColumn::Id: return u"Saga id"_s;
    case SagaColumn::Type: return u"Type"_s;
    case SagaColumn::Status: return u"Status"_s;
    case SagaColumn::CurrentStep: return u"Current step"_s;
    case SagaColumn::Attempt: return u"Attempt"_s;
    case SagaColumn::LastError: return u"Last error"_s;
    case SagaColumn::CreatedAt: return u"Created (UTC)"_s;
    case SagaColumn::UpdatedAt: return u"Updated (UTC)"_s;
    }
    return {};
}

bool SagaFilter::isEmpty() const
{
    return statuses.isEmpty() && type.isEmpty() && step.isEmpty() && !updatedFrom.isValid() && !updatedTo.isValid()
        && search.trimmed().isEmpty();
}

QString SagaFilter::describe() const
{
    QStringList parts;
    if (!statuses.isEmpty()) {
        QStringList names;
        for (SagaStatus s : statuses)
            names << sagaStatusName(s);
        parts << u"status "_s + names.join(u'|');
    }
    if (!type.isEmpty())
        parts << u"type "_s + type;
    if (!step.isEmpty())
        parts << u"step "_s + step;
    if (updatedFrom.isValid())
        parts << u"updated ≥ "_s + updatedFrom.toUTC().toString(Qt::ISODate);
    if (updatedTo.isValid())
        parts << u"updated < "_s + updatedTo.toUTC().toString(Qt::ISODate);
    if (!search.trimmed().isEmpty())
        parts << u"matching \""_s + search.trimmed() + u'"';
    parts << u"sorted by "_s + sagaColumnTitle(sortColumn).toLower()
            + (sortOrder == Qt::DescendingOrder ? u" ↓"_s : u" ↑"_s);
    return parts.join(u", "_s);
}

bool SagaFilter::matches(const SagaRow &row, bool shown) const
{
    if (!statuses.isEmpty() && !statuses.contains(row.status))
        return false;
    if (!type.isEmpty() && row.type != type)
        return false;
    if (!step.isEmpty() && row.currentStep != step)
        return false;
    if (updatedFrom.isValid() && row.updatedAt < updatedFrom)
        return false;
    if (updatedTo.isValid() && row.updatedAt >= updatedTo)
        return false;
    const QString needle = search.trimmed();
    if (!needle.isEmpty()) {
        const QString id = row.id.toString(QUuid::WithoutBraces);
        if (!id.startsWith(needle, Qt::CaseInsensitive) && !row.lastError.contains(needle, Qt::CaseInsensitive))
            return shown;
    }
    return true;
}

} // namespace sagadeck
